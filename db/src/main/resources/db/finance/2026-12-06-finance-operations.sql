--liquibase formatted sql

--changeset larder:finance-account-pos-default
--comment: The account a venue's POS money of one kind is booked into (its cash desk, its card acquiring): at most one per venue and kind, made on demand when the first receipt needs it. A business may keep other accounts of the same kind for the venue (a second till, a safe) without confusing the booking.
ALTER TABLE finance_account ADD COLUMN pos_default boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX finance_account_pos_default ON finance_account (tenant_id, venue_id, kind) WHERE pos_default;

--changeset larder:finance-transaction-shift
--comment: The cash shift a row of a shift's discrepancy belongs to: a late receipt of a closed shift books the difference between the discrepancy as known now and what its rows already hold.
ALTER TABLE finance_transaction ADD COLUMN shift_id uuid;
CREATE INDEX finance_transaction_by_shift ON finance_transaction (tenant_id, shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX finance_transaction_by_transfer ON finance_transaction (tenant_id, transfer_id) WHERE transfer_id IS NOT NULL;

--changeset larder:finance-recurrence
--comment: A recurring income or expense (monthly rent): a job books each occurrence on its day of the month (the last day in a shorter month) from its first date, as a RECURRENCE transaction whose source_id is derived from the recurrence and the date, so the unique index of operations books it at most once however often the job runs.
CREATE TABLE finance_recurrence (
    tenant_id    uuid           NOT NULL REFERENCES business (tenant_id),
    id           uuid           NOT NULL,
    account_id   uuid           NOT NULL,
    category_id  uuid           NOT NULL,
    venue_id     uuid,
    kind         varchar(10)    NOT NULL CHECK (kind IN ('INCOME', 'EXPENSE')),
    amount       numeric(19, 4) NOT NULL CHECK (amount > 0),
    day_of_month integer        NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
    starts_on    date           NOT NULL,
    ends_on      date,
    counterparty varchar(200),
    comment      varchar(1000),
    stopped      boolean        NOT NULL DEFAULT false,
    created_at   timestamptz    NOT NULL,
    version      bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES finance_account (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES finance_category (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    CONSTRAINT finance_recurrence_ends_after_start CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CALL larder_isolate_tenant('finance_recurrence');
