--liquibase formatted sql

--changeset larder:finance-account
--comment: Where money is kept: a venue's cash desk, a safe, a bank account, card acquiring. The balance at a moment is the opening balance plus the sum of the account's transactions up to it; nothing stores a balance.
CREATE TABLE finance_account (
    tenant_id       uuid           NOT NULL REFERENCES business (tenant_id),
    id              uuid           NOT NULL,
    venue_id        uuid,
    name            varchar(200)   NOT NULL,
    kind            varchar(20)    NOT NULL CHECK (kind IN ('CASH_DESK', 'SAFE', 'BANK', 'ACQUIRING')),
    opening_balance numeric(19, 4) NOT NULL,
    opening_date    date           NOT NULL,
    archived        boolean        NOT NULL DEFAULT false,
    created_at      timestamptz    NOT NULL,
    version         bigint         NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CREATE UNIQUE INDEX finance_account_name ON finance_account (tenant_id, lower(name));
CALL larder_isolate_tenant('finance_account');

--changeset larder:finance-category
--comment: Income and expense categories as a tree. system_key marks the categories operations book into (sales, refunds, supplier payments, cash in and out of shifts, shift discrepancies); in_pnl false for those whose amounts the P&L takes from operations' own ledgers instead (sales, refunds, supplier payments, moves of cash), so nothing is counted twice.
CREATE TABLE finance_category (
    tenant_id  uuid         NOT NULL REFERENCES business (tenant_id),
    id         uuid         NOT NULL,
    parent_id  uuid,
    name       varchar(200) NOT NULL,
    direction  varchar(10)  NOT NULL CHECK (direction IN ('INCOME', 'EXPENSE')),
    in_pnl     boolean      NOT NULL DEFAULT true,
    system_key varchar(40),
    archived   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES finance_category (tenant_id, id),
    CONSTRAINT finance_category_not_its_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX finance_category_system_key ON finance_category (tenant_id, system_key) WHERE system_key IS NOT NULL;
CALL larder_isolate_tenant('finance_category');

--changeset larder:finance-transaction
--comment: Money in or out of one account, append-only: amount is signed (+ into the account, - out of it). A transfer is two rows sharing transfer_id that sum to zero. A correction or cancellation is a new row that reverses (reverses_id) the one it corrects, never an update. source and source_id say which operation booked it (receipt, refund, shift event, supply payment, recurrence); the unique index makes every operation book at most once per account.
CREATE TABLE finance_transaction (
    tenant_id    uuid           NOT NULL REFERENCES business (tenant_id),
    id           uuid           NOT NULL,
    account_id   uuid           NOT NULL,
    kind         varchar(10)    NOT NULL CHECK (kind IN ('INCOME', 'EXPENSE', 'TRANSFER')),
    occurred_at  timestamptz    NOT NULL,
    amount       numeric(19, 4) NOT NULL CHECK (amount <> 0),
    category_id  uuid,
    venue_id     uuid,
    counterparty varchar(200),
    comment      varchar(1000),
    transfer_id  uuid,
    reverses_id  uuid,
    source       varchar(20)    NOT NULL CHECK (source IN ('MANUAL', 'RECEIPT', 'REFUND', 'SHIFT_EVENT', 'SUPPLY_PAYMENT', 'RECURRENCE', 'REVERSAL')),
    source_id    uuid,
    supply_id    uuid,
    created_at   timestamptz    NOT NULL,
    created_by   uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES finance_account (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES finance_category (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    FOREIGN KEY (tenant_id, reverses_id) REFERENCES finance_transaction (tenant_id, id),
    CONSTRAINT finance_transaction_transfer_has_no_category CHECK (kind <> 'TRANSFER' OR (transfer_id IS NOT NULL AND category_id IS NULL))
);
CREATE INDEX finance_transaction_by_account_time ON finance_transaction (tenant_id, account_id, occurred_at);
CREATE INDEX finance_transaction_by_time ON finance_transaction (tenant_id, occurred_at);
CREATE INDEX finance_transaction_by_supply ON finance_transaction (tenant_id, supply_id) WHERE supply_id IS NOT NULL;
CREATE UNIQUE INDEX finance_transaction_once ON finance_transaction (tenant_id, source, source_id, account_id)
    WHERE source IN ('RECEIPT', 'REFUND', 'SHIFT_EVENT', 'RECURRENCE');
CREATE UNIQUE INDEX finance_transaction_reversed_once ON finance_transaction (tenant_id, reverses_id) WHERE reverses_id IS NOT NULL;
CALL larder_isolate_tenant('finance_transaction');
REVOKE UPDATE, DELETE ON finance_transaction FROM larder_app;
