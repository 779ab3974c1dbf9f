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
-- The receipts stored before this table existed, read by the schema owner across businesses (FORCE lifted for the
-- statement and put back); the new table is isolated only after it is filled.
ALTER TABLE receipt NO FORCE ROW LEVEL SECURITY;
ALTER TABLE receipt_line NO FORCE ROW LEVEL SECURITY;
INSERT INTO receipt_total (tenant_id, venue_id, quarter, sales, refunds, sales_amount, refunds_amount, sales_discount,
                           refunds_discount)
SELECT r.tenant_id, r.venue_id, date_bin('15 minutes', r.closed_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       COUNT(*) FILTER (WHERE r.refund_of IS NULL), COUNT(*) FILTER (WHERE r.refund_of IS NOT NULL),
       COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NULL), 0),
       COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NOT NULL), 0),
       COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NULL), 0),
       COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NOT NULL), 0)
FROM receipt r
LEFT JOIN (SELECT tenant_id, receipt_id, SUM(discount) AS discount FROM receipt_line GROUP BY 1, 2) d
  ON d.tenant_id = r.tenant_id AND d.receipt_id = r.id
GROUP BY 1, 2, 3;
ALTER TABLE receipt FORCE ROW LEVEL SECURITY;
ALTER TABLE receipt_line FORCE ROW LEVEL SECURITY;
CALL larder_isolate_tenant('receipt_total');
