--liquibase formatted sql

--changeset larder:recipe-semi-finished-product
CREATE TABLE semi_finished_product (
    tenant_id  uuid         NOT NULL REFERENCES business (tenant_id),
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    dimension  varchar(10)  NOT NULL CHECK (dimension IN ('MASS', 'VOLUME', 'COUNT')),
    piece_size numeric(19, 6) CHECK (piece_size > 0),
    archived   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX semi_finished_product_name_unique ON semi_finished_product (tenant_id, lower(name));
CALL larder_isolate_tenant('semi_finished_product');

--changeset larder:recipe-tech-card
--comment: One version of the recipe of a product (a semi-finished product, or a dish of the menu), in force from valid_from.
CREATE TABLE tech_card (
    tenant_id      uuid           NOT NULL REFERENCES business (tenant_id),
    id             uuid           NOT NULL,
    product_id     uuid           NOT NULL,
    product_kind   varchar(10)    NOT NULL CHECK (product_kind IN ('SEMI', 'DISH')),
    valid_from     timestamptz    NOT NULL,
    yield_quantity numeric(19, 6) NOT NULL CHECK (yield_quantity > 0),
    portion_output numeric(19, 6) CHECK (portion_output > 0),
    notes          text,
    created_at     timestamptz    NOT NULL,
    created_by     uuid,
    version        bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, product_id, valid_from)
);
CREATE INDEX tech_card_in_force ON tech_card (tenant_id, product_id, valid_from DESC);
CALL larder_isolate_tenant('tech_card');

--changeset larder:recipe-tech-card-line
CREATE TABLE tech_card_line (
    tenant_id            uuid           NOT NULL DEFAULT larder_current_tenant(),
    tech_card_id         uuid           NOT NULL,
    position             integer        NOT NULL,
    component_kind       varchar(12)    NOT NULL CHECK (component_kind IN ('INGREDIENT', 'SEMI')),
    component_id         uuid           NOT NULL,
    gross_quantity       numeric(19, 6) NOT NULL CHECK (gross_quantity > 0),
    entered_unit         varchar(5)     NOT NULL,
    processing_method_id uuid,
    loss_percent         numeric(5, 2)  NOT NULL CHECK (loss_percent >= 0 AND loss_percent < 100),
    net_quantity         numeric(19, 6) NOT NULL CHECK (net_quantity > 0),
    PRIMARY KEY (tenant_id, tech_card_id, position),
    FOREIGN KEY (tenant_id, tech_card_id) REFERENCES tech_card (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX tech_card_line_component ON tech_card_line (tenant_id, component_id);
CALL larder_isolate_tenant('tech_card_line');

--changeset larder:recipe-cost-price
--comment: Derived: the cost of one stock unit (kg, l, pcs; a portion for a dish) by the tech card in force, rebuilt by Costing.
CREATE TABLE cost_price (
    tenant_id   uuid           NOT NULL REFERENCES business (tenant_id),
    product_id  uuid           NOT NULL,
    cost        numeric(19, 6) NOT NULL,
    computed_at timestamptz    NOT NULL,
    PRIMARY KEY (tenant_id, product_id)
);
CALL larder_isolate_tenant('cost_price');

--changeset larder:recipe-cost-price-change
--comment: Append-only history of cost prices, with what moved them.
CREATE TABLE cost_price_change (
    tenant_id   uuid           NOT NULL REFERENCES business (tenant_id),
    id          bigserial      NOT NULL,
    product_id  uuid           NOT NULL,
    cost_before numeric(19, 6),
    cost_after  numeric(19, 6) NOT NULL,
    changed_at  timestamptz    NOT NULL,
    cause       varchar(20)    NOT NULL,
    cause_id    uuid,
    cause_name  varchar(200),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX cost_price_change_by_product ON cost_price_change (tenant_id, product_id, changed_at DESC);
CALL larder_isolate_tenant('cost_price_change');
REVOKE UPDATE, DELETE ON cost_price_change FROM larder_app;
