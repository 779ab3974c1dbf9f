--liquibase formatted sql

--changeset larder:stock-level-last-non-sale
--comment: The latest moment of a movement of the storage and item that is not a sale valued at the average (supplies, write-offs, transfers, stocktakes, returns, corrections, reversals). A sale after it lands among sales only, which do not change the average, so it is valued at the level's average without a replay (StockLedger's sales path). Raised by every posting that replays; never lowered.
ALTER TABLE stock_level ADD COLUMN last_non_sale_at timestamptz NOT NULL DEFAULT '-infinity';
-- The levels and movements booked before this column existed. The schema owner reads every business's rows for it,
-- so FORCE is lifted for this statement and put back.
ALTER TABLE stock_level NO FORCE ROW LEVEL SECURITY;
ALTER TABLE stock_movement NO FORCE ROW LEVEL SECURITY;
UPDATE stock_level l SET last_non_sale_at = m.moment
FROM (SELECT tenant_id, storage_id, item_id, MAX(moment) AS moment FROM stock_movement
      WHERE NOT (kind = 'SALE' AND valuation = 'AVERAGE') GROUP BY 1, 2, 3) m
WHERE m.tenant_id = l.tenant_id AND m.storage_id = l.storage_id AND m.item_id = l.item_id;
ALTER TABLE stock_movement FORCE ROW LEVEL SECURITY;
ALTER TABLE stock_level FORCE ROW LEVEL SECURITY;

--changeset larder:stock-level-delta
--comment: Derived: what sales on the sales path added to a storage and item since their stock_level row was last folded. Those sales take no lock of the level row (which would make every receipt of a busy venue wait for the one before it), so they append here; the level is the row plus its deltas (stock_level_now), and a background job folds the deltas into the row.
CREATE TABLE stock_level_delta (
    tenant_id  uuid           NOT NULL REFERENCES business (tenant_id),
    storage_id uuid           NOT NULL,
    item_id    uuid           NOT NULL,
    quantity   numeric(19, 6) NOT NULL,
    value      numeric(19, 6) NOT NULL
);
CREATE INDEX stock_level_delta_by_item ON stock_level_delta (tenant_id, storage_id, item_id) INCLUDE (quantity, value);
CALL larder_isolate_tenant('stock_level_delta');

--changeset larder:stock-level-now
--comment: The level of every storage and item as of now: its stock_level row plus the deltas not yet folded in. Security invoker, so the tables' row-level security applies to whoever reads it.
CREATE VIEW stock_level_now WITH (security_invoker = true) AS
SELECT l.tenant_id, l.storage_id, l.item_id,
       l.quantity + COALESCE(d.quantity, 0) AS quantity,
       l.value + COALESCE(d.value, 0) AS value,
       l.last_non_sale_at
FROM stock_level l
LEFT JOIN LATERAL (
    SELECT SUM(d.quantity) AS quantity, SUM(d.value) AS value FROM stock_level_delta d
    WHERE d.tenant_id = l.tenant_id AND d.storage_id = l.storage_id AND d.item_id = l.item_id) d ON true;
GRANT SELECT ON stock_level_now TO larder_app;
