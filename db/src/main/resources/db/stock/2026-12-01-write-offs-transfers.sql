--liquibase formatted sql

--changeset larder:stock-write-off
--comment: Stock leaving without a sale, from one storage. A draft moves nothing; posting books its lines into the stock ledger (document kind WRITE_OFF), whose movements carry the value: none is kept here, because a later document in the past may change it.
CREATE TABLE write_off (
    tenant_id      uuid          NOT NULL REFERENCES business (tenant_id),
    id             uuid          NOT NULL,
    written_off_at timestamptz   NOT NULL,
    storage_id     uuid          NOT NULL,
    comment        varchar(4000),
    status         varchar(10)   NOT NULL CHECK (status IN ('DRAFT', 'POSTED', 'CANCELLED')),
    created_at     timestamptz   NOT NULL,
    posted_at      timestamptz,
    cancelled_at   timestamptz,
    version        bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id)
);
CREATE INDEX write_off_by_moment ON write_off (tenant_id, written_off_at DESC, id);
CREATE INDEX write_off_by_storage ON write_off (tenant_id, storage_id, written_off_at DESC);
CALL larder_isolate_tenant('write_off');

--changeset larder:stock-write-off-line
--comment: quantity and unit as entered (unit PURCHASE: the ingredient's purchase unit), base_quantity in g, ml or pcs; a reason per line.
CREATE TABLE write_off_line (
    tenant_id     uuid           NOT NULL DEFAULT larder_current_tenant(),
    write_off_id  uuid           NOT NULL,
    position      integer        NOT NULL,
    ingredient_id uuid           NOT NULL,
    quantity      numeric(19, 6) NOT NULL CHECK (quantity > 0),
    unit          varchar(10)    NOT NULL CHECK (unit IN ('G', 'KG', 'ML', 'L', 'PCS', 'PURCHASE')),
    base_quantity numeric(19, 6) NOT NULL CHECK (base_quantity > 0),
    reason        varchar(12)    NOT NULL CHECK (reason IN ('SPOILED', 'STAFF_MEAL', 'BREAKAGE', 'TASTING', 'OTHER')),
    note          varchar(500),
    PRIMARY KEY (tenant_id, write_off_id, position),
    FOREIGN KEY (tenant_id, write_off_id) REFERENCES write_off (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE INDEX write_off_line_by_ingredient ON write_off_line (tenant_id, ingredient_id);
CALL larder_isolate_tenant('write_off_line');

--changeset larder:stock-transfer
--comment: Stock moved from one storage to another (of any venue of the business). Posting books a TRANSFER_OUT and a TRANSFER_IN per line (document kind TRANSFER), at the sender's unit cost.
CREATE TABLE transfer (
    tenant_id       uuid          NOT NULL REFERENCES business (tenant_id),
    id              uuid          NOT NULL,
    transferred_at  timestamptz   NOT NULL,
    from_storage_id uuid          NOT NULL,
    to_storage_id   uuid          NOT NULL,
    comment         varchar(4000),
    status          varchar(10)   NOT NULL CHECK (status IN ('DRAFT', 'POSTED', 'CANCELLED')),
    created_at      timestamptz   NOT NULL,
    posted_at       timestamptz,
    cancelled_at    timestamptz,
    version         bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, from_storage_id) REFERENCES storage (tenant_id, id),
    FOREIGN KEY (tenant_id, to_storage_id) REFERENCES storage (tenant_id, id),
    CONSTRAINT transfer_between_two_storages CHECK (from_storage_id <> to_storage_id)
);
CREATE INDEX transfer_by_moment ON transfer (tenant_id, transferred_at DESC, id);
CALL larder_isolate_tenant('transfer');

--changeset larder:stock-transfer-line
CREATE TABLE transfer_line (
    tenant_id     uuid           NOT NULL DEFAULT larder_current_tenant(),
    transfer_id   uuid           NOT NULL,
    position      integer        NOT NULL,
    ingredient_id uuid           NOT NULL,
    quantity      numeric(19, 6) NOT NULL CHECK (quantity > 0),
    unit          varchar(10)    NOT NULL CHECK (unit IN ('G', 'KG', 'ML', 'L', 'PCS', 'PURCHASE')),
    base_quantity numeric(19, 6) NOT NULL CHECK (base_quantity > 0),
    PRIMARY KEY (tenant_id, transfer_id, position),
    FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfer (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE INDEX transfer_line_by_ingredient ON transfer_line (tenant_id, ingredient_id);
CALL larder_isolate_tenant('transfer_line');
