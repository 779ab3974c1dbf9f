--liquibase formatted sql

--changeset larder:menu-category
--comment: Categories of the menu as a tree; position orders siblings.
CREATE TABLE menu_category (
    tenant_id  uuid         NOT NULL REFERENCES business (tenant_id),
    id         uuid         NOT NULL,
    parent_id  uuid,
    name       varchar(200) NOT NULL,
    position   integer      NOT NULL DEFAULT 0,
    archived   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES menu_category (tenant_id, id)
);
CREATE UNIQUE INDEX menu_category_name_unique
    ON menu_category (tenant_id, COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'), lower(name));
CALL larder_isolate_tenant('menu_category');

--changeset larder:menu-item
--comment: What a guest can buy: a dish made by a tech card, or a product sold as bought (one stock item each).
CREATE TABLE menu_item (
    tenant_id      uuid           NOT NULL REFERENCES business (tenant_id),
    id             uuid           NOT NULL,
    category_id    uuid           NOT NULL,
    kind           varchar(10)    NOT NULL CHECK (kind IN ('DISH', 'PRODUCT')),
    name           varchar(200)   NOT NULL,
    barcode        varchar(64),
    stock_item_id  uuid,
    stock_quantity numeric(19, 6) CHECK (stock_quantity > 0),
    on_sale        boolean        NOT NULL DEFAULT true,
    archived       boolean        NOT NULL DEFAULT false,
    created_at     timestamptz    NOT NULL,
    version        bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES menu_category (tenant_id, id),
    FOREIGN KEY (tenant_id, stock_item_id) REFERENCES ingredient (tenant_id, id),
    CONSTRAINT menu_item_product_has_stock_item CHECK (kind = 'DISH' OR (stock_item_id IS NOT NULL AND stock_quantity IS NOT NULL))
);
CREATE UNIQUE INDEX menu_item_name_unique ON menu_item (tenant_id, category_id, lower(name));
CREATE INDEX menu_item_by_name ON menu_item (tenant_id, lower(name));
CALL larder_isolate_tenant('menu_item');

--changeset larder:menu-price
--comment: The price of a menu item: the default (venue_id null) and, where a venue differs, that venue's.
CREATE TABLE menu_price (
    tenant_id    uuid           NOT NULL,
    id           uuid           NOT NULL,
    menu_item_id uuid           NOT NULL,
    venue_id     uuid,
    price        numeric(19, 4) NOT NULL CHECK (price >= 0),
    version      bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_item (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CREATE UNIQUE INDEX menu_price_one_per_venue
    ON menu_price (tenant_id, menu_item_id, COALESCE(venue_id, '00000000-0000-0000-0000-000000000000'));
CALL larder_isolate_tenant('menu_price');

--changeset larder:menu-modifier-group
CREATE TABLE modifier_group (
    tenant_id    uuid         NOT NULL REFERENCES business (tenant_id),
    id           uuid         NOT NULL,
    name         varchar(200) NOT NULL,
    min_selected integer      NOT NULL CHECK (min_selected >= 0),
    max_selected integer      NOT NULL CHECK (max_selected >= 1),
    archived     boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL,
    version      bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT modifier_group_min_within_max CHECK (min_selected <= max_selected)
);
CREATE UNIQUE INDEX modifier_group_name_unique ON modifier_group (tenant_id, lower(name));
CALL larder_isolate_tenant('modifier_group');

--changeset larder:menu-modifier-option
--comment: An option changes the price and may add an ingredient, or replace one of the dish's tech card.
CREATE TABLE modifier_option (
    tenant_id              uuid           NOT NULL DEFAULT larder_current_tenant(),
    group_id               uuid           NOT NULL,
    position               integer        NOT NULL,
    id                     uuid           NOT NULL,
    name                   varchar(200)   NOT NULL,
    price_delta            numeric(19, 4) NOT NULL,
    effect                 varchar(10)    NOT NULL CHECK (effect IN ('NONE', 'ADD', 'REPLACE')),
    ingredient_id          uuid,
    quantity               numeric(19, 6) CHECK (quantity > 0),
    replaces_ingredient_id uuid,
    PRIMARY KEY (tenant_id, group_id, position),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES modifier_group (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id),
    FOREIGN KEY (tenant_id, replaces_ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CALL larder_isolate_tenant('modifier_option');

--changeset larder:menu-item-modifier-group
CREATE TABLE menu_item_modifier_group (
    tenant_id    uuid    NOT NULL DEFAULT larder_current_tenant(),
    menu_item_id uuid    NOT NULL,
    position     integer NOT NULL,
    group_id     uuid    NOT NULL,
    PRIMARY KEY (tenant_id, menu_item_id, position),
    FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_item (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES modifier_group (tenant_id, id)
);
CALL larder_isolate_tenant('menu_item_modifier_group');

--changeset larder:menu-settings
--comment: One row per business: the food cost above which a menu item is highlighted.
CREATE TABLE menu_settings (
    tenant_id        uuid          NOT NULL REFERENCES business (tenant_id),
    id               uuid          NOT NULL,
    food_cost_target numeric(5, 2) NOT NULL CHECK (food_cost_target > 0 AND food_cost_target < 100),
    version          bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT menu_settings_one_per_business CHECK (id = tenant_id)
);
CALL larder_isolate_tenant('menu_settings');
