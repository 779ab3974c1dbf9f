--liquibase formatted sql

--changeset larder:stock-movement-total-stripes
--comment: Striped, as receipt_total: concurrent postings of one storage, kind and quarter hour no longer wait on one row until commit. Each writer adds to the stripe pg_backend_pid() % 16 of its connection; readers sum the stripes; LedgerTotals.foldStripes merges older quarters into stripe 0. The rows kept so far become stripe 0. Row-level security stays as it was (the table is altered, not made again).
ALTER TABLE stock_movement_total
    ADD COLUMN stripe smallint NOT NULL DEFAULT 0,
    DROP CONSTRAINT stock_movement_total_pkey,
    ADD PRIMARY KEY (tenant_id, quarter, storage_id, kind, stripe);
