--liquibase formatted sql

--changeset larder:stock-supplier
--comment: Companies the business buys from. Archived, never deleted: supplies refer to them.
CREATE TABLE supplier (
    tenant_id      uuid          NOT NULL REFERENCES business (tenant_id),
    id             uuid          NOT NULL,
    name           varchar(200)  NOT NULL,
    tax_id         varchar(50),
    phone          varchar(50),
    email          varchar(200),
    contact_person varchar(200),
    address        varchar(500),
    notes          varchar(4000),
    archived       boolean       NOT NULL DEFAULT false,
    created_at     timestamptz   NOT NULL,
    version        bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX supplier_name_unique ON supplier (tenant_id, lower(name));
CALL larder_isolate_tenant('supplier');

--changeset larder:stock-supply
--comment: A delivery from a supplier into a storage. Totals are the sums of the lines, VAT included; payable is what a posted supply still owes (finance reads it).
CREATE TABLE supply (
    tenant_id      uuid           NOT NULL REFERENCES business (tenant_id),
    id             uuid           NOT NULL,
    supplied_at    timestamptz    NOT NULL,
    storage_id     uuid           NOT NULL,
    supplier_id    uuid           NOT NULL,
    invoice_number varchar(100),
    comment        varchar(4000),
    status         varchar(10)    NOT NULL CHECK (status IN ('DRAFT', 'POSTED', 'CANCELLED')),
    total          numeric(19, 6) NOT NULL CHECK (total >= 0),
    vat_total      numeric(19, 6) NOT NULL CHECK (vat_total >= 0),
    amount_paid    numeric(19, 6) NOT NULL CHECK (amount_paid >= 0),
    paid           boolean        NOT NULL,
    payable        numeric(19, 6) GENERATED ALWAYS AS (CASE WHEN status = 'POSTED' THEN total - amount_paid ELSE 0 END) STORED,
    created_at     timestamptz    NOT NULL,
    posted_at      timestamptz,
    cancelled_at   timestamptz,
    version        bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES supplier (tenant_id, id)
);
CREATE INDEX supply_by_moment ON supply (tenant_id, supplied_at DESC, id);
CREATE INDEX supply_by_supplier ON supply (tenant_id, supplier_id, supplied_at DESC);
CALL larder_isolate_tenant('supply');

--changeset larder:stock-supply-line
--comment: quantity and unit as entered (unit PURCHASE: the ingredient's purchase unit), base_quantity in g, ml or pcs; total is the stock value (VAT included), vat_amount the VAT inside it.
CREATE TABLE supply_line (
    tenant_id     uuid           NOT NULL DEFAULT larder_current_tenant(),
    supply_id     uuid           NOT NULL,
    position      integer        NOT NULL,
    ingredient_id uuid           NOT NULL,
    quantity      numeric(19, 6) NOT NULL CHECK (quantity > 0),
    unit          varchar(10)    NOT NULL CHECK (unit IN ('G', 'KG', 'ML', 'L', 'PCS', 'PURCHASE')),
    base_quantity numeric(19, 6) NOT NULL CHECK (base_quantity > 0),
    priced_by     varchar(5)     NOT NULL CHECK (priced_by IN ('PRICE', 'TOTAL')),
    price         numeric(24, 10) NOT NULL CHECK (price >= 0),
    total         numeric(19, 6) NOT NULL CHECK (total >= 0),
    vat_rate      numeric(5, 2)  CHECK (vat_rate >= 0 AND vat_rate < 100),
    vat_amount    numeric(19, 6) NOT NULL CHECK (vat_amount >= 0),
    PRIMARY KEY (tenant_id, supply_id, position),
    FOREIGN KEY (tenant_id, supply_id) REFERENCES supply (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredient (tenant_id, id)
);
CREATE INDEX supply_line_by_ingredient ON supply_line (tenant_id, ingredient_id);
CALL larder_isolate_tenant('supply_line');

--changeset larder:stock-supply-settings
--comment: One row per business: the price deviation, in percent, above which a supply line is highlighted.
CREATE TABLE supply_settings (
    tenant_id                 uuid          NOT NULL REFERENCES business (tenant_id),
    id                        uuid          NOT NULL,
    price_deviation_threshold numeric(5, 2) NOT NULL CHECK (price_deviation_threshold >= 0 AND price_deviation_threshold < 1000),
    version                   bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT supply_settings_one_per_business CHECK (id = tenant_id)
);
CALL larder_isolate_tenant('supply_settings');
