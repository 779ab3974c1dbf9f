package app.larder.recipe;

import app.larder.platform.tenancy.TenantContext;
import jakarta.persistence.EntityManager;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What making a quantity of a product takes from stock: the gross quantity of every ingredient, in base units,
 * through every level of semi-finished products, each by the version of its tech card in force at one moment.
 * A sales write-off explodes what a receipt sold; the tech card in force at the sale decides, not today's.
 * <p>
 * One SQL statement for any number of products and any depth, walking the tree as {@link Costing} does: a line of a
 * card that makes {@code yield} contributes {@code quantity × gross / yield} of its component, and a semi-finished
 * component is opened the same way with that quantity. The products of the grosses and of the yields along a path
 * are carried apart and divided once at its end, so the only inexact step is that one division (numeric, at least
 * 16 significant digits and never fewer decimals than its operands). Nothing is rounded here: whoever books the
 * quantities rounds them once.
 */
@Service
public class RecipeExplosion {

    private static final String EXPLODE = """
            WITH RECURSIVE
            wanted(grp, product_id, quantity) AS (
                SELECT * FROM unnest(CAST(string_to_array(:groups, ',') AS integer[]),
                                     CAST(string_to_array(:ids, ',') AS uuid[]),
                                     CAST(string_to_array(:quantities, ',') AS numeric[]))
            ),
            expand(root_id, component_kind, component_id, gross, yield, num, den, depth) AS (
                SELECT p.product_id, l.component_kind, l.component_id, l.gross_quantity, c.yield_quantity,
                       CAST(l.gross_quantity AS numeric), CAST(c.yield_quantity AS numeric), 1
                FROM (SELECT DISTINCT product_id FROM wanted) p
                CROSS JOIN LATERAL (
                    SELECT t.id, t.yield_quantity FROM tech_card t
                    WHERE t.product_id = p.product_id AND t.valid_from <= :at
                    ORDER BY t.valid_from DESC LIMIT 1) c
                JOIN tech_card_line l ON l.tech_card_id = c.id
              UNION ALL
                SELECT e.root_id, l.component_kind, l.component_id, l.gross_quantity, c.yield_quantity,
                       e.num * l.gross_quantity, e.den * c.yield_quantity, e.depth + 1
                FROM expand e
                CROSS JOIN LATERAL (
                    SELECT t.id, t.yield_quantity FROM tech_card t
                    WHERE t.product_id = e.component_id AND t.valid_from <= :at
                    ORDER BY t.valid_from DESC LIMIT 1) c
                JOIN tech_card_line l ON l.tech_card_id = c.id
                WHERE e.component_kind = 'SEMI' AND e.depth < %d
            )
            SELECT 'INGREDIENT' AS what, w.grp, e.root_id, e.component_id, SUM(w.quantity * e.num / e.den) AS quantity,
                   SUM(e.gross / e.yield) FILTER (WHERE e.depth = 1) AS direct
            FROM wanted w JOIN expand e ON e.root_id = w.product_id
            WHERE e.component_kind = 'INGREDIENT'
            GROUP BY w.grp, e.root_id, e.component_id
            UNION ALL
            SELECT DISTINCT 'NO_CARD', w.grp, e.root_id, e.component_id, CAST(NULL AS numeric), CAST(NULL AS numeric)
            FROM wanted w JOIN expand e ON e.root_id = w.product_id
            WHERE e.component_kind = 'SEMI'
              AND NOT EXISTS (SELECT 1 FROM tech_card t WHERE t.product_id = e.component_id AND t.valid_from <= :at)
            UNION ALL
            SELECT 'NO_CARD', w.grp, w.product_id, w.product_id, CAST(NULL AS numeric), CAST(NULL AS numeric)
            FROM wanted w
            WHERE NOT EXISTS (SELECT 1 FROM tech_card t WHERE t.product_id = w.product_id AND t.valid_from <= :at)
            """.formatted(Costing.MAX_DEPTH);

    private final NamedParameterJdbcTemplate jdbc;
    private final EntityManager entityManager;

    RecipeExplosion(NamedParameterJdbcTemplate jdbc, EntityManager entityManager) {
        this.jdbc = jdbc;
        this.entityManager = entityManager;
    }

    /**
     * A product exploded. {@code ingredients}: ingredient id → gross base units for the whole {@code quantity}, at
     * every depth. {@code direct}: what the product's own card takes of each ingredient for ONE unit (a portion of a
     * dish, a base unit of a semi-finished product's yield) on its top level only, as a modifier that replaces an
     * ingredient counts it. {@code withoutCard}: the product itself, or semi-finished products inside it, that had no
     * tech card in force at the moment; they explode to nothing, so what was taken is not fully known.
     */
    public record Exploded(UUID productId, BigDecimal quantity, Map<UUID, BigDecimal> ingredients,
                           Map<UUID, BigDecimal> direct, Set<UUID> withoutCard) {

        /** True when the product itself had no tech card in force. */
        public boolean hasNoCard() {
            return withoutCard.contains(productId);
        }
    }

    /** One product (a dish in portions, or a semi-finished product in base units of its yield) at a moment. */
    @Transactional(readOnly = true)
    public Exploded explode(UUID productId, BigDecimal quantity, Instant at) {
        return explode(Map.of(productId, quantity), at).get(productId);
    }

    /**
     * Several products at once, each in its own quantity, by the tech cards in force at {@code at}: one statement.
     * Quantities must be positive.
     */
    @Transactional(readOnly = true)
    public Map<UUID, Exploded> explode(Map<UUID, BigDecimal> quantities, Instant at) {
        return explodeEach(List.of(quantities), at).get(0);
    }

    /**
     * Several sets of products at once (the dishes of each receipt of a batch), each set exploded apart exactly as
     * {@link #explode(Map, Instant)} would, all by the tech cards in force at {@code at}: one statement for all.
     * Each distinct product's tree is walked once per unit, however many sets hold it (a batch of receipts sells the
     * same few dishes over and over); each set's quantity then multiplies a path's grosses before its one division,
     * so the result is the same number as walking each set apart.
     */
    @Transactional(readOnly = true)
    public List<Map<UUID, Exploded>> explodeEach(List<Map<UUID, BigDecimal>> sets, Instant at) {
        TenantContext.requireTenant();
        Objects.requireNonNull(at, "at");
        List<Map<UUID, Exploded>> result = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> quantities = new ArrayList<>();
        for (int g = 0; g < sets.size(); g++) {
            for (Map.Entry<UUID, BigDecimal> e : sets.get(g).entrySet()) {
                if (e.getValue() == null || e.getValue().signum() <= 0) {
                    throw new IllegalArgumentException("a positive quantity of " + e.getKey());
                }
                groups.add(Integer.toString(g));
                ids.add(e.getKey().toString());
                quantities.add(e.getValue().toPlainString());
            }
        }
        List<Map<UUID, Map<UUID, BigDecimal>>> ingredients = new ArrayList<>();
        List<Map<UUID, Map<UUID, BigDecimal>>> direct = new ArrayList<>();
        List<Map<UUID, Set<UUID>>> withoutCard = new ArrayList<>();
        for (int g = 0; g < sets.size(); g++) {
            ingredients.add(new HashMap<>());
            direct.add(new HashMap<>());
            withoutCard.add(new HashMap<>());
        }
        if (!ids.isEmpty()) {
            // Tech cards saved earlier in the same transaction are read by SQL below.
            entityManager.flush();
            jdbc.query(EXPLODE, new MapSqlParameterSource()
                    .addValue("groups", String.join(",", groups))
                    .addValue("ids", String.join(",", ids))
                    .addValue("quantities", String.join(",", quantities))
                    .addValue("at", Timestamp.from(at)), rs -> {
                int g = rs.getInt("grp");
                UUID root = rs.getObject("root_id", UUID.class);
                UUID component = rs.getObject("component_id", UUID.class);
                if (rs.getString("what").equals("NO_CARD")) {
                    withoutCard.get(g).computeIfAbsent(root, k -> new LinkedHashSet<>()).add(component);
                    return;
                }
                ingredients.get(g).computeIfAbsent(root, k -> new HashMap<>())
                        .put(component, rs.getBigDecimal("quantity"));
                BigDecimal top = rs.getBigDecimal("direct");
                if (top != null) {
                    direct.get(g).computeIfAbsent(root, k -> new HashMap<>()).put(component, top);
                }
            });
        }
        for (int g = 0; g < sets.size(); g++) {
            Map<UUID, Exploded> exploded = new LinkedHashMap<>();
            int group = g;
            sets.get(g).forEach((id, quantity) -> exploded.put(id, new Exploded(id, quantity,
                    Map.copyOf(ingredients.get(group).getOrDefault(id, Map.of())),
                    Map.copyOf(direct.get(group).getOrDefault(id, Map.of())),
                    Set.copyOf(withoutCard.get(group).getOrDefault(id, Set.of())))));
            result.add(exploded);
        }
        return result;
    }

    /**
     * True when some tech card took effect after {@code from} and at or before {@code to}: then two moments in that
     * stretch may explode differently, and a batch must not be exploded at one of them for all.
     */
    @Transactional(readOnly = true)
    public boolean cardChangedBetween(Instant from, Instant to) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM tech_card WHERE valid_from > :from AND valid_from <= :to)",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                Boolean.class));
    }
}
