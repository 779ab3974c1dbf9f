--liquibase formatted sql

--changeset larder:pos-receipt-total-stripes
--comment: Striped: a venue's receipts of one quarter hour no longer add to one row that every concurrent batch waits on until commit. Each writer adds to the stripe pg_backend_pid() % 16 of its connection, so concurrent transactions mostly touch different rows; readers sum the stripes; SalesTotals.foldStripes merges older quarters into stripe 0. The rows kept so far become stripe 0. Row-level security stays as it was (the table is altered, not made again).
ALTER TABLE receipt_total
    ADD COLUMN stripe smallint NOT NULL DEFAULT 0,
    DROP CONSTRAINT receipt_total_pkey,
    ADD PRIMARY KEY (tenant_id, quarter, venue_id, stripe);
