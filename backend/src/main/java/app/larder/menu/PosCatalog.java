package app.larder.menu;

import app.larder.business.Businesses;
import app.larder.platform.RuleViolation;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The menu as one venue's terminals see it: categories, what is on sale there at the venue's price, and modifier
 * groups; in full, or only what changed since a cursor.
 * <p>
 * The cursor is the oldest transaction still running when the catalog was read (the snapshot's xmin). Every row
 * carries the transaction that last changed it ({@code changed_xid}, kept by triggers), so "changed since" is
 * "changed by a transaction at or after that one": a transaction that commits late is still caught by the next
 * pull, at the price of sometimes sending a row twice. What was archived, taken off sale, lost its price or its
 * category goes into {@code deleted}.
 */
@Service
public class PosCatalog {

    private static final String CURSOR_PREFIX = "c1.";

    private final NamedParameterJdbcTemplate jdbc;
    private final Businesses businesses;

    PosCatalog(NamedParameterJdbcTemplate jdbc, Businesses businesses) {
        this.jdbc = jdbc;
        this.businesses = businesses;
    }

    public record Category(UUID id, String name, UUID parentId, int position) {
    }

    public record Item(UUID id, String name, UUID categoryId, MenuItem.Kind kind, BigDecimal price, String barcode,
                       List<UUID> modifierGroupIds, boolean onSale) {
    }

    public record Option(UUID id, String name, BigDecimal priceDelta) {
    }

    public record Group(UUID id, String name, int minSelected, int maxSelected, List<Option> options) {
    }

    /** {@code type} is category, item or modifierGroup. */
    public record Deleted(String type, UUID id) {
    }

    /**
     * {@code currency}: the business's, which prices are in (read in the same transaction as the rest); null when
     * nothing changed, as the answer then has no price.
     */
    public record Catalog(String cursor, boolean full, List<Category> categories, List<Item> items,
                          List<Group> modifierGroups, List<Deleted> deleted, Currency currency) {
    }

    /**
     * The cursor check of an incremental pull, in one statement and one snapshot: the new cursor, and whether any
     * category, menu item (a price or its modifier groups included: triggers touch the item) or modifier group
     * (its options included) changed in a transaction at or after the one the cursor names. Each table is asked
     * for its newest change only: one entry read backwards from its {@code (tenant_id, changed_xid)} index, a plan
     * that holds for any cursor. (A range condition on the cursor, {@code EXISTS (… changed_xid >= :since)}, gets a
     * generic plan after a few calls of the prepared statement that scans the whole table, every tenant's rows.)
     * The tenant is the transaction's, as row-level security filters anyway. Public for the benchmark's plan.
     * <p>
     * {@code ahead}: the cursor names a transaction after every one the database has begun (past the snapshot's
     * {@code xmax}, the next id to be assigned), so it was never issued. Cursors are {@code xid8}, the 64-bit form
     * with the epoch, which never wraps around, and are compared as such.
     */
    public static final String CHANGED_SINCE = """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS cursor,
                   CAST(CAST(:since AS text) AS xid8) > pg_snapshot_xmax(pg_current_snapshot()) AS ahead,
                   COALESCE((SELECT c.changed_xid FROM menu_category c WHERE c.tenant_id = larder_current_tenant()
                             ORDER BY c.changed_xid DESC LIMIT 1) >= CAST(CAST(:since AS text) AS xid8), false)
                   OR COALESCE((SELECT m.changed_xid FROM menu_item m WHERE m.tenant_id = larder_current_tenant()
                             ORDER BY m.changed_xid DESC LIMIT 1) >= CAST(CAST(:since AS text) AS xid8), false)
                   OR COALESCE((SELECT g.changed_xid FROM modifier_group g WHERE g.tenant_id = larder_current_tenant()
                             ORDER BY g.changed_xid DESC LIMIT 1) >= CAST(CAST(:since AS text) AS xid8), false)
                   AS changed""";

    /**
     * The whole catalog of a venue when {@code since} is null, else what changed since that cursor. An incremental
     * pull first asks {@link #CHANGED_SINCE}; when nothing changed, that one statement is the whole pull (the usual
     * case: terminals ask every few seconds), and the answer is empty with the new cursor. A cursor that is not of
     * the form the catalog gives, or ahead of every transaction begun, is refused ({@code pos.badCursor}, field
     * {@code since}): answering "nothing changed" to it would keep a terminal from every change until the database
     * caught up with its number.
     */
    @Transactional(readOnly = true)
    public Catalog pull(UUID venueId, String since) {
        Long from = since == null ? null : parse(since);
        String cursor;
        if (from == null) {
            cursor = CURSOR_PREFIX + jdbc.queryForObject(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", Map.of(), String.class);
        } else {
            Map<String, Object> check = jdbc.queryForMap(CHANGED_SINCE, Map.of("since", from));
            if (Boolean.TRUE.equals(check.get("ahead"))) {
                throw new RuleViolation("since", "pos.badCursor");
            }
            cursor = CURSOR_PREFIX + check.get("cursor");
            if (!Boolean.TRUE.equals(check.get("changed"))) {
                return new Catalog(cursor, false, List.of(), List.of(), List.of(), List.of(), null);
            }
        }
        MapSqlParameterSource params = new MapSqlParameterSource("venue", venueId)
                .addValue("since", from == null ? 0L : from);
        String changed = from == null ? "true" : "c.changed_xid >= CAST(CAST(:since AS text) AS xid8)";
        List<Category> categories = new ArrayList<>();
        List<Deleted> deleted = new ArrayList<>();
        jdbc.query("SELECT c.id, c.name, c.parent_id, c.position, c.archived FROM menu_category c WHERE " + changed
                + (from == null ? " AND NOT c.archived" : "") + " ORDER BY c.position, c.name", params, rs -> {
            UUID id = rs.getObject("id", UUID.class);
            if (rs.getBoolean("archived")) {
                deleted.add(new Deleted("category", id));
            } else {
                categories.add(new Category(id, rs.getString("name"), rs.getObject("parent_id", UUID.class),
                        rs.getInt("position")));
            }
        });
        List<Item> items = new ArrayList<>();
        String itemsChanged = from == null ? "SELECT id FROM menu_item"
                : "SELECT m.id FROM menu_item m WHERE m.changed_xid >= CAST(CAST(:since AS text) AS xid8) "
                + "UNION SELECT m.id FROM menu_item m JOIN menu_category c ON c.id = m.category_id WHERE " + changed;
        jdbc.query("""
                SELECT m.id, m.name, m.category_id, m.kind, m.barcode, m.on_sale, m.archived, c.archived AS gone,
                       COALESCE(vp.price, dp.price) AS price,
                       ARRAY(SELECT g.group_id FROM menu_item_modifier_group g WHERE g.menu_item_id = m.id
                             ORDER BY g.position) AS groups
                FROM menu_item m
                JOIN menu_category c ON c.id = m.category_id
                LEFT JOIN menu_price dp ON dp.menu_item_id = m.id AND dp.venue_id IS NULL
                LEFT JOIN menu_price vp ON vp.menu_item_id = m.id AND vp.venue_id = :venue
                WHERE m.id IN (%s)
                ORDER BY m.name, m.id""".formatted(itemsChanged), params, rs -> {
            UUID id = rs.getObject("id", UUID.class);
            BigDecimal price = rs.getBigDecimal("price");
            boolean sellable = rs.getBoolean("on_sale") && !rs.getBoolean("archived") && !rs.getBoolean("gone")
                    && price != null;
            if (sellable) {
                items.add(new Item(id, rs.getString("name"), rs.getObject("category_id", UUID.class),
                        MenuItem.Kind.valueOf(rs.getString("kind")), price, rs.getString("barcode"),
                        uuids(rs, "groups"), true));
            } else if (from != null) {
                deleted.add(new Deleted("item", id));
            }
        });
        Map<UUID, Group> groups = new LinkedHashMap<>();
        jdbc.query("SELECT c.id, c.name, c.min_selected, c.max_selected, c.archived FROM modifier_group c WHERE "
                + changed + (from == null ? " AND NOT c.archived" : "") + " ORDER BY c.name", params, rs -> {
            UUID id = rs.getObject("id", UUID.class);
            if (rs.getBoolean("archived")) {
                deleted.add(new Deleted("modifierGroup", id));
            } else {
                groups.put(id, new Group(id, rs.getString("name"), rs.getInt("min_selected"),
                        rs.getInt("max_selected"), new ArrayList<>()));
            }
        });
        if (!groups.isEmpty()) {
            jdbc.query("""
                    SELECT group_id, id, name, price_delta FROM modifier_option
                    WHERE group_id IN (:groups) ORDER BY group_id, position""",
                    new MapSqlParameterSource("groups", groups.keySet()), rs -> {
                        groups.get(rs.getObject("group_id", UUID.class)).options().add(new Option(
                                rs.getObject("id", UUID.class), rs.getString("name"), rs.getBigDecimal("price_delta")));
                    });
        }
        return new Catalog(cursor, from == null, categories, items, List.copyOf(groups.values()), deleted,
                businesses.current().getCurrency());
    }

    /** What a receipt needs to know of a sold item: its kind, and the options it may be sold with at their price. */
    public record SaleItem(UUID id, MenuItem.Kind kind, Map<UUID, BigDecimal> optionPrices) {
    }

    /** The items named, in one statement; unknown ids (or another business's) are absent. */
    @Transactional(readOnly = true)
    public Map<UUID, SaleItem> saleItems(java.util.Collection<UUID> ids) {
        Map<UUID, SaleItem> found = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.query("""
                SELECT m.id, m.kind, o.id AS option_id, o.price_delta
                FROM menu_item m
                LEFT JOIN menu_item_modifier_group g ON g.menu_item_id = m.id
                LEFT JOIN modifier_option o ON o.group_id = g.group_id
                WHERE m.id IN (:ids)""", new MapSqlParameterSource("ids", ids), rs -> {
            UUID id = rs.getObject("id", UUID.class);
            SaleItem item = found.computeIfAbsent(id, k -> {
                try {
                    return new SaleItem(k, MenuItem.Kind.valueOf(rs.getString("kind")), new java.util.HashMap<>());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            UUID option = rs.getObject("option_id", UUID.class);
            if (option != null) {
                item.optionPrices().put(option, rs.getBigDecimal("price_delta"));
            }
        });
        return found;
    }

    /** Exactly as the catalog writes them: no sign, no leading zero, ASCII digits only (parseLong takes more). */
    private static final java.util.regex.Pattern CURSOR = java.util.regex.Pattern.compile("c1\\.(0|[1-9][0-9]{0,18})");

    private static Long parse(String cursor) {
        if (CURSOR.matcher(cursor).matches()) {
            try {
                long xid = Long.parseLong(cursor.substring(CURSOR_PREFIX.length()));
                if (xid >= 0) {
                    return xid;
                }
            } catch (NumberFormatException e) {
                // falls through to the refusal
            }
        }
        throw new RuleViolation("since", "pos.badCursor");
    }

    private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
    }
}
