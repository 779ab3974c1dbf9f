--liquibase formatted sql

--changeset larder:pos-cash-shift-event
--comment: What a terminal reports of a cashier's shift: opening cash, cash in and out, counted cash at close. Ids are the terminal's; a shift is the events sharing a shift_id. Append-only.
CREATE TABLE cash_shift_event (
    tenant_id    uuid           NOT NULL REFERENCES business (tenant_id),
    id           uuid           NOT NULL,
    shift_id     uuid           NOT NULL,
    venue_id     uuid           NOT NULL,
    device_id    uuid           NOT NULL,
    type         varchar(10)    NOT NULL CHECK (type IN ('open', 'cashIn', 'cashOut', 'close')),
    at           timestamptz    NOT NULL,
    amount       numeric(19, 4) NOT NULL CHECK (amount >= 0),
    comment      varchar(500),
    content_hash varchar(64)    NOT NULL,
    received_at  timestamptz    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES pos_device (tenant_id, id)
);
CREATE INDEX cash_shift_event_by_shift ON cash_shift_event (tenant_id, shift_id);
CREATE INDEX cash_shift_event_by_venue ON cash_shift_event (tenant_id, venue_id, at);
-- One opening and one closing per shift.
CREATE UNIQUE INDEX cash_shift_event_one_open_close ON cash_shift_event (tenant_id, shift_id, type)
    WHERE type IN ('open', 'close');
CALL larder_isolate_tenant('cash_shift_event');
REVOKE UPDATE, DELETE ON cash_shift_event FROM larder_app;

CREATE INDEX receipt_by_shift ON receipt (tenant_id, shift_id) WHERE shift_id IS NOT NULL;
