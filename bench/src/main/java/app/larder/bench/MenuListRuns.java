package app.larder.bench;

import app.larder.menu.MenuItems;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * (c) The menu list with costs, 50 rows a page: every generated dish becomes a menu item in one of 20 categories
 * with a default price, then {@code MenuItems.list} (the one statement behind the menu page and the API list) is
 * timed for the first and a far page by name, the highest food cost first, a search and a category.
 */
@Component
class MenuListRuns {

    private final MenuItems items;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    MenuListRuns(MenuItems items, NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.items = items;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Generates the menu and returns the timings, in ms, of the measured runs. */
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
            jdbc.update("ANALYZE menu_item", none);
            jdbc.update("ANALYZE menu_price", none);
            return made;
        }));
        System.out.printf("%n(c) the menu list: %,d menu items in 20 categories made in %,d ms%n", count,
                (System.nanoTime() - started) / 1_000_000);
        List<Supplier<Integer>> pages = List.of(
                () -> items.list(query(null, null), 0, 50, "name", false).getNumberOfElements(),
                () -> items.list(query(null, null), 300, 50, "name", false).getNumberOfElements(),
                () -> items.list(query(null, null), 0, 50, "foodCost", true).getNumberOfElements(),
                () -> items.list(query("dish 12", null), 0, 50, "name", false).getNumberOfElements(),
                () -> items.list(query(null, "Category 7"), 0, 50, "price", true).getNumberOfElements());
        String[] names = {"by name, page 1", "by name, page 301", "highest food cost first", "search \"dish 12\"",
                "one category, by price"};
        List<Double> measured = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            Supplier<Integer> page = pages.get(p);
            List<Double> mine = new ArrayList<>();
            for (int i = 0; i < warmups + runs; i++) {
                long t = System.nanoTime();
                int rows = TenantContext.callAs(actor, page::get);
                double ms = (System.nanoTime() - t) / 1e6;
                if (i >= warmups) {
                    mine.add(ms);
                }
                if (i == 0 && rows == 0) {
                    throw new IllegalStateException("The menu list page " + names[p] + " returned no rows");
                }
            }
            measured.addAll(mine);
            double[] v = mine.stream().mapToDouble(d -> d).sorted().toArray();
            System.out.printf("  %-28s median %6.1f ms, max %6.1f ms%n", names[p], v[v.length / 2], v[v.length - 1]);
        }
        return measured.stream().mapToDouble(d -> d).toArray();
    }

    private MenuItems.MenuQuery query(String text, String categoryName) {
        java.util.UUID category = categoryName == null ? null : jdbc.queryForObject(
                "SELECT md5(larder_current_tenant()::text || ':cat:' || :n)::uuid",
                new MapSqlParameterSource("n", categoryName.replace("Category ", "")), java.util.UUID.class);
        return new MenuItems.MenuQuery(text, category, null, null, false, false);
    }
}
