--liquibase formatted sql

--changeset larder:recipe-cost-price-exact
--comment: The cost before rounding, so a change of one unit cost can be added to it instead of recalculating recipes.
ALTER TABLE cost_price ADD COLUMN cost_exact numeric;
UPDATE cost_price SET cost_exact = cost;
ALTER TABLE cost_price ALTER COLUMN cost_exact SET NOT NULL;
