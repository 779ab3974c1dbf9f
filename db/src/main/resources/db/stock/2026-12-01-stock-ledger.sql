--liquibase formatted sql

--changeset larder:stock-movement
--comment: The stock ledger. Append-only: a balance is a sum of movements. Quantities in base units (g, ml, pcs), values in the business's currency.
CREATE TABLE stock_movement (
    tenant_id     uuid           NOT NULL REFERENCES business (tenant_id),
    id            uuid           NOT NULL,
    -- Booking order: breaks ties between movements of the same moment.
    seq           bigint         GENERATED ALWAYS AS IDENTITY,
    storage_id    uuid           NOT NULL,
    item_id       uuid           NOT NULL,
    moment        timestamptz    NOT NULL,
    kind          varchar(20)    NOT NULL CHECK (kind IN ('SUPPLY', 'WRITE_OFF', 'SALE', 'TRANSFER_OUT', 'TRANSFER_IN',
                                                          'SURPLUS', 'SHORTAGE', 'RETURN')),
    -- FIXED: the document sets the value; AVERAGE: quantity x weighted average before it; TRANSFER: minus the value
    -- of the linked TRANSFER_OUT; CORRECTION: a revaluation of corrects_id; REVERSAL: the cancellation of reverses_id.
    valuation     varchar(12)    NOT NULL CHECK (valuation IN ('FIXED', 'AVERAGE', 'TRANSFER', 'CORRECTION', 'REVERSAL')),
    quantity      numeric(19, 6) NOT NULL,
    value         numeric(19, 6) NOT NULL,
    document_kind varchar(20)    NOT NULL,
    document_id   uuid           NOT NULL,
    linked_id     uuid,
    corrects_id   uuid,
    reverses_id   uuid,
    -- The document whose posting or cancellation booked this row (for a correction, not its own document).
    caused_by     uuid           NOT NULL,
    booked_at     timestamptz    NOT NULL,
    booked_by     uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id),
    FOREIGN KEY (tenant_id, item_id) REFERENCES ingredient (tenant_id, id),
    CONSTRAINT stock_movement_correction_moves_value_only CHECK (corrects_id IS NULL OR quantity = 0)
);
CREATE INDEX stock_movement_by_item ON stock_movement (tenant_id, storage_id, item_id, moment, seq)
    INCLUDE (quantity, value);
CREATE INDEX stock_movement_by_document ON stock_movement (tenant_id, document_id);
CREATE INDEX stock_movement_corrections ON stock_movement (tenant_id, corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX stock_movement_reversals ON stock_movement (tenant_id, reverses_id) WHERE reverses_id IS NOT NULL;
CALL larder_isolate_tenant('stock_movement');
REVOKE UPDATE, DELETE ON stock_movement FROM larder_app;

--changeset larder:stock-level
--comment: Derived: the sum of every movement per storage and item, whatever its moment. The row is also the lock that orders postings into one storage and item; StockLedger.check() compares it with the ledger.
CREATE TABLE stock_level (
    tenant_id  uuid           NOT NULL REFERENCES business (tenant_id),
    storage_id uuid           NOT NULL,
    item_id    uuid           NOT NULL,
    quantity   numeric(19, 6) NOT NULL,
    value      numeric(19, 6) NOT NULL,
    PRIMARY KEY (tenant_id, storage_id, item_id)
);
CALL larder_isolate_tenant('stock_level');
