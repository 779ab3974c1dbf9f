--liquibase formatted sql

--changeset larder:pos-receipt
--comment: Receipts as terminals pushed them. The id is made by the terminal, so a repeated upload finds the receipt it already sent; content_hash tells a repeat from a different receipt under the same id. Append-only.
CREATE TABLE receipt (
    tenant_id    uuid           NOT NULL REFERENCES business (tenant_id),
    id           uuid           NOT NULL,
    venue_id     uuid           NOT NULL,
    device_id    uuid           NOT NULL,
    number       varchar(50),
    opened_at    timestamptz,
    closed_at    timestamptz    NOT NULL,
    shift_id     uuid,
    waiter       varchar(100),
    customer_id  uuid,
    total        numeric(19, 4) NOT NULL,
    refund_of    uuid,
    content_hash varchar(64)    NOT NULL,
    received_at  timestamptz    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES pos_device (tenant_id, id),
    FOREIGN KEY (tenant_id, refund_of) REFERENCES receipt (tenant_id, id),
    CONSTRAINT receipt_not_its_own_refund CHECK (refund_of IS DISTINCT FROM id)
);
CREATE INDEX receipt_by_venue_time ON receipt (tenant_id, venue_id, closed_at);
CREATE INDEX receipt_by_refund_of ON receipt (tenant_id, refund_of) WHERE refund_of IS NOT NULL;
CALL larder_isolate_tenant('receipt');
REVOKE UPDATE, DELETE ON receipt FROM larder_app;

--changeset larder:pos-receipt-line
--comment: amount = quantity x unit_price + the modifiers' price deltas - discount, as the terminal charged it.
CREATE TABLE receipt_line (
    tenant_id    uuid           NOT NULL DEFAULT larder_current_tenant(),
    receipt_id   uuid           NOT NULL,
    position     integer        NOT NULL,
    menu_item_id uuid           NOT NULL,
    quantity     numeric(19, 6) NOT NULL CHECK (quantity > 0),
    unit_price   numeric(19, 4) NOT NULL CHECK (unit_price >= 0),
    discount     numeric(19, 4) NOT NULL CHECK (discount >= 0),
    amount       numeric(19, 4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (tenant_id, receipt_id, position),
    FOREIGN KEY (tenant_id, receipt_id) REFERENCES receipt (tenant_id, id),
    FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_item (tenant_id, id)
);
CREATE INDEX receipt_line_by_item ON receipt_line (tenant_id, menu_item_id);
CALL larder_isolate_tenant('receipt_line');
REVOKE UPDATE, DELETE ON receipt_line FROM larder_app;

--changeset larder:pos-receipt-modifier
CREATE TABLE receipt_modifier (
    tenant_id     uuid           NOT NULL DEFAULT larder_current_tenant(),
    receipt_id    uuid           NOT NULL,
    line_position integer        NOT NULL,
    position      integer        NOT NULL,
    option_id     uuid           NOT NULL,
    quantity      numeric(19, 6) NOT NULL CHECK (quantity > 0),
    price_delta   numeric(19, 4) NOT NULL,
    PRIMARY KEY (tenant_id, receipt_id, line_position, position),
    FOREIGN KEY (tenant_id, receipt_id, line_position) REFERENCES receipt_line (tenant_id, receipt_id, position)
);
CALL larder_isolate_tenant('receipt_modifier');
REVOKE UPDATE, DELETE ON receipt_modifier FROM larder_app;

--changeset larder:pos-receipt-payment
CREATE TABLE receipt_payment (
    tenant_id  uuid           NOT NULL DEFAULT larder_current_tenant(),
    receipt_id uuid           NOT NULL,
    position   integer        NOT NULL,
    method     varchar(20)    NOT NULL CHECK (method IN ('cash', 'card', 'other')),
    amount     numeric(19, 4) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (tenant_id, receipt_id, position),
    FOREIGN KEY (tenant_id, receipt_id) REFERENCES receipt (tenant_id, id)
);
CALL larder_isolate_tenant('receipt_payment');
REVOKE UPDATE, DELETE ON receipt_payment FROM larder_app;
