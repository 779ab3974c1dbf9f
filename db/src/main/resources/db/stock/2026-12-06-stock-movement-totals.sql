--liquibase formatted sql

--changeset larder:stock-movement-total
--comment: Derived: the value of the stock ledger's movements per storage, kind and quarter hour (UTC) of their moment, corrections and reversals included (they carry the moment and kind of the movement they concern). The P&L's cost of goods sold, write-offs and stocktake results read it. StockLedger adds every movement it appends in the same transaction; LedgerTotals.check() compares it with the ledger and LedgerTotals.rebuild() makes it again.
CREATE TABLE stock_movement_total (
    tenant_id  uuid           NOT NULL REFERENCES business (tenant_id),
    storage_id uuid           NOT NULL,
    kind       varchar(20)    NOT NULL,
    quarter    timestamptz    NOT NULL,
    value      numeric(19, 6) NOT NULL,
    PRIMARY KEY (tenant_id, quarter, storage_id, kind),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id)
);
-- The movements booked before this table existed. The schema owner reads every business's ledger for it, so the
-- ledger's FORCE is lifted for this statement and put back, and the new table is isolated only after it is filled.
ALTER TABLE stock_movement NO FORCE ROW LEVEL SECURITY;
INSERT INTO stock_movement_total (tenant_id, storage_id, kind, quarter, value)
SELECT tenant_id, storage_id, kind, date_bin('15 minutes', moment, TIMESTAMPTZ '2000-01-01 00:00:00+00'), SUM(value)
FROM stock_movement GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0;
ALTER TABLE stock_movement FORCE ROW LEVEL SECURITY;
CALL larder_isolate_tenant('stock_movement_total');
