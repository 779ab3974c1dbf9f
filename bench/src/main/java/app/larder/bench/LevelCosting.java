package app.larder.bench;

import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * PROTOTYPE of a change to {@code Costing}, not used by the application: recalculation level by level. One query
 * finds the products to recalculate and the level of each (the longest chain of semi-finished products between it
 * and what changed); then one set-based statement per level prices each product from the lines of its own card
 * only, taking a semi-finished component at its stored {@code cost_price} (already recalculated at a lower level in
 * the same transaction). So each affected card is read once, instead of expanding every affected product's whole
 * tree down to its ingredients (Costing's {@code expand}), and the statements join by primary keys with ids the
 * planner can count, instead of recursive CTEs it misestimates by orders of magnitude.
 * <p>
 * A semantic difference, measured by the benchmark: a semi-finished component is taken at its stored cost (6
 * decimals per kg, l or pcs), as {@code TechCards.breakdown} already shows it, not at full precision.
 * <p>
 * Statements: 1 + the number of levels (5 with the generated business; at most {@code MAX_DEPTH} + 1).
 */
@Component
class LevelCosting {

    private static final int MAX_DEPTH = 32;

    private static final String CARDS_IN_FORCE = """
            card AS (
                SELECT DISTINCT ON (product_id) id, product_id
                FROM tech_card WHERE valid_from <= :at
                ORDER BY product_id, valid_from DESC
            )""";

    /**
     * Products using the given ingredients, with their in-force card and level (0: uses one directly). Each step of
     * the walk is a LATERAL sub-query fenced with OFFSET 0, so that PostgreSQL looks each component up in the index
     * tech_card_line_component instead of joining all semi-finished lines of the business at every step (what it
     * chooses for a plain join, misled by its estimate of the recursive CTE). A card is in force when no later
     * version of its product has started (index tech_card_in_force).
     */
    private static final String LEVELS_FOR_INGREDIENTS = """
            WITH RECURSIVE up(product_id, card_id, level) AS (
                SELECT x.product_id, x.id, 0
                FROM unnest(CAST(string_to_array(:ids, ',') AS uuid[])) i(id)
                CROSS JOIN LATERAL (%1$s WHERE l.component_id = i.id AND l.component_kind = 'INGREDIENT' %2$s) x
              UNION
                SELECT x.product_id, x.id, u.level + 1
                FROM up u
                CROSS JOIN LATERAL (%1$s WHERE l.component_id = u.product_id AND l.component_kind = 'SEMI' %2$s) x
                WHERE u.level < %3$d
            )
            SELECT card_id, max(level) FROM up GROUP BY card_id"""
            .formatted("SELECT c.product_id, c.id FROM tech_card_line l JOIN tech_card c ON c.id = l.tech_card_id",
                    """
                    AND c.valid_from <= :at AND NOT EXISTS (SELECT 1 FROM tech_card n WHERE n.product_id = c.product_id
                        AND n.valid_from > c.valid_from AND n.valid_from <= :at) OFFSET 0""", MAX_DEPTH);

    /** Every product with its in-force card and height (0: no semi-finished component). */
    private static final String LEVELS_ALL = """
            WITH RECURSIVE %s,
            up(product_id, card_id, level) AS (
                SELECT product_id, id, 0 FROM card
              UNION
                SELECT c.product_id, c.id, u.level + 1 FROM up u
                JOIN tech_card_line l ON l.component_kind = 'SEMI' AND l.component_id = u.product_id
                JOIN card c ON c.id = l.tech_card_id
                WHERE u.level < %d
            )
            SELECT card_id, max(level) FROM up GROUP BY card_id""".formatted(CARDS_IN_FORCE, MAX_DEPTH);

    /** Prices the given cards' products from their own lines; semi-finished components at their stored cost. */
    private static final String ONE_LEVEL = """
            WITH card AS (
                SELECT id, product_id, product_kind, yield_quantity FROM tech_card
                WHERE id = ANY(CAST(string_to_array(:cards, ',') AS uuid[]))
            ),
            line AS (
                SELECT tech_card_id, component_kind, component_id, gross_quantity FROM tech_card_line
                WHERE tech_card_id = ANY(CAST(string_to_array(:cards, ',') AS uuid[]))
            ),
            per_base AS (
                SELECT l.tech_card_id,
                       SUM(l.gross_quantity * CASE l.component_kind
                           WHEN 'INGREDIENT' THEN u.unit_cost / CASE u.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END
                           ELSE p.cost / CASE sc.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END END) AS cost
                FROM line l
                LEFT JOIN current_unit_cost u ON l.component_kind = 'INGREDIENT' AND u.item_id = l.component_id
                LEFT JOIN cost_price p ON l.component_kind = 'SEMI' AND p.product_id = l.component_id
                LEFT JOIN semi_finished_product sc ON l.component_kind = 'SEMI' AND sc.id = l.component_id
                GROUP BY l.tech_card_id
            ),
            computed AS (
                SELECT c.product_id,
                       ROUND(COALESCE(p.cost, 0) / c.yield_quantity
                             * CASE WHEN s.dimension IN ('MASS', 'VOLUME') THEN 1000 ELSE 1 END, 6) AS cost
                FROM card c
                LEFT JOIN per_base p ON p.tech_card_id = c.id
                LEFT JOIN semi_finished_product s ON c.product_kind = 'SEMI' AND s.id = c.product_id
            ),
            old AS (
                SELECT o.product_id, o.cost FROM cost_price o JOIN computed c ON c.product_id = o.product_id
            ),
            upsert AS (
                INSERT INTO cost_price (tenant_id, product_id, cost, computed_at)
                SELECT larder_current_tenant(), product_id, cost, :now FROM computed
                ON CONFLICT (tenant_id, product_id)
                DO UPDATE SET cost = EXCLUDED.cost, computed_at = EXCLUDED.computed_at
                WHERE cost_price.cost <> EXCLUDED.cost
                RETURNING product_id
            )
            INSERT INTO cost_price_change (tenant_id, product_id, cost_before, cost_after, changed_at, cause,
                                           cause_id, cause_name)
            SELECT larder_current_tenant(), c.product_id, o.cost, c.cost, :now, :cause, :causeId, :causeName
            FROM computed c LEFT JOIN old o ON o.product_id = c.product_id
            WHERE o.cost IS DISTINCT FROM c.cost""";

    private final NamedParameterJdbcTemplate jdbc;
    /** Milliseconds of each statement of the last recalculation: the levels query, then each level. */
    volatile String lastTimings = "";

    LevelCosting(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** As {@code Costing.onUnitCostChanged}; call inside the transaction that changed the unit costs. */
    int recalculateForIngredients(Set<UUID> ingredientIds, String cause, UUID causeId, String causeName) {
        return recalculate(LEVELS_FOR_INGREDIENTS, joined(ingredientIds), cause, causeId, causeName);
    }

    /** As {@code Costing.recalculateAll}; call inside a transaction. */
    int recalculateAll() {
        return recalculate(LEVELS_ALL, "", "recalculation", null, "Full recalculation");
    }

    private int recalculate(String levels, String ids, String cause, UUID causeId, String causeName) {
        TenantContext.requireTenant();
        Timestamp now = Timestamp.from(Instant.now());
        // Each statement is planned for the ids it is given: a generic plan, which the driver and the server switch
        // to after five executions, cannot know that one level has 2,500 cards and another 300.
        jdbc.update("SET LOCAL plan_cache_mode = force_custom_plan", new MapSqlParameterSource());
        long t = System.nanoTime();
        StringBuilder timings = new StringBuilder();
        TreeMap<Integer, List<UUID>> byLevel = new TreeMap<>();
        jdbc.query(levels,
                new MapSqlParameterSource("at", now).addValue("ids", ids),
                rs -> {
                    byLevel.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(rs.getObject(1, UUID.class));
                });
        timings.append("levels ").append((System.nanoTime() - t) / 1_000_000);
        int changed = 0;
        for (var level : byLevel.entrySet()) {
            t = System.nanoTime();
            changed += jdbc.update(ONE_LEVEL, new MapSqlParameterSource("cards", joined(level.getValue()))
                    .addValue("now", now).addValue("cause", cause).addValue("causeId", causeId)
                    .addValue("causeName", causeName));
            timings.append(", ").append(level.getKey()).append(": ").append(level.getValue().size()).append(" cards ")
                    .append((System.nanoTime() - t) / 1_000_000);
        }
        lastTimings = timings.toString();
        return changed;
    }

    private static String joined(java.util.Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
