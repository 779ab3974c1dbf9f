--liquibase formatted sql

--changeset larder:pos-receipt-total
--comment: Derived: the receipts of a venue per quarter hour (UTC) of their closing, so that the P&L of a year adds up some thousand rows instead of a million receipts. Quarter hours, not days: every time zone's midnight falls on one, so the row belongs to one local day in whatever zone the venue has now. Kept in the transaction that inserts the receipt (receipts are never updated); SalesTotals.check() compares it with the receipts and SalesTotals.rebuild() makes it again from them.
CREATE TABLE receipt_total (
    tenant_id        uuid           NOT NULL REFERENCES business (tenant_id),
    venue_id         uuid           NOT NULL,
    quarter          timestamptz    NOT NULL,
    sales            integer        NOT NULL,
    refunds          integer        NOT NULL,
    sales_amount     numeric(19, 4) NOT NULL,
    refunds_amount   numeric(19, 4) NOT NULL,
    sales_discount   numeric(19, 4) NOT NULL,
    refunds_discount numeric(19, 4) NOT NULL,
    PRIMARY KEY (tenant_id, quarter, venue_id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CALL larder_isolate_tenant('receipt_total');
