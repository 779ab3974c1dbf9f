--liquibase formatted sql

--changeset larder:stock-minimum
--comment: The least quantity of an item a business wants to keep, in base units (g, ml, pcs). Without a storage it is the minimum of the item's total over the storages; with one, of that storage alone.
CREATE TABLE stock_minimum (
    tenant_id  uuid           NOT NULL REFERENCES business (tenant_id),
    id         uuid           NOT NULL,
    item_id    uuid           NOT NULL,
    storage_id uuid,
    quantity   numeric(19, 6) NOT NULL CHECK (quantity > 0),
    updated_at timestamptz    NOT NULL,
    version    bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, item_id) REFERENCES ingredient (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id),
    CONSTRAINT stock_minimum_once UNIQUE NULLS NOT DISTINCT (tenant_id, item_id, storage_id)
);
CALL larder_isolate_tenant('stock_minimum');

--changeset larder:stock-snapshot
--comment: Derived: per storage and item, the sum of the movements before the start of a month (UTC). A balance reads the latest snapshot at or before its moment plus the movements since. Booking a movement deletes the snapshots of its storage and item from its moment on; StockSnapshots.refresh() adds the missing ones; the whole table may be emptied at any time.
CREATE TABLE stock_snapshot (
    tenant_id   uuid           NOT NULL REFERENCES business (tenant_id),
    storage_id  uuid           NOT NULL,
    item_id     uuid           NOT NULL,
    month_start timestamptz    NOT NULL,
    quantity    numeric(19, 6) NOT NULL,
    value       numeric(19, 6) NOT NULL,
    PRIMARY KEY (tenant_id, storage_id, item_id, month_start)
) WITH (fillfactor = 90);
CALL larder_isolate_tenant('stock_snapshot');
