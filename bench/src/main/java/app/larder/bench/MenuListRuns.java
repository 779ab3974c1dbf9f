package app.larder.bench;

import app.larder.business.Venues;
import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.MenuSettingsService;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * (c) The menu list with costs, 50 rows a page: every generated dish becomes a menu item in one of 20 categories
 * with a default price, then {@code MenuItems.list} (the one statement behind the menu page and the API list) is
 * timed for nine kinds of page: the first five are those measured first (2026-11-23), the others cover the category
 * sort, the items above the target, a venue's prices and the whole menu by price. Each run of the service goes with
 * a run of the first version's statement ({@link #FIRST_VERSION}, kept as the reference), alternately before and
 * after it, so that both figures meet the same load. Then each kind's statement is explained, and, on the same menu
 * with products, venue prices, archived items and ties added (rolled back), every sort and filter is checked
 * against the first version's statement.
 */
@Component
class MenuListRuns {

    /** How many of the kinds of page were measured on 2026-11-23: their figures stay comparable. */
    static final int FIRST_KINDS = 5;

    private final MenuItems items;
    private final MenuSettingsService settings;
    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;
    private final TransactionTemplate transaction;
    private final TransactionTemplate readOnly;
    private final JdbcTemplate owner;

    @Value("${bench.menu-list-check:true}")
    boolean check;
    @Value("${bench.output-dir}")
    Path outputDir;

    MenuListRuns(MenuItems items, MenuSettingsService settings, Venues venues, NamedParameterJdbcTemplate jdbc,
                 PlatformTransactionManager transactionManager, @LiquibaseDataSource DataSource ownerDataSource) {
        this.items = items;
        this.settings = settings;
        this.jdbc = jdbc;
        this.venues = venues;
        this.transaction = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    /** The first version's timings in the last run: the same runs as those {@link #run} returns. */
    private double[] firstVersionMs = new double[0];

    double[] firstVersionMs() {
        return firstVersionMs;
    }

    /** A kind of page: what {@code MenuItems.list} is asked, 50 rows a page. */
    private record Kind(String name, MenuItems.MenuQuery query, int page, String sort, boolean descending) {
    }

    /**
     * Generates the menu, times the kinds of page (each run of the service followed or preceded by one of the first
     * version's statement, so that both meet the same load), explains them and checks the results; returns the
     * timings of the service in ms.
     */
    double[] run(TenantContext.Actor actor, int warmups, int runs) {
        long started = System.nanoTime();
        int count = TenantContext.callAs(actor, () -> transaction.execute(status -> {
            MapSqlParameterSource none = new MapSqlParameterSource();
            jdbc.update("""
                    INSERT INTO menu_category (tenant_id, id, parent_id, name, position, archived, created_at, version)
                    SELECT larder_current_tenant(), md5(larder_current_tenant()::text || ':cat:' || g)::uuid, NULL,
                           'Category ' || g, g, false, now(), 0
                    FROM generate_series(1, 20) g""", none);
            int made = jdbc.update("""
                    INSERT INTO menu_item (tenant_id, id, category_id, kind, name, on_sale, archived, created_at, version)
                    SELECT larder_current_tenant(), c.product_id,
                           md5(larder_current_tenant()::text || ':cat:' || (1 + n % 20))::uuid, 'DISH',
                           'Dish ' || lpad(n::text, 5, '0'), true, false, now(), 0
                    FROM (SELECT product_id, row_number() OVER (ORDER BY product_id) AS n
                          FROM tech_card WHERE product_kind = 'DISH') c""", none);
            jdbc.update("""
                    INSERT INTO menu_price (tenant_id, id, menu_item_id, venue_id, price, version)
                    SELECT larder_current_tenant(), md5(m.id::text || ':price')::uuid, m.id, NULL,
                           ROUND(COALESCE(p.cost, 10) * 3 + 5, 2), 0
                    FROM menu_item m LEFT JOIN cost_price p ON p.product_id = m.id""", none);
            return made;
        }));
        // As autovacuum would have by then (ANALYZE as the application role is not allowed: it owns nothing).
        owner.execute("VACUUM (ANALYZE) menu_category, menu_item, menu_price");
        System.out.printf("%n(c) the menu list: %,d menu items in 20 categories made in %,d ms%n", count,
                (System.nanoTime() - started) / 1_000_000);
        UUID venue = TenantContext.callAs(actor, () -> transaction.execute(status -> jdbc.queryForObject(
                "SELECT id FROM venue LIMIT 1", new MapSqlParameterSource(), UUID.class)));
        UUID category7 = category(actor, 7);
        List<Kind> kinds = List.of(
                new Kind("by name, page 1", query(null, null, null, false), 0, "name", false),
                new Kind("by name, page 301", query(null, null, null, false), 300, "name", false),
                new Kind("highest food cost first", query(null, null, null, false), 0, "foodCost", true),
                new Kind("search \"dish 12\"", query("dish 12", null, null, false), 0, "name", false),
                new Kind("one category, by price", query(null, category7, null, false), 0, "price", true),
                new Kind("by category, page 201", query(null, null, null, false), 200, "category", false),
                new Kind("above the target only, by name", query(null, null, null, true), 0, "name", false),
                new Kind("a venue's prices, highest markup first", query(null, null, venue, false), 0, "markup",
                        true),
                new Kind("whole menu, by price", query(null, null, null, false), 0, "price", true));
        List<Double> measured = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> firstBefore = new ArrayList<>();
        System.out.printf("  %-40s %-36s %s%n", "kind of page (20,000 items)", "MenuItems.list", "first version's "
                + "statement, same runs");
        for (int k = 0; k < kinds.size(); k++) {
            Kind kind = kinds.get(k);
            List<Double> mine = new ArrayList<>();
            List<Double> old = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < warmups + runs; i++) {
                boolean oldFirst = i % 2 == 1;
                double oldMs = oldFirst ? timeFirstVersion(actor, kind) : 0;
                long t = System.nanoTime();
                Page<MenuItems.MenuRow> page = TenantContext.callAs(actor,
                        () -> items.list(kind.query(), kind.page(), 50, kind.sort(), kind.descending()));
                double ms = (System.nanoTime() - t) / 1e6;
                oldMs = oldFirst ? oldMs : timeFirstVersion(actor, kind);
                if (i >= warmups) {
                    mine.add(ms);
                    old.add(oldMs);
                }
                if (i == 0 && page.getNumberOfElements() == 0) {
                    throw new IllegalStateException("The menu list page " + kind.name() + " returned no rows");
                }
                total = page.getTotalElements();
            }
            measured.addAll(mine);
            before.addAll(old);
            if (k < FIRST_KINDS) {
                first.addAll(mine);
                firstBefore.addAll(old);
            }
            System.out.printf("  %-40s %-36s %s%n", kind.name() + " (" + String.format("%,d", total) + ")",
                    medianAndMax(mine), medianAndMax(old));
        }
        System.out.printf("  the first %d kinds: %s (first version: %s)%n", FIRST_KINDS, stats(first),
                stats(firstBefore));
        System.out.printf("  all %d kinds:       %s (first version: %s)%n", kinds.size(), stats(measured),
                stats(before));
        explain(actor, kinds);
        if (check) {
            check(actor, venue);
        }
        firstVersionMs = before.stream().mapToDouble(d -> d).toArray();
        return measured.stream().mapToDouble(d -> d).toArray();
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of the statement each kind of page ran, as MenuItems built it, with its parameters:
     * the execution time and the busiest nodes printed, the plan written to {@code explain-menu-list-<n>.txt}.
     */
    private void explain(TenantContext.Actor actor, List<Kind> kinds) {
        try {
            Files.createDirectories(outputDir);
            for (int k = 0; k < kinds.size(); k++) {
                Kind kind = kinds.get(k);
                List<String> plan = TenantContext.callAs(actor, () -> transaction.execute(status -> {
                    items.list(kind.query(), kind.page(), 50, kind.sort(), kind.descending());
                    StatementCapture.Statement statement = StatementCapture.last();
                    return jdbc.query("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql(), statement.params(),
                            (rs, n) -> rs.getString(1));
                }));
                Path file = outputDir.resolve("explain-menu-list-" + (k + 1) + ".txt");
                Files.write(file, plan);
                String time = plan.stream().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("?");
                System.out.printf("  EXPLAIN ANALYZE %-40s %s (%s)%n", kind.name(), time, file.getFileName());
                Plans.hotSpots(plan, 3).stream().skip(1).forEach(l -> System.out.println("      " + l));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double timeFirstVersion(TenantContext.Actor actor, Kind kind) {
        long t = System.nanoTime();
        TenantContext.callAs(actor, () -> readOnly.execute(status -> {
            if (kind.query().venueId() != null) {
                venues.get(kind.query().venueId());
            }
            return firstVersion(kind.query(), kind.page(), 50, kind.sort(), kind.descending());
        }));
        return (System.nanoTime() - t) / 1e6;
    }

    private static String medianAndMax(List<Double> values) {
        double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
        return String.format(Locale.ROOT, "median %6.1f ms, max %6.1f ms", median(v), v[v.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String stats(List<Double> values) {
        double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
        return String.format(Locale.ROOT, "min %.0f / median %.0f / p95 %.0f / max %.0f ms", v[0], median(v),
                CostingRuns.p95(v), v[v.length - 1]);
    }

    /**
     * The id of a generated category. (The first version of this benchmark looked it up outside a transaction, where
     * no tenant is set: its "one category" page was the whole menu by price.)
     */
    private UUID category(TenantContext.Actor actor, int n) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> jdbc.queryForObject(
                "SELECT md5(larder_current_tenant()::text || ':cat:' || :n)::uuid",
                new MapSqlParameterSource("n", String.valueOf(n)), UUID.class)));
    }

    private static MenuItems.MenuQuery query(String text, UUID category, UUID venue, boolean aboveTarget) {
        return new MenuItems.MenuQuery(text, category, null, venue, false, aboveTarget);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The check: MenuItems.list must return what the first version's statement returns, row for row.

    /** {@code MenuItems.LIST} as it was when (c) was first measured (2026-11-23): one statement over every item. */
    static final String FIRST_VERSION = """
            WITH rows AS (
                SELECT m.id, m.name, m.kind, m.category_id, c.name AS category_name, m.on_sale, m.archived,
                       COALESCE(vp.price, dp.price) AS price,
                       CASE m.kind WHEN 'DISH' THEN cp.cost
                            ELSE uc.unit_cost * m.stock_quantity / (CASE i.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END)
                       END AS cost
                FROM menu_item m
                JOIN menu_category c ON c.id = m.category_id
                LEFT JOIN menu_price dp ON dp.menu_item_id = m.id AND dp.venue_id IS NULL
                LEFT JOIN menu_price vp ON vp.menu_item_id = m.id AND vp.venue_id = CAST(:venueId AS uuid)
                LEFT JOIN cost_price cp ON cp.product_id = m.id
                LEFT JOIN ingredient i ON i.id = m.stock_item_id
                LEFT JOIN LATERAL (
                    SELECT u.unit_cost FROM ingredient_unit_cost u WHERE u.ingredient_id = m.stock_item_id
                    ORDER BY u.effective_at DESC, u.id DESC LIMIT 1) uc ON true
                WHERE (:includeArchived OR NOT m.archived)
                  AND (:text = '' OR lower(m.name) LIKE :text ESCAPE '\\' OR m.barcode = :barcode)
                  AND (CAST(:categoryId AS uuid) IS NULL OR m.category_id = CAST(:categoryId AS uuid))
                  AND (:kind = '' OR m.kind = :kind)
            ), priced AS (
                SELECT rows.*,
                       CASE WHEN cost > 0 AND price IS NOT NULL THEN (price - cost) / cost * 100 END AS markup,
                       CASE WHEN price > 0 AND cost IS NOT NULL THEN cost / price * 100 END AS food_cost
                FROM rows
            )
            SELECT *, COUNT(*) OVER () AS total FROM priced
            WHERE (NOT :aboveTargetOnly OR food_cost > :target)
            ORDER BY %s NULLS LAST, id
            LIMIT :limit OFFSET :offset""";

    private record Listed(List<MenuItems.MenuRow> rows, long total) {
    }

    /** The first version's list, mapped as it mapped it (its total: that of the first row, 0 without rows). */
    private Listed firstVersion(MenuItems.MenuQuery query, int page, int size, String sort, boolean descending) {
        String order = MenuItems.SORTS.getOrDefault(sort, MenuItems.SORTS.get("name"))
                + (descending ? " DESC" : " ASC");
        BigDecimal target = settings.foodCostTarget();
        String text = query.text() == null || query.text().isBlank() ? ""
                : "%" + query.text().trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("venueId", query.venueId() == null ? null : query.venueId().toString())
                .addValue("includeArchived", query.includeArchived())
                .addValue("text", text)
                .addValue("barcode", query.text() == null ? "" : query.text().trim())
                .addValue("categoryId", query.categoryId() == null ? null : query.categoryId().toString())
                .addValue("kind", query.kind() == null ? "" : query.kind().name())
                .addValue("aboveTargetOnly", query.aboveTargetOnly())
                .addValue("target", target)
                .addValue("limit", size)
                .addValue("offset", (long) page * size);
        long[] total = {0};
        List<MenuItems.MenuRow> rows = jdbc.query(FIRST_VERSION.formatted(order), params, (rs, n) -> {
            total[0] = rs.getLong("total");
            BigDecimal foodCost = rs.getBigDecimal("food_cost");
            return new MenuItems.MenuRow(rs.getObject("id", UUID.class), rs.getString("name"),
                    MenuItem.Kind.valueOf(rs.getString("kind")), rs.getObject("category_id", UUID.class),
                    rs.getString("category_name"), rs.getBoolean("on_sale"), rs.getBoolean("archived"),
                    rs.getBigDecimal("price"), rs.getBigDecimal("cost"), rs.getBigDecimal("markup"), foodCost,
                    foodCost != null && foodCost.compareTo(target) > 0);
        });
        return new Listed(rows, total[0]);
    }

    /**
     * Adds what the generated menu lacks, then compares {@code MenuItems.list} with {@link #FIRST_VERSION} for every
     * sort in both directions under the filters, whole lists and cut pages; all rolled back. Rows are compared as
     * records, so a price or a percentage must have the same scale too.
     */
    private void check(TenantContext.Actor actor, UUID venue) {
        UUID category1 = category(actor, 1);
        long started = System.nanoTime();
        int[] compared = {0, 0, 0};
        TenantContext.callAs(actor, () -> transaction.execute(status -> {
            status.setRollbackOnly();
            addVariety();
            settings.setFoodCostTarget(new BigDecimal("27.5"));
            List<MenuItems.MenuQuery> broad = List.of(
                    new MenuItems.MenuQuery(null, null, null, null, false, false),
                    new MenuItems.MenuQuery(null, null, null, venue, true, true));
            List<MenuItems.MenuQuery> narrow = List.of(
                    new MenuItems.MenuQuery("dish 12", null, null, null, false, false),
                    new MenuItems.MenuQuery("  Dish_0 ", null, null, null, false, false),
                    new MenuItems.MenuQuery("4820010", null, null, null, false, false),
                    new MenuItems.MenuQuery(null, category1, null, null, false, false),
                    new MenuItems.MenuQuery(null, null, MenuItem.Kind.PRODUCT, venue, true, false),
                    new MenuItems.MenuQuery(null, null, null, null, false, true),
                    new MenuItems.MenuQuery(null, null, null, venue, false, false),
                    new MenuItems.MenuQuery("dish 1", category1, MenuItem.Kind.DISH, venue, true, true));
            // Pages cut from the whole menu: the first, one far down, the last and the one after it.
            for (String sort : List.of("name", "category", "foodCost")) {
                for (MenuItems.MenuQuery q : broad) {
                    long all = items.list(q, 0, 1, sort, false).getTotalElements();
                    int last = (int) ((all - 1) / 50);
                    for (int page : new int[] {0, 137, last, last + 1}) {
                        compare(q, page, 50, sort, page == 137, compared);
                    }
                }
            }
            // Then whole lists, every sort both ways under every filter, on a sixteenth of the generated dishes
            // (and all that was added), so that the first version's statement does not take minutes.
            jdbc.update("""
                    DELETE FROM menu_price p USING menu_item m
                    WHERE p.menu_item_id = m.id AND m.kind = 'DISH' AND m.name ~ '^Dish [0-9]{5}$'
                      AND left(md5(m.id::text), 1) <> '0'""", new MapSqlParameterSource());
            jdbc.update("""
                    DELETE FROM menu_item m
                    WHERE m.kind = 'DISH' AND m.name ~ '^Dish [0-9]{5}$' AND left(md5(m.id::text), 1) <> '0'""",
                    new MapSqlParameterSource());
            for (String sort : List.of("name", "category", "price", "cost", "foodCost", "markup", "unknown")) {
                for (boolean descending : List.of(false, true)) {
                    for (MenuItems.MenuQuery q : broad) {
                        compare(q, 0, 30_000, sort, descending, compared);
                    }
                    for (MenuItems.MenuQuery q : narrow) {
                        compare(q, 0, 30_000, sort, descending, compared);
                    }
                }
            }
            return null;
        }));
        System.out.printf("  check: %,d lists (%,d rows; %d of them empty) equal to the first version's statement, "
                + "row for row, with totals, in %,d ms%n", compared[0], compared[1], compared[2],
                (System.nanoTime() - started) / 1_000_000);
    }

    private void compare(MenuItems.MenuQuery query, int page, int size, String sort, boolean descending,
                         int[] compared) {
        Page<MenuItems.MenuRow> got = items.list(query, page, size, sort, descending);
        Listed expected = firstVersion(query, page, size, sort, descending);
        long expectedTotal = new org.springframework.data.domain.PageImpl<>(expected.rows(),
                org.springframework.data.domain.PageRequest.of(page, size), expected.total()).getTotalElements();
        String what = query + " page " + page + " of " + size + " by " + sort + (descending ? " desc" : "");
        if (!got.getContent().equals(expected.rows()) || got.getTotalElements() != expectedTotal) {
            int at = 0;
            while (at < Math.min(got.getContent().size(), expected.rows().size())
                    && got.getContent().get(at).equals(expected.rows().get(at))) {
                at++;
            }
            throw new IllegalStateException("MenuItems.list differs from the first version for " + what
                    + ": totals " + got.getTotalElements() + " and " + expectedTotal + ", rows "
                    + got.getContent().size()
                    + " and " + expected.rows().size() + ", first difference at " + at + ": "
                    + (at < got.getContent().size() ? got.getContent().get(at) : "none") + " instead of "
                    + (at < expected.rows().size() ? expected.rows().get(at) : "none"));
        }
        compared[0]++;
        compared[1] += expected.rows().size();
        compared[2] += expected.rows().isEmpty() ? 1 : 0;
    }

    /**
     * Products (on ingredients with a history of unit costs, ties in time included), dishes without a cost, prices
     * missing, zero or a venue's own, archived items, barcodes, and names and category names that tie.
     */
    private void addVariety() {
        MapSqlParameterSource none = new MapSqlParameterSource();
        jdbc.update("""
                INSERT INTO menu_category (tenant_id, id, parent_id, name, position, archived, created_at, version)
                SELECT larder_current_tenant(), md5(larder_current_tenant()::text || ':cat:' || g)::uuid,
                       md5(larder_current_tenant()::text || ':cat:' || (g - 20))::uuid,
                       CASE g WHEN 21 THEN 'Category 3' ELSE 'CATEGORY 5' END, g, false, now(), 0
                FROM generate_series(21, 22) g""", none);
        jdbc.update("""
                INSERT INTO menu_item (tenant_id, id, category_id, kind, name, barcode, stock_item_id, stock_quantity,
                                       on_sale, archived, created_at, version)
                SELECT larder_current_tenant(), md5(larder_current_tenant()::text || ':product:' || g)::uuid,
                       md5(larder_current_tenant()::text || ':cat:'
                           || CASE WHEN g % 5 = 0 THEN 21 + g % 2 ELSE 1 + (g * 37 + 1) % 20 END)::uuid, 'PRODUCT',
                       CASE WHEN g % 3 = 0 THEN 'Product ' || g
                            ELSE 'Dish ' || lpad((g * 37 % 20000)::text, 5, '0') END,
                       CASE WHEN g % 10 = 0 THEN '48200' || g END, i.id, (g % 7 + 1) * 0.25, g % 3 <> 1, g % 11 = 0,
                       now(), 0
                FROM generate_series(1, 400) g
                JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ingredient) i ON i.n = g * 12""", none);
        jdbc.update("""
                INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at, source,
                                                  user_id, version)
                SELECT larder_current_tenant(), md5(m.id::text || ':cost:' || k)::uuid, m.stock_item_id,
                       17.5 * k + length(m.name), now() + interval '1 day', 'manual', NULL, 0
                FROM menu_item m, generate_series(1, 2) k
                WHERE m.kind = 'PRODUCT' AND (k = 1 AND m.stock_quantity > 1 OR k = 2 AND m.stock_quantity > 1.5)""",
                none);
        jdbc.update("""
                INSERT INTO menu_item (tenant_id, id, category_id, kind, name, on_sale, archived, created_at, version)
                SELECT larder_current_tenant(), md5(larder_current_tenant()::text || ':no-card:' || g)::uuid,
                       md5(larder_current_tenant()::text || ':cat:' || (1 + g % 22))::uuid, 'DISH',
                       'Dish without a card ' || g, true, false, now(), 0
                FROM generate_series(1, 50) g""", none);
        jdbc.update("""
                INSERT INTO menu_price (tenant_id, id, menu_item_id, venue_id, price, version)
                SELECT larder_current_tenant(), md5(m.id::text || ':price')::uuid, m.id, NULL,
                       CASE WHEN n % 5 = 0 THEN 0 ELSE 20 + n % 90 END, 0
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item
                      WHERE kind = 'PRODUCT' OR name LIKE 'Dish without%') m
                WHERE n % 4 <> 0""", none);
        jdbc.update("""
                INSERT INTO menu_price (tenant_id, id, menu_item_id, venue_id, price, version)
                SELECT larder_current_tenant(), md5(m.id::text || ':venue-price')::uuid, m.id, v.id,
                       CASE WHEN n % 70 = 0 THEN 0 ELSE ROUND(COALESCE(p.price, 40) * 1.15, 2) END, 0
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item) m
                CROSS JOIN (SELECT id FROM venue LIMIT 1) v
                LEFT JOIN menu_price p ON p.menu_item_id = m.id AND p.venue_id IS NULL
                WHERE n % 7 = 0""", none);
        jdbc.update("""
                UPDATE menu_price p SET price = CASE WHEN m.n % 2 = 0 THEN 0 ELSE p.price + 0.005 END
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item WHERE kind = 'DISH') m
                WHERE p.menu_item_id = m.id AND p.venue_id IS NULL AND m.n % 97 = 0""", none);
        jdbc.update("""
                DELETE FROM menu_price p
                USING (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item WHERE kind = 'DISH') m
                WHERE p.menu_item_id = m.id AND p.venue_id IS NULL AND m.n % 89 = 0""", none);
        jdbc.update("""
                UPDATE cost_price c SET cost = 0
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item WHERE kind = 'DISH') m
                WHERE c.product_id = m.id AND m.n % 61 = 0""", none);
        jdbc.update("""
                UPDATE menu_item m SET archived = true, barcode = CASE WHEN x.n % 2 = 0 THEN '4820010' END
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item WHERE kind = 'DISH') x
                WHERE m.id = x.id AND x.n % 53 = 0""", none);
        jdbc.update("""
                UPDATE menu_item m SET name = 'Dish_0 ' || x.n
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM menu_item WHERE kind = 'DISH') x
                WHERE m.id = x.id AND x.n % 401 = 0""", none);
    }
}
