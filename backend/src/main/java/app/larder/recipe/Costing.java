package app.larder.recipe;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.UnitCostChanged;
import jakarta.persistence.EntityManager;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cost prices of everything made, kept in {@code cost_price} and recalculated in sets, a few SQL statements per
 * change whatever the size of the menu. The cost of one stock unit of a product (1 kg of sauce, one portion of a
 * dish) is the sum over the lines of its tech card in force of gross quantity × unit cost of the component, through
 * every level of semi-finished products, divided by the card's yield. Full precision inside the statement; stored
 * with 6 decimals; rounded to the currency only on pages and documents.
 */
@Service
public class Costing {

    /** Deeper nesting than this is refused when tech cards are saved; the guard keeps a bad row from looping. */
    static final int MAX_DEPTH = 32;

    private static final String CARDS_IN_FORCE = """
            card AS (
                SELECT DISTINCT ON (product_id) id, product_id, product_kind, yield_quantity
                FROM tech_card WHERE valid_from <= :at
                ORDER BY product_id, valid_from DESC
            )""";

    /** The given products and every product that uses them, at any depth. */
    private static final String ROOTS_BY_PRODUCTS = """
            roots(product_id) AS (
                SELECT unnest(CAST(string_to_array(:ids, ',') AS uuid[]))
              UNION
                SELECT c.product_id FROM roots r
                JOIN tech_card_line l ON l.component_kind = 'SEMI' AND l.component_id = r.product_id
                JOIN card c ON c.id = l.tech_card_id
            )""";

    private static final String ROOTS_ALL = "roots(product_id) AS (SELECT product_id FROM card)";

    private static final String RECALCULATE = """
            WITH RECURSIVE %s, %s,
            expand(root_id, component_kind, component_id, factor, depth) AS (
                SELECT c.product_id, l.component_kind, l.component_id, l.gross_quantity / c.yield_quantity, 1
                FROM card c JOIN tech_card_line l ON l.tech_card_id = c.id
                WHERE c.product_id IN (SELECT product_id FROM roots)
              UNION ALL
                SELECT e.root_id, l.component_kind, l.component_id,
                       e.factor * l.gross_quantity / c.yield_quantity, e.depth + 1
                FROM expand e JOIN card c ON c.product_id = e.component_id
                JOIN tech_card_line l ON l.tech_card_id = c.id
                WHERE e.component_kind = 'SEMI' AND e.depth < %d
            ),
            per_base AS (
                SELECT e.root_id,
                       SUM(e.factor * u.unit_cost / CASE u.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END) AS cost
                FROM expand e JOIN current_unit_cost u ON u.item_id = e.component_id
                WHERE e.component_kind = 'INGREDIENT'
                GROUP BY e.root_id
            ),
            exact AS (
                SELECT c.product_id,
                       COALESCE(p.cost, 0) * CASE WHEN s.dimension IN ('MASS', 'VOLUME') THEN 1000 ELSE 1 END AS cost
                FROM card c
                JOIN roots r ON r.product_id = c.product_id
                LEFT JOIN per_base p ON p.root_id = c.product_id
                LEFT JOIN semi_finished_product s ON c.product_kind = 'SEMI' AND s.id = c.product_id
            ),
            computed AS (
                SELECT product_id, cost AS cost_exact, ROUND(cost, 6) AS cost FROM exact
            ),
            old AS (
                SELECT o.product_id, o.cost FROM cost_price o JOIN computed c ON c.product_id = o.product_id
            ),
            upsert AS (
                INSERT INTO cost_price (tenant_id, product_id, cost, cost_exact, computed_at)
                SELECT larder_current_tenant(), product_id, cost, cost_exact, :now FROM computed
                ON CONFLICT (tenant_id, product_id)
                DO UPDATE SET cost = EXCLUDED.cost, cost_exact = EXCLUDED.cost_exact, computed_at = EXCLUDED.computed_at
                RETURNING product_id
            )
            INSERT INTO cost_price_change (tenant_id, product_id, cost_before, cost_after, changed_at, cause,
                                           cause_id, cause_name)
            SELECT larder_current_tenant(), c.product_id, o.cost, c.cost, :now, :cause, :causeId, :causeName
            FROM computed c LEFT JOIN old o ON o.product_id = c.product_id
            WHERE o.cost IS DISTINCT FROM c.cost""";

    /**
     * A change of one unit cost, added to every product that uses the ingredient: Σ over the paths from the
     * ingredient up to the product of Π gross / yield, times the change per base unit. The products' exact costs
     * move by that much; nothing else of their recipes is read again.
     */
    private static final String ADD_UNIT_COST_CHANGE = """
            WITH RECURSIVE %s,
            uses(product_id, factor, depth) AS (
                SELECT c.product_id, l.gross_quantity / c.yield_quantity, 1
                FROM tech_card_line l JOIN card c ON c.id = l.tech_card_id
                WHERE l.component_kind = 'INGREDIENT' AND l.component_id = :ingredient
              UNION ALL
                SELECT c.product_id, u.factor * l.gross_quantity / c.yield_quantity, u.depth + 1
                FROM uses u
                JOIN tech_card_line l ON l.component_kind = 'SEMI' AND l.component_id = u.product_id
                JOIN card c ON c.id = l.tech_card_id
                WHERE u.depth < %d
            ),
            delta AS (
                SELECT u.product_id,
                       SUM(u.factor) * :perBase
                       * MAX(CASE WHEN s.dimension IN ('MASS', 'VOLUME') THEN 1000 ELSE 1 END) AS change
                FROM uses u
                LEFT JOIN semi_finished_product s ON s.id = u.product_id
                GROUP BY u.product_id
            ),
            old AS (
                SELECT p.product_id, p.cost, p.cost_exact + d.change AS cost_exact
                FROM cost_price p JOIN delta d ON d.product_id = p.product_id
            ),
            upd AS (
                UPDATE cost_price p SET cost_exact = o.cost_exact, cost = ROUND(o.cost_exact, 6), computed_at = :now
                FROM old o WHERE p.product_id = o.product_id
                RETURNING p.product_id
            )
            INSERT INTO cost_price_change (tenant_id, product_id, cost_before, cost_after, changed_at, cause,
                                           cause_id, cause_name)
            SELECT larder_current_tenant(), o.product_id, o.cost, ROUND(o.cost_exact, 6), :now, 'unit-cost',
                   :ingredient, :causeName
            FROM old o WHERE o.cost <> ROUND(o.cost_exact, 6)""";

    /** Products whose cost is missing or older than the version in force: these are recalculated in full. */
    private static final String STALE = """
            SELECT DISTINCT c.product_id FROM tech_card c
            LEFT JOIN cost_price p ON p.product_id = c.product_id
            WHERE c.valid_from <= :now AND (p.computed_at IS NULL OR p.computed_at < c.valid_from)""";

    private final NamedParameterJdbcTemplate jdbc;
    private final EntityManager entityManager;

    Costing(NamedParameterJdbcTemplate jdbc, EntityManager entityManager) {
        this.jdbc = jdbc;
        this.entityManager = entityManager;
    }

    /** What moved a cost price: an ingredient's unit cost, a tech card, or a full recalculation. */
    public record Cause(String kind, UUID id, String name) {
    }

    /** One change of a product's cost price. {@code before} is null for the first cost. */
    public record CostChange(BigDecimal before, BigDecimal after, Instant changedAt, String cause, UUID causeId,
                             String causeName) {
    }

    /**
     * Follows a unit cost change in the transaction that made it, so costs are never seen out of date: the change
     * is added to the exact cost of every product using the ingredient (see {@link #ADD_UNIT_COST_CHANGE}).
     * Products whose cost was stale before (a version that started since, or never costed) are then recalculated
     * in full, with their users, which overwrites whatever the addition did to them.
     */
    @EventListener
    public void onUnitCostChanged(UnitCostChanged event) {
        TenantContext.requireTenant();
        entityManager.flush();
        Instant now = Instant.now();
        MapSqlParameterSource params = new MapSqlParameterSource("now", java.sql.Timestamp.from(now));
        List<UUID> stale = jdbc.queryForList(STALE, params, UUID.class);
        BigDecimal before = event.before() == null ? BigDecimal.ZERO : event.before();
        BigDecimal perBase = event.after().subtract(before)
                .divide(event.dimension().stockUnit().baseUnits(), java.math.MathContext.DECIMAL128);
        if (perBase.signum() != 0) {
            jdbc.update(ADD_UNIT_COST_CHANGE.formatted(CARDS_IN_FORCE, MAX_DEPTH), params
                    .addValue("at", java.sql.Timestamp.from(now))
                    .addValue("ingredient", event.ingredientId())
                    .addValue("perBase", perBase)
                    .addValue("causeName", event.cause()));
        }
        if (!stale.isEmpty()) {
            recalculate(ROOTS_BY_PRODUCTS, Set.copyOf(stale), new Cause("unit-cost", event.ingredientId(),
                    event.cause()));
        }
    }

    /** Recalculates the products named and every product that uses them. Returns the number of costs changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int recalculateProducts(Set<UUID> productIds, Cause cause) {
        return recalculate(ROOTS_BY_PRODUCTS, productIds, cause);
    }

    /** Recalculates every cost price of the business from scratch. Returns the number of costs changed. */
    @Transactional
    public int recalculateAll() {
        return recalculate(ROOTS_ALL, Set.of(), new Cause("recalculation", null, "Full recalculation"));
    }

    /**
     * Recalculates the products whose tech card version in force started after their cost was last computed: a
     * version saved for a later date takes effect when its day comes. Returns the number of costs changed.
     */
    @Transactional
    public int recalculateStartedVersions() {
        List<UUID> started = jdbc.queryForList(STALE,
                new MapSqlParameterSource("now", java.sql.Timestamp.from(Instant.now())), UUID.class);
        return started.isEmpty() ? 0 : recalculate(ROOTS_BY_PRODUCTS, Set.copyOf(started),
                new Cause("tech-card", null, "A tech card version took effect"));
    }

    /** Current cost prices per stock unit (a portion for dishes); products never costed are absent. */
    @Transactional(readOnly = true)
    public Map<UUID, BigDecimal> costs(Collection<UUID> productIds) {
        Map<UUID, BigDecimal> costs = new HashMap<>();
        if (productIds.isEmpty()) {
            return costs;
        }
        jdbc.query("SELECT product_id, cost FROM cost_price "
                        + "WHERE product_id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))",
                new MapSqlParameterSource("ids", joined(productIds)),
                rs -> {
                    costs.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                });
        return costs;
    }

    @Transactional(readOnly = true)
    public List<CostChange> history(UUID productId, int limit) {
        return jdbc.query("""
                        SELECT cost_before, cost_after, changed_at, cause, cause_id, cause_name
                        FROM cost_price_change WHERE product_id = :id ORDER BY changed_at DESC, id DESC LIMIT :limit""",
                new MapSqlParameterSource("id", productId).addValue("limit", limit),
                (rs, n) -> new CostChange(rs.getBigDecimal(1), rs.getBigDecimal(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getObject(5, UUID.class),
                        rs.getString(6)));
    }

    /** Ids as one text parameter, split in SQL: a driver-independent way to pass a set. */
    private static String joined(Collection<UUID> ids) {
        return String.join(",", ids.stream().map(UUID::toString).toList());
    }

    private int recalculate(String roots, Set<UUID> ids, Cause cause) {
        TenantContext.requireTenant();
        entityManager.flush();
        Instant now = Instant.now();
        String sql = RECALCULATE.formatted(CARDS_IN_FORCE, roots, MAX_DEPTH);
        return jdbc.update(sql, new MapSqlParameterSource()
                .addValue("at", java.sql.Timestamp.from(now))
                .addValue("now", java.sql.Timestamp.from(now))
                .addValue("ids", joined(ids))
                .addValue("cause", cause.kind())
                .addValue("causeId", cause.id())
                .addValue("causeName", cause.name()));
    }
}
