--liquibase formatted sql

--changeset larder:menu-changed-by-transaction splitStatements:false
--comment: Each row of the menu carries the transaction that last changed it (itself or a part: a price, an option, its modifier groups), so terminals can pull only what changed since their last snapshot.
ALTER TABLE menu_category ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE menu_item ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE modifier_group ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX menu_category_changed ON menu_category (tenant_id, changed_xid);
CREATE INDEX menu_item_changed ON menu_item (tenant_id, changed_xid);
CREATE INDEX menu_item_by_category ON menu_item (tenant_id, category_id);
CREATE INDEX modifier_group_changed ON modifier_group (tenant_id, changed_xid);

CREATE FUNCTION larder_menu_row_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.changed_xid := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER menu_category_changed BEFORE UPDATE ON menu_category
    FOR EACH ROW EXECUTE FUNCTION larder_menu_row_changed();
CREATE TRIGGER menu_item_changed BEFORE UPDATE ON menu_item
    FOR EACH ROW EXECUTE FUNCTION larder_menu_row_changed();
CREATE TRIGGER modifier_group_changed BEFORE UPDATE ON modifier_group
    FOR EACH ROW EXECUTE FUNCTION larder_menu_row_changed();

-- A price or the list of modifier groups is part of its menu item; an option is part of its group.
CREATE FUNCTION larder_menu_item_part_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    v_item uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_item := OLD.menu_item_id;
    ELSE
        v_item := NEW.menu_item_id;
    END IF;
    UPDATE menu_item SET changed_xid = pg_current_xact_id()
    WHERE id = v_item AND changed_xid <> pg_current_xact_id();
    RETURN NULL;
END
$$;

CREATE FUNCTION larder_modifier_option_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    v_group uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_group := OLD.group_id;
    ELSE
        v_group := NEW.group_id;
    END IF;
    UPDATE modifier_group SET changed_xid = pg_current_xact_id()
    WHERE id = v_group AND changed_xid <> pg_current_xact_id();
    RETURN NULL;
END
$$;

CREATE TRIGGER menu_price_changed AFTER INSERT OR UPDATE OR DELETE ON menu_price
    FOR EACH ROW EXECUTE FUNCTION larder_menu_item_part_changed();
CREATE TRIGGER menu_item_modifier_group_changed AFTER INSERT OR UPDATE OR DELETE ON menu_item_modifier_group
    FOR EACH ROW EXECUTE FUNCTION larder_menu_item_part_changed();
CREATE TRIGGER modifier_option_changed AFTER INSERT OR UPDATE OR DELETE ON modifier_option
    FOR EACH ROW EXECUTE FUNCTION larder_modifier_option_changed();
