package app.larder.bench;

import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * PROTOTYPE of a change to {@code Costing} for unit cost changes only, not used by the application: instead of
 * recalculating the products that use the ingredient, add the change. One statement walks up from the ingredient
 * through the in-force cards (LATERAL index look-ups), summing per product the quantity of the ingredient in one
 * stock unit (or portion) of it over every path, and adds quantity × (new − old unit cost) to the stored cost.
 * <p>
 * What the real change needs besides this statement (the benchmark only measures the time):
 * <ul>
 *     <li>a full-precision column, e.g. {@code cost_price.cost_exact numeric NOT NULL}, to which the change is added
 *     ({@code cost} staying its 6-decimal rounding): adding to the rounded {@code cost}, as this prototype does,
 *     would drift by up to 0.0000005 per change;</li>
 *     <li>the old unit cost: the entry before the latest in {@code ingredient_unit_cost}, or carried by the
 *     event;</li>
 *     <li>products never costed yet (no {@code cost_price} row) inserted rather than updated; tech card changes and
 *     {@code recalculateAll} keep recalculating from the cards.</li>
 * </ul>
 */
@Component
class DeltaCosting {

    private static final String STEP = """
            SELECT c.product_id, c.product_kind, l.gross_quantity / c.yield_quantity AS qty
            FROM tech_card_line l JOIN tech_card c ON c.id = l.tech_card_id
            WHERE l.component_id = %s AND l.component_kind = '%s'
              AND c.valid_from <= :at AND NOT EXISTS (SELECT 1 FROM tech_card n WHERE n.product_id = c.product_id
                  AND n.valid_from > c.valid_from AND n.valid_from <= :at)
            OFFSET 0""";

    private static final String ADD_CHANGE = """
            WITH RECURSIVE up(product_id, product_kind, qty, level) AS (
                SELECT x.product_id, x.product_kind, x.qty, 0 FROM (%s) x
              UNION ALL
                SELECT x.product_id, x.product_kind, u.qty * x.qty, u.level + 1
                FROM up u CROSS JOIN LATERAL (%s) x
                WHERE u.level < 32
            ),
            delta AS (
                SELECT u.product_id,
                       SUM(u.qty) * :change / :perStockUnit
                       * CASE WHEN s.dimension IN ('MASS', 'VOLUME') THEN 1000 ELSE 1 END AS change
                FROM up u LEFT JOIN semi_finished_product s ON u.product_kind = 'SEMI' AND s.id = u.product_id
                GROUP BY u.product_id, s.dimension
            ),
            old AS (
                SELECT o.product_id, o.cost FROM cost_price o JOIN delta d ON d.product_id = o.product_id
            ),
            updated AS (
                UPDATE cost_price p SET cost = ROUND(p.cost + d.change, 6), computed_at = :now
                FROM delta d
                WHERE p.product_id = d.product_id AND ROUND(p.cost + d.change, 6) <> p.cost
                RETURNING p.product_id, p.cost
            )
            INSERT INTO cost_price_change (tenant_id, product_id, cost_before, cost_after, changed_at, cause,
                                           cause_id, cause_name)
            SELECT larder_current_tenant(), u.product_id, o.cost, u.cost, :now, 'unit-cost', :x, :name
            FROM updated u JOIN old o ON o.product_id = u.product_id"""
            .formatted(STEP.formatted(":x", "INGREDIENT"), STEP.formatted("u.product_id", "SEMI"));

    private final NamedParameterJdbcTemplate jdbc;

    DeltaCosting(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Call in the transaction that changed the unit cost of a mass or volume ingredient from old to new. */
    int addUnitCostChange(UUID ingredientId, String name, BigDecimal oldCost, BigDecimal newCost) {
        TenantContext.requireTenant();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("SET LOCAL plan_cache_mode = force_custom_plan", new MapSqlParameterSource());
        return jdbc.update(ADD_CHANGE, new MapSqlParameterSource("x", ingredientId).addValue("at", now)
                .addValue("now", now).addValue("change", newCost.subtract(oldCost))
                .addValue("perStockUnit", 1000).addValue("name", name));
    }
}
