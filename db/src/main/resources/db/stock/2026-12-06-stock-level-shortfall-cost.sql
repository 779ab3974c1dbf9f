--liquibase formatted sql

--changeset larder:stock-level-shortfall-cost
--comment: Derived: how the last replay of the storage and item values what a sale takes beyond the stock. Either at shortfall_unit_cost (the average after the last incoming movement), or, with shortfall_by_card, by the ingredient's card at each shortfall's own moment (the storage never had a cost of its own for it). Written by every posting that replays, cleared by one that appends without a replay (a cancellation). With it, a sale after the last movement that is not a sale goes the sales path even when stock is at or below zero. Before, each such sale replayed the whole stretch below zero, which in a business that never enters supplies is every sale since the first.
ALTER TABLE stock_level ADD COLUMN shortfall_unit_cost numeric;
ALTER TABLE stock_level ADD COLUMN shortfall_by_card boolean NOT NULL DEFAULT false;
