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
