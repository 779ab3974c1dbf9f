--liquibase formatted sql

--changeset larder:stock-ingredient
--comment: What recipes use up. Quantities are kept in the base unit of the dimension (g, ml, pcs).
CREATE TABLE ingredient (
    tenant_id          uuid         NOT NULL REFERENCES business (tenant_id),
    id                 uuid         NOT NULL,
    name               varchar(200) NOT NULL,
    category           varchar(100),
    dimension          varchar(10)  NOT NULL CHECK (dimension IN ('MASS', 'VOLUME', 'COUNT')),
    piece_size         numeric(19, 6) CHECK (piece_size > 0),
    purchase_unit_name varchar(50),
    purchase_unit_size numeric(19, 6) CHECK (purchase_unit_size > 0),
    archived           boolean      NOT NULL DEFAULT false,
    created_at         timestamptz  NOT NULL,
    version            bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ingredient_purchase_unit_whole CHECK ((purchase_unit_name IS NULL) = (purchase_unit_size IS NULL))
);
CREATE UNIQUE INDEX ingredient_name_unique ON ingredient (tenant_id, lower(name));
CALL larder_isolate_tenant('ingredient');

--changeset larder:stock-processing-method
CREATE TABLE processing_method (
    tenant_id     uuid          NOT NULL,
    id            uuid          NOT NULL,
    ingredient_id uuid          NOT NULL,
    name          varchar(100)  NOT NULL,
    loss_percent  numeric(5, 2) NOT NULL CHECK (loss_percent >= 0 AND loss_percent < 100),
    version       bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE UNIQUE INDEX processing_method_name_unique ON processing_method (tenant_id, ingredient_id, lower(name));
CALL larder_isolate_tenant('processing_method');

--changeset larder:stock-ingredient-unit-cost
--comment: Append-only history of unit costs per stock unit (kg, l, pcs); the current one is the latest effective.
CREATE TABLE ingredient_unit_cost (
    tenant_id     uuid           NOT NULL,
    id            uuid           NOT NULL,
    ingredient_id uuid           NOT NULL,
    unit_cost     numeric(19, 4) NOT NULL CHECK (unit_cost >= 0),
    effective_at  timestamptz    NOT NULL,
    source        varchar(20)    NOT NULL,
    user_id       uuid,
    version       bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE INDEX ingredient_unit_cost_latest ON ingredient_unit_cost (tenant_id, ingredient_id, effective_at DESC, id DESC);
CALL larder_isolate_tenant('ingredient_unit_cost');
REVOKE UPDATE, DELETE ON ingredient_unit_cost FROM larder_app;

--changeset larder:stock-current-unit-cost-view
--comment: Stock's public read model for set-based costing. security_invoker keeps RLS in force for the reader.
CREATE VIEW current_unit_cost WITH (security_invoker = true) AS
SELECT DISTINCT ON (c.tenant_id, c.ingredient_id)
       c.tenant_id, c.ingredient_id AS item_id, c.unit_cost, i.dimension
FROM ingredient_unit_cost c
JOIN ingredient i ON i.tenant_id = c.tenant_id AND i.id = c.ingredient_id
ORDER BY c.tenant_id, c.ingredient_id, c.effective_at DESC, c.id DESC;
GRANT SELECT ON current_unit_cost TO larder_app;
