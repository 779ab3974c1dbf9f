package app.larder.bench;

import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Fills a signed-up business with a large menu's worth of recipes in a few set-based statements (INSERT ... SELECT
 * over generate_series), as the tenant, so row-level security applies exactly as in the application.
 * <p>
 * Everything is deterministic: ids are md5 of the tenant and an index, "random" choices are md5 of the indexes. The
 * semi-finished products come in four levels (40 % use ingredients only; a level-k product uses at least one
 * product of level k-1 and possibly others below), so a dish can reach an ingredient through four levels of
 * nesting. One ingredient (number 1, the "target") is used by no card at first; {@link #placeTarget} then puts it
 * into level-1 products until about half the wanted dishes use it through nesting, and straight into enough other
 * dishes to make the wanted number exactly.
 */
@Component
class BusinessGenerator {

    /** What was generated, with the facts the benchmark prints. */
    record Generated(UUID target, int ingredients, int semis, int dishes, long cards, long lines,
                     int targetInSemis, int targetInDishes, Affected affected) {
    }

    /** Products whose cost depends on the target ingredient, found by a query of its own (not Costing's). */
    record Affected(int dishes, int directDishes, int semis, int deepestLevel) {
        int products() {
            return dishes + semis;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    BusinessGenerator(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** A pseudo-random integer in [0, mod) from an SQL text expression: the first 31 bits of its md5. */
    private static String h(String textExpression, long mod) {
        return "(((('x' || substr(md5(" + textExpression + "), 1, 8))::bit(32)::int) & 2147483647) % " + mod + ")";
    }

    static UUID ingredientId(UUID tenant, int index) {
        return md5Uuid(tenant + ":i:" + index);
    }

    private static UUID md5Uuid(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (d[i] & 0xff);
                lo = (lo << 8) | (d[i + 8] & 0xff);
            }
            return new UUID(hi, lo);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Generated generate(TenantContext.Actor actor, int ingredients, int semis, int dishes, int history,
                       int affectedDishes) {
        UUID tenant = actor.tenantId();
        int l1 = Math.round(semis * 0.4f);
        int l2 = Math.round(semis * 0.7f);
        int l3 = Math.round(semis * 0.9f);
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("p", tenant.toString())
                .addValue("ingredients", ingredients)
                .addValue("semis", semis)
                .addValue("dishes", dishes)
                .addValue("history", history)
                .addValue("l1", l1).addValue("l2", l2).addValue("l3", l3);
        as(actor, "ingredients and unit costs", () -> {
            jdbc.update("""
                    INSERT INTO ingredient (tenant_id, id, name, category, dimension, archived, created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':i:' || i)::uuid, 'Ingredient ' || lpad(i::text, 6, '0'),
                           'Category ' || (i % 40),
                           CASE WHEN i % 10 < 7 THEN 'MASS' WHEN i % 10 < 9 THEN 'VOLUME' ELSE 'COUNT' END,
                           false, now() - interval '60 days', 0
                    FROM generate_series(1, :ingredients) i""", p);
            jdbc.update("""
                    INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at, source,
                                                      user_id, version)
                    SELECT larder_current_tenant(), md5(:p || ':u:' || i || ':' || k)::uuid, md5(:p || ':i:' || i)::uuid,
                           round(1 + %s / 100.0, 2), now() - interval '30 days' + k * interval '1 minute', 'manual',
                           NULL, 0
                    FROM generate_series(1, :ingredients) i CROSS JOIN generate_series(1, :history) k"""
                    .formatted(h("i || ':' || k || ':cost'", 50_000)), p);
            return null;
        });
        as(actor, "semi-finished products and dishes", () -> {
            jdbc.update("""
                    INSERT INTO semi_finished_product (tenant_id, id, name, dimension, archived, created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':s:' || s)::uuid,
                           'Semi-finished ' || lpad(s::text, 5, '0'),
                           CASE WHEN s % 10 < 7 THEN 'MASS' ELSE 'VOLUME' END, false, now() - interval '60 days', 0
                    FROM generate_series(1, :semis) s""", p);
            jdbc.update("""
                    INSERT INTO tech_card (tenant_id, id, product_id, product_kind, valid_from, yield_quantity,
                                           created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':cs:' || s)::uuid, md5(:p || ':s:' || s)::uuid, 'SEMI',
                           now() - interval '30 days', 1000 + %s, now() - interval '30 days', 0
                    FROM generate_series(1, :semis) s""".formatted(h("s || ':yield'", 4001)), p);
            jdbc.update("""
                    INSERT INTO tech_card (tenant_id, id, product_id, product_kind, valid_from, yield_quantity,
                                           created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':cd:' || d)::uuid, md5(:p || ':d:' || d)::uuid, 'DISH',
                           now() - interval '30 days', 1, now() - interval '30 days', 0
                    FROM generate_series(1, :dishes) d""", p);
            return null;
        });
        as(actor, "tech card lines", () -> {
            // Ingredient lines of semi-finished products: 4-8 on level 1, 3-6 above. Never the target (index 1).
            jdbc.update(ingredientLines("s", ":semis", ":cs:",
                    "CASE WHEN s <= :l1 THEN 4 + " + h("s || ':n'", 5) + " ELSE 3 + " + h("s || ':n'", 4) + " END",
                    "5 + " + h("s || ':' || pos || ':q'", 396)), p);
            // Semi-finished lines of levels 2-4: the first from the level just below, 0-2 more from any level below.
            jdbc.update("""
                    INSERT INTO tech_card_line (tech_card_id, position, component_kind, component_id, gross_quantity,
                                                entered_unit, loss_percent, net_quantity)
                    SELECT md5(:p || ':cs:' || s)::uuid, 50 + q, 'SEMI', md5(:p || ':s:' || c.comp)::uuid, x.qty,
                           CASE WHEN c.comp %% 10 < 7 THEN 'G' ELSE 'ML' END, 0, x.qty
                    FROM generate_series(:l1 + 1, :semis) s
                    CROSS JOIN LATERAL (SELECT CASE WHEN s <= :l2 THEN 1 WHEN s <= :l3 THEN :l1 + 1 ELSE :l2 + 1 END AS lo,
                                               CASE WHEN s <= :l2 THEN :l1 WHEN s <= :l3 THEN :l2 ELSE :l3 END AS hi) r
                    CROSS JOIN LATERAL generate_series(1, 1 + %s) q
                    CROSS JOIN LATERAL (SELECT CASE WHEN q = 1 THEN r.lo + %s %% (r.hi - r.lo + 1)
                                                    ELSE 1 + %s %% r.hi END AS comp) c
                    CROSS JOIN LATERAL (SELECT 50 + %s AS qty) x"""
                    .formatted(h("s || ':ns'", 3), h("s || ':1:s'", 1_000_000_007L),
                            h("s || ':' || q || ':s'", 1_000_000_007L), h("s || ':' || q || ':sq'", 451)), p);
            // Dishes: 5-10 ingredient lines and 0-3 semi-finished products from any level.
            jdbc.update(ingredientLines("d", ":dishes", ":cd:", "5 + " + h("d || ':n'", 6),
                    "5 + " + h("d || ':' || pos || ':q'", 246)), p);
            jdbc.update("""
                    INSERT INTO tech_card_line (tech_card_id, position, component_kind, component_id, gross_quantity,
                                                entered_unit, loss_percent, net_quantity)
                    SELECT md5(:p || ':cd:' || d)::uuid, 50 + q, 'SEMI', md5(:p || ':s:' || c.comp)::uuid, x.qty,
                           CASE WHEN c.comp %% 10 < 7 THEN 'G' ELSE 'ML' END, 0, x.qty
                    FROM generate_series(1, :dishes) d
                    CROSS JOIN LATERAL generate_series(1, %s) q
                    CROSS JOIN LATERAL (SELECT 1 + %s AS comp) c
                    CROSS JOIN LATERAL (SELECT 20 + %s AS qty) x
                    WHERE q > 0"""
                    .formatted(h("d || ':ns'", 4), h("d || ':' || q || ':s'", semis),
                            h("d || ':' || q || ':sq'", 231)), p);
            return null;
        });
        UUID target = ingredientId(tenant, 1);
        int[] placed = placeTarget(actor, target, l1, affectedDishes);
        long cards = as(actor, null, () -> jdbc.queryForObject("SELECT count(*) FROM tech_card", p, Long.class));
        long lines = as(actor, null, () -> jdbc.queryForObject("SELECT count(*) FROM tech_card_line", p, Long.class));
        return new Generated(target, ingredients, semis, dishes, cards, lines, placed[0], placed[1],
                affected(actor, target));
    }

    /** Ingredient lines for every card of one kind; {@code ingredient % 10} gives its dimension, as above. */
    private static String ingredientLines(String v, String count, String cardKey, String lines, String quantity) {
        return """
                INSERT INTO tech_card_line (tech_card_id, position, component_kind, component_id, gross_quantity,
                                            entered_unit, loss_percent, net_quantity)
                SELECT md5(:p || '%3$s' || %1$s)::uuid, pos, 'INGREDIENT', md5(:p || ':i:' || i.ing)::uuid, x.qty,
                       CASE WHEN i.ing %% 10 < 7 THEN 'G' WHEN i.ing %% 10 < 9 THEN 'ML' ELSE 'PCS' END, 0, x.qty
                FROM generate_series(1, %2$s) %1$s
                CROSS JOIN LATERAL generate_series(1, %4$s) pos
                CROSS JOIN LATERAL (SELECT 2 + %5$s AS ing) i
                CROSS JOIN LATERAL (SELECT CASE WHEN i.ing %% 10 = 9 THEN 1 + %6$s ELSE %7$s END AS qty) x"""
                .formatted(v, count, cardKey, lines, h(v + " || ':' || pos || ':i'", 1_000_000_007L)
                                + " % (:ingredients - 1)",
                        h(v + " || ':' || pos || ':pcs'", 3), quantity);
    }

    /**
     * Puts the target ingredient into level-1 semi-finished products (in a fixed shuffled order, skipping any that
     * would overshoot) until about half of {@code wanted} dishes use it through nesting, then straight into other
     * dishes until exactly {@code wanted} dishes use it. Returns {semi cards, dish cards} given the target.
     */
    private int[] placeTarget(TenantContext.Actor actor, UUID target, int l1, int wanted) {
        return as(actor, "placing the target ingredient", () -> {
            List<Integer> order = new ArrayList<>();
            for (int s = 1; s <= l1; s++) {
                order.add(s);
            }
            Collections.shuffle(order, new Random(42));
            MapSqlParameterSource p = new MapSqlParameterSource()
                    .addValue("p", actor.tenantId().toString()).addValue("x", target);
            int inSemis = 0;
            int through = 0;
            for (int s : order) {
                if (through >= wanted / 2) {
                    break;
                }
                p.addValue("s", s);
                jdbc.update("""
                        INSERT INTO tech_card_line (tech_card_id, position, component_kind, component_id,
                                                    gross_quantity, entered_unit, loss_percent, net_quantity)
                        SELECT md5(:p || ':cs:' || :s)::uuid, 99, 'INGREDIENT', :x, 10 + %1$s, 'G', 0, 10 + %1$s"""
                        .formatted(h(":s || ':x'", 91)), p);
                int now = dishesUsing(p);
                if (now > wanted * 6 / 10) {
                    jdbc.update("DELETE FROM tech_card_line WHERE tech_card_id = md5(:p || ':cs:' || :s)::uuid "
                            + "AND position = 99", p);
                } else {
                    through = now;
                    inSemis++;
                }
            }
            int direct = Math.max(0, wanted - through);
            p.addValue("k", direct);
            jdbc.update("""
                    WITH RECURSIVE %2$s
                    INSERT INTO tech_card_line (tech_card_id, position, component_kind, component_id, gross_quantity,
                                                entered_unit, loss_percent, net_quantity)
                    SELECT c.id, 99, 'INGREDIENT', :x, 10 + %1$s, 'G', 0, 10 + %1$s
                    FROM tech_card c
                    WHERE c.product_kind = 'DISH' AND c.product_id NOT IN (SELECT product_id FROM users)
                    ORDER BY md5(c.id::text) LIMIT :k""".formatted(h("c.id::text", 91), USERS), p);
            return new int[]{inSemis, direct};
        });
    }

    /** Products using :x, directly or through semi-finished products, with the depth at which they reach it. */
    private static final String USERS = """
            users(product_id, level) AS (
                SELECT c.product_id, 0 FROM tech_card c JOIN tech_card_line l ON l.tech_card_id = c.id
                WHERE l.component_kind = 'INGREDIENT' AND l.component_id = :x
              UNION
                SELECT c.product_id, u.level + 1 FROM users u
                JOIN tech_card_line l ON l.component_kind = 'SEMI' AND l.component_id = u.product_id
                JOIN tech_card c ON c.id = l.tech_card_id
                WHERE u.level < 10
            )""";

    private int dishesUsing(MapSqlParameterSource p) {
        return jdbc.queryForObject("WITH RECURSIVE " + USERS + """
                SELECT count(DISTINCT c.product_id) FROM users u JOIN tech_card c ON c.product_id = u.product_id
                WHERE c.product_kind = 'DISH'""", p, Integer.class);
    }

    /** Counts, with a query independent of Costing, the products whose cost the target ingredient moves. */
    Affected affected(TenantContext.Actor actor, UUID target) {
        return as(actor, null, () -> jdbc.queryForObject("WITH RECURSIVE " + USERS + """
                        , per_product AS (
                            SELECT u.product_id, min(u.level) AS nearest, max(u.level) AS deepest
                            FROM users u GROUP BY u.product_id
                        )
                        SELECT count(*) FILTER (WHERE c.product_kind = 'DISH'),
                               count(*) FILTER (WHERE c.product_kind = 'DISH' AND p.nearest = 0),
                               count(*) FILTER (WHERE c.product_kind = 'SEMI'),
                               coalesce(max(p.deepest) FILTER (WHERE c.product_kind = 'DISH'), 0)
                        FROM per_product p JOIN tech_card c ON c.product_id = p.product_id""",
                new MapSqlParameterSource("x", target),
                (rs, n) -> new Affected(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4))));
    }

    private <T> T as(TenantContext.Actor actor, String step, Supplier<T> work) {
        long started = System.nanoTime();
        T result = TenantContext.callAs(actor, () -> transaction.execute(status -> work.get()));
        if (step != null) {
            System.out.printf("  generated %-36s %7d ms%n", step, (System.nanoTime() - started) / 1_000_000);
        }
        return result;
    }
}
