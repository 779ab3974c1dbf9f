--liquibase formatted sql

--changeset larder:stock-stocktake
--comment: An inventory count of a storage at a moment. category NULL counts every item, otherwise the ingredients of that category. Posting books the surplus and shortage into the stock ledger (document kind STOCKTAKE).
CREATE TABLE stocktake (
    tenant_id    uuid          NOT NULL REFERENCES business (tenant_id),
    id           uuid          NOT NULL,
    storage_id   uuid          NOT NULL,
    counted_at   timestamptz   NOT NULL,
    category     varchar(100),
    comment      varchar(4000),
    status       varchar(10)   NOT NULL CHECK (status IN ('DRAFT', 'POSTED', 'CANCELLED')),
    created_at   timestamptz   NOT NULL,
    posted_at    timestamptz,
    cancelled_at timestamptz,
    version      bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id)
);
CREATE INDEX stocktake_by_moment ON stocktake (tenant_id, counted_at DESC, id);
CREATE INDEX stocktake_by_storage ON stocktake (tenant_id, storage_id, counted_at DESC);
CALL larder_isolate_tenant('stocktake');

--changeset larder:stock-stocktake-line
--comment: One counted item: counted in base units (g, ml, pcs). An item with no line was not counted and books nothing. expected is the ledger's level at counted_at as read when the stocktake was posted (NULL while a draft).
CREATE TABLE stocktake_line (
    tenant_id     uuid           NOT NULL DEFAULT larder_current_tenant(),
    stocktake_id  uuid           NOT NULL,
    ingredient_id uuid           NOT NULL,
    counted       numeric(19, 6) NOT NULL CHECK (counted >= 0),
    expected      numeric(19, 6),
    PRIMARY KEY (tenant_id, stocktake_id, ingredient_id),
    FOREIGN KEY (tenant_id, stocktake_id) REFERENCES stocktake (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE INDEX stocktake_line_by_ingredient ON stocktake_line (tenant_id, ingredient_id);
CALL larder_isolate_tenant('stocktake_line');
