package app.larder.bench;

import app.larder.business.Businesses;
import app.larder.finance.ProfitAndLoss;
import app.larder.platform.tenancy.TenantContext;
import app.larder.pos.SalesTotals;
import app.larder.stock.LedgerTotals;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The P&L benchmark of issue 6: a business with 1,000,000 receipts over two years (lines, payments, sales write-off
 * movements), daily write-offs, monthly stocktake results, supplies and finance transactions, all generated
 * set-based; the derived totals made from them ({@code SalesTotals.rebuild}, {@code LedgerTotals.rebuild}) and
 * checked against the raw rows; then the P&L ({@link ProfitAndLoss#report}) of a month (target 500 ms) and of a year
 * (target 2 s), median and p95 of several runs, the same year summed from the raw rows for contrast, and the plans of
 * the statements. Run it with
 * <pre>
 *   mvn -q -B install -DskipTests -pl web -am &amp;&amp; mvn -q -B -f bench/pom.xml spring-boot:run \
 *       -Dspring-boot.run.main-class=app.larder.bench.FinanceBenchmark
 * </pre>
 * Options: {@code --bench.finance.receipts=1000000 --bench.finance.days=730 --bench.runs=10 --bench.warmups=3}.
 */
@Component
public class FinanceBenchmark {

    static final long TARGET_MONTH_MS = 500;
    static final long TARGET_YEAR_MS = 2_000;
    private static final int MENU_ITEMS = 40;
    private static final int INGREDIENTS = 80;
    private static final int CHUNK = 100_000;

    private final Businesses businesses;
    private final ProfitAndLoss pnl;
    private final SalesTotals salesTotals;
    private final LedgerTotals ledgerTotals;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcTemplate owner;

    @Value("${bench.finance.receipts:1000000}")
    long receipts;
    @Value("${bench.finance.days:730}")
    int days;
    @Value("${bench.warmups:3}")
    int warmups;
    @Value("${bench.runs:10}")
    int runs;

    private TenantContext.Actor actor;
    private final List<String> notes = new ArrayList<>();

    FinanceBenchmark(Businesses businesses, ProfitAndLoss pnl, SalesTotals salesTotals, LedgerTotals ledgerTotals,
                     NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                     @LiquibaseDataSource DataSource ownerDataSource) {
        this.businesses = businesses;
        this.pnl = pnl;
        this.salesTotals = salesTotals;
        this.ledgerTotals = ledgerTotals;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("larder-bench-pg-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        SpringApplication application = new SpringApplication(CostingBenchmark.class);
        application.setDefaultProperties(Map.of("larder.database.embedded.data-dir", dataDir.toString()));
        boolean ok;
        try (ConfigurableApplicationContext context = application.run(args)) {
            System.out.printf("Started the backend on an embedded PostgreSQL in %s in %d ms%n", dataDir,
                    (System.nanoTime() - started) / 1_000_000);
            ok = context.getBean(FinanceBenchmark.class).run();
        }
        System.exit(ok ? 0 : 1);
    }

    boolean run() {
        System.out.printf("%n=== Finance (issue 6): the P&L of a month and of a year ===%n");
        System.out.printf("Machine: %d processors; load average at the start: %s%n",
                Runtime.getRuntime().availableProcessors(), CostingRuns.load());
        Businesses.SignedUp business = businesses.signUp(new Businesses.NewBusiness("Bench P&L Café",
                "Bench P&L Owner", "owner@pnl.bench.larder.app", "bench-password-1", "UAH", "Europe/Kyiv", "en"));
        actor = new TenantContext.Actor(business.tenantId(), business.ownerId(), "bench", null);
        ZoneId zone = ZoneId.of("Europe/Kyiv");
        LocalDate firstDay = LocalDate.now(zone).minusDays(days);
        Timestamp start = Timestamp.from(firstDay.atStartOfDay(zone).toInstant());

        long t = System.nanoTime();
        generate(business, start);
        System.out.printf("Generated in %,d ms: %s%n", ms(t), counts());
        t = System.nanoTime();
        vacuumAnalyze();
        System.out.printf("  VACUUM (ANALYZE) in %,d ms%n", ms(t));

        // The generator wrote rows by SQL, past the services: the derived totals are made from them, as after a
        // repair, then checked against them.
        t = System.nanoTime();
        int salesRows = as(salesTotals::rebuild);
        System.out.printf("SalesTotals.rebuild(): %,d rows in %,d ms%n", salesRows, ms(t));
        t = System.nanoTime();
        int ledgerRows = as(ledgerTotals::rebuild);
        System.out.printf("LedgerTotals.rebuild(): %,d rows in %,d ms%n", ledgerRows, ms(t));
        vacuumAnalyze();
        t = System.nanoTime();
        List<String> wrongSales = as(salesTotals::check);
        System.out.printf("SalesTotals.check(): %d differences (%,d ms)%n", wrongSales.size(), ms(t));
        t = System.nanoTime();
        List<String> wrongLedger = as(ledgerTotals::check);
        System.out.printf("LedgerTotals.check(): %d differences (%,d ms)%n", wrongLedger.size(), ms(t));
        boolean ok = check(wrongSales.isEmpty() && wrongLedger.isEmpty(), "derived totals differ from the raw rows");

        Random random = new Random(6);
        int months = days / 31;
        System.out.printf("%nP&L of a calendar month (ProfitAndLoss.report, all venues; %d warm-ups, %d runs)%n",
                warmups, runs);
        double[] month = timed(i -> {
            LocalDate from = firstDay.withDayOfMonth(1).plusMonths(1 + random.nextInt(months - 1));
            ProfitAndLoss.Report r = as(() -> pnl.report(null, from, from.plusMonths(1)));
            return from + ": revenue " + r.revenue() + ", COGS " + r.costOfGoodsSold() + ", net " + r.netProfit();
        });
        System.out.printf("%nP&L of twelve months (%d warm-ups, %d runs)%n", warmups, runs);
        LocalDate[] lastYear = new LocalDate[2];
        double[] year = timed(i -> {
            LocalDate from = firstDay.withDayOfMonth(1).plusMonths(1 + random.nextInt(Math.max(1, months - 12)));
            lastYear[0] = from;
            lastYear[1] = from.plusYears(1);
            ProfitAndLoss.Report r = as(() -> pnl.report(null, from, from.plusYears(1)));
            return from + ": " + r.sales().receipts() + " receipts, revenue " + r.revenue() + ", COGS "
                    + r.costOfGoodsSold() + ", net " + r.netProfit();
        });

        // The same year from the raw rows, as an earlier attempt summed it: the contrast, and a check.
        System.out.printf("%nThe same twelve months summed from the raw rows (SalesTotals.fromReceipts + "
                + "LedgerTotals.fromLedger, 1 warm-up, 3 runs)%n");
        double[] raw = timed(1, 3, i -> {
            SalesTotals.Totals s = as(() -> salesTotals.fromReceipts(null, lastYear[0], lastYear[1]));
            LedgerTotals.Totals l = as(() -> ledgerTotals.fromLedger(null, lastYear[0], lastYear[1]));
            return s.receipts() + " receipts, revenue " + s.revenue() + ", COGS " + l.costOfGoodsSold();
        });
        ProfitAndLoss.Report fast = as(() -> pnl.report(null, lastYear[0], lastYear[1]));
        SalesTotals.Totals slowSales = as(() -> salesTotals.fromReceipts(null, lastYear[0], lastYear[1]));
        LedgerTotals.Totals slowLedger = as(() -> ledgerTotals.fromLedger(null, lastYear[0], lastYear[1]));
        boolean same = fast.revenue().compareTo(slowSales.revenue()) == 0
                && fast.costOfGoodsSold().compareTo(slowLedger.costOfGoodsSold()) == 0
                && fast.writeOffs().compareTo(slowLedger.writeOffs()) == 0
                && fast.shortages().compareTo(slowLedger.shortages()) == 0;
        System.out.printf("  check: the year's revenue, COGS, write-offs and shortages from the derived totals equal "
                + "the raw sums: %s%n", same ? "yes" : "NO");
        ok &= check(same, "the P&L's year differs from the raw sums");

        explain(lastYear[0], lastYear[1]);

        System.out.printf("%nP&L figures (ms; min / median / p95 over the runs), load average now %s:%n",
                CostingRuns.load());
        System.out.printf("| figure | runs | min | median | p95 | target | met |%n");
        System.out.printf("| --- | --- | --- | --- | --- | --- | --- |%n");
        row("P&L of a month (derived totals)", month, TARGET_MONTH_MS);
        row("P&L of twelve months (derived totals)", year, TARGET_YEAR_MS);
        row("twelve months summed from raw rows (contrast)", raw, TARGET_YEAR_MS);
        notes.forEach(n -> System.out.println("NOTE: " + n));
        if (!ok) {
            System.out.println("CHECK FAILED (finance): see the notes above.");
        }
        return ok;
    }

    // ---- the generated business --------------------------------------------------------------------------------

    private void generate(Businesses.SignedUp business, Timestamp start) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("p", actor.tenantId().toString())
                .addValue("venue", business.venueId())
                .addValue("storage", business.storageId())
                .addValue("start", start)
                .addValue("seconds", days * 86_400L)
                .addValue("n", receipts)
                .addValue("days", days)
                .addValue("items", MENU_ITEMS)
                .addValue("ingredients", INGREDIENTS)
                .addValue("device", UUID.nameUUIDFromBytes((actor.tenantId() + ":device").getBytes()))
                .addValue("category", UUID.nameUUIDFromBytes((actor.tenantId() + ":category").getBytes()));
        long t = System.nanoTime();
        as(() -> {
            jdbc.update("""
                    INSERT INTO pos_device (tenant_id, id, venue_id, name, created_at, version)
                    VALUES (larder_current_tenant(), :device, :venue, 'Bench till', :start::timestamptz, 0)""", p);
            jdbc.update("""
                    INSERT INTO menu_category (tenant_id, id, name, created_at, version)
                    VALUES (larder_current_tenant(), :category, 'Bench menu', :start::timestamptz, 0)""", p);
            jdbc.update("""
                    INSERT INTO menu_item (tenant_id, id, category_id, kind, name, created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':mi:' || m)::uuid, :category, 'DISH',
                           'Dish ' || m, :start::timestamptz, 0
                    FROM generate_series(0, :items - 1) m""", p);
            jdbc.update("""
                    INSERT INTO ingredient (tenant_id, id, name, dimension, created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':in:' || k)::uuid, 'Ingredient ' || k, 'MASS',
                           :start::timestamptz, 0
                    FROM generate_series(0, :ingredients - 1) k""", p);
            return null;
        });
        System.out.printf("  menu, ingredients, till: %,d ms%n", ms(t));
        for (long lo = 1; lo <= receipts; lo += CHUNK) {
            t = System.nanoTime();
            MapSqlParameterSource c = new MapSqlParameterSource(p.getValues()).addValue("lo", lo)
                    .addValue("hi", Math.min(receipts, lo + CHUNK - 1));
            as(() -> {
                // Lines of receipt i: 1 to 3 (a sale), or the first line of receipt i − 1 (a refund, every 100th).
                // Dish m costs 40 + 5m; every 10th sale has 5 off its first line.
                jdbc.update("""
                        CREATE TEMP TABLE bench_line (i bigint, id uuid, refund boolean, closed_at timestamptz,
                                                      position int, m bigint, qty bigint, price bigint,
                                                      discount int, amount bigint) ON COMMIT DROP""", c);
                jdbc.update("""
                        INSERT INTO bench_line
                        WITH r AS (
                            SELECT i, md5(:p || ':r:' || i)::uuid AS id, i % 100 = 50 AS refund,
                                   :start::timestamptz + ((i - 1) * :seconds / :n) * interval '1 second' AS closed_at
                            FROM generate_series(:lo::bigint, :hi::bigint) i
                        )
                        SELECT r.i, r.id, r.refund, r.closed_at, j AS position, s.m, s.qty, 40 + 5 * s.m AS price,
                               s.discount, s.qty * (40 + 5 * s.m) - s.discount AS amount
                        FROM r
                        CROSS JOIN LATERAL generate_series(0, CASE WHEN r.refund THEN 0 ELSE (r.i % 3)::int END) j
                        CROSS JOIN LATERAL (
                            SELECT (src * 7 + j * 13) % :items AS m, 1 + (src + j) % 2 AS qty,
                                   CASE WHEN src % 10 = 0 AND j = 0 THEN 5 ELSE 0 END AS discount
                            FROM (SELECT CASE WHEN r.refund THEN r.i - 1 ELSE r.i END AS src) x
                        ) s""", c);
                jdbc.update("""
                        INSERT INTO receipt (tenant_id, id, venue_id, device_id, number, closed_at, total, refund_of,
                                             content_hash, received_at)
                        SELECT larder_current_tenant(), id, :venue, :device, 'B-' || i, closed_at, SUM(amount),
                               CASE WHEN refund THEN md5(:p || ':r:' || (i - 1))::uuid END, md5(id::text),
                               closed_at
                        FROM bench_line GROUP BY i, id, refund, closed_at ORDER BY i""", c);
                jdbc.update("""
                        INSERT INTO receipt_line (receipt_id, position, menu_item_id, quantity, unit_price, discount,
                                                  amount)
                        SELECT id, position, md5(:p || ':mi:' || m)::uuid, qty, price, discount, amount
                        FROM bench_line""", c);
                jdbc.update("""
                        INSERT INTO receipt_payment (receipt_id, position, method, amount)
                        SELECT id, 0, CASE WHEN i % 3 = 0 THEN 'cash' ELSE 'card' END, SUM(amount)
                        FROM bench_line GROUP BY i, id""", c);
                // Dish m takes 18 + 10 (m % 5) g of ingredient m and 200 g of ingredient 40 + m % 40; ingredient
                // k costs (20 + k) a kg. Refunds bring nothing back (the venue's default).
                jdbc.update("""
                        INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation,
                                                    quantity, value, document_kind, document_id, caused_by, booked_at)
                        SELECT larder_current_tenant(), md5(:p || ':m:' || l.i || ':' || l.position || ':' || c.k)::uuid,
                               :storage, md5(:p || ':in:' || c.k)::uuid, l.closed_at, 'SALE', 'AVERAGE',
                               -l.qty * c.grams, -l.qty * c.grams * (20 + c.k) / 1000.0, 'SALE', l.id, l.id,
                               l.closed_at
                        FROM bench_line l
                        CROSS JOIN LATERAL (VALUES (l.m, 18 + 10 * (l.m % 5)), (40 + l.m % 40, 200)) c (k, grams)
                        WHERE NOT l.refund""", c);
                return null;
            });
            System.out.printf("  receipts %,d–%,d with lines, payments and sales write-offs: %,d ms%n", lo,
                    Math.min(receipts, lo + CHUNK - 1), ms(t));
        }
        t = System.nanoTime();
        as(() -> {
            // A supply of every ingredient at the start of every month, at its price.
            jdbc.update("""
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, caused_by, booked_at)
                    SELECT larder_current_tenant(), md5(:p || ':s:' || mo || ':' || k)::uuid, :storage,
                           md5(:p || ':in:' || k)::uuid, :start::timestamptz + mo * interval '1 month', 'SUPPLY', 'FIXED',
                           2000000, 2000000 * (20 + k) / 1000.0, 'SUPPLY', md5(:p || ':sd:' || mo)::uuid,
                           md5(:p || ':sd:' || mo)::uuid, :start::timestamptz + mo * interval '1 month'
                    FROM generate_series(0, :days / 30) mo, generate_series(0, :ingredients - 1) k""", p);
            // A write-off a day: two lines of two reasons.
            jdbc.update("""
                    INSERT INTO write_off (tenant_id, id, written_off_at, storage_id, status, created_at, posted_at,
                                           version)
                    SELECT larder_current_tenant(), md5(:p || ':w:' || d)::uuid,
                           :start::timestamptz + d * interval '1 day' + interval '20 hours', :storage, 'POSTED',
                           :start::timestamptz + d * interval '1 day' + interval '20 hours',
                           :start::timestamptz + d * interval '1 day' + interval '20 hours', 0
                    FROM generate_series(0, :days - 1) d""", p);
            jdbc.update("""
                    INSERT INTO write_off_line (write_off_id, position, ingredient_id, quantity, unit, base_quantity,
                                                reason)
                    SELECT md5(:p || ':w:' || d)::uuid, j, md5(:p || ':in:' || ((d + j * 41) % :ingredients))::uuid,
                           100 + j * 50, 'G', 100 + j * 50,
                           (ARRAY['SPOILED', 'STAFF_MEAL', 'BREAKAGE', 'TASTING', 'OTHER'])[1 + (d + j) % 5]
                    FROM generate_series(0, :days - 1) d, generate_series(0, 1) j""", p);
            jdbc.update("""
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, caused_by, booked_at)
                    SELECT larder_current_tenant(), md5(:p || ':wm:' || d || ':' || j)::uuid, :storage,
                           md5(:p || ':in:' || ((d + j * 41) % :ingredients))::uuid,
                           :start::timestamptz + d * interval '1 day' + interval '20 hours', 'WRITE_OFF', 'AVERAGE',
                           -(100 + j * 50), -(100 + j * 50) * (20 + (d + j * 41) % :ingredients) / 1000.0,
                           'WRITE_OFF', md5(:p || ':w:' || d)::uuid, md5(:p || ':w:' || d)::uuid,
                           :start::timestamptz + d * interval '1 day' + interval '20 hours'
                    FROM generate_series(0, :days - 1) d, generate_series(0, 1) j""", p);
            // A stocktake a month: five ingredients short, one over.
            jdbc.update("""
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, caused_by, booked_at)
                    SELECT larder_current_tenant(), md5(:p || ':st:' || mo || ':' || k)::uuid, :storage,
                           md5(:p || ':in:' || k)::uuid, :start::timestamptz + mo * interval '1 month' + interval '27 days',
                           CASE WHEN k = 5 THEN 'SURPLUS' ELSE 'SHORTAGE' END, 'AVERAGE',
                           CASE WHEN k = 5 THEN 30 ELSE -40 END,
                           CASE WHEN k = 5 THEN 30 ELSE -40 END * (20 + k) / 1000.0, 'STOCKTAKE',
                           md5(:p || ':std:' || mo)::uuid, md5(:p || ':std:' || mo)::uuid,
                           :start::timestamptz + mo * interval '1 month' + interval '27 days'
                    FROM generate_series(0, :days / 30 - 1) mo, generate_series(0, 5) k""", p);
            jdbc.update("""
                    INSERT INTO stock_level (tenant_id, storage_id, item_id, quantity, value, last_non_sale_at)
                    SELECT larder_current_tenant(), storage_id, item_id, SUM(quantity), SUM(value),
                           COALESCE(MAX(moment) FILTER (WHERE NOT (kind = 'SALE' AND valuation = 'AVERAGE')),
                                    '-infinity')
                    FROM stock_movement GROUP BY storage_id, item_id""", p);
            // Finance: a tree of categories and twenty transactions a day, one in twenty of the business itself.
            jdbc.update("""
                    INSERT INTO finance_account (tenant_id, id, venue_id, name, kind, opening_balance, opening_date,
                                                 created_at, version)
                    VALUES (larder_current_tenant(), md5(:p || ':acc')::uuid, :venue, 'Bank', 'BANK', 0,
                            CAST(:start::timestamptz AS date), :start::timestamptz, 0)""", p);
            jdbc.update("""
                    INSERT INTO finance_category (tenant_id, id, parent_id, name, direction, in_pnl, system_key,
                                                  created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':fc:' || c.n)::uuid,
                           CASE WHEN c.parent IS NOT NULL THEN md5(:p || ':fc:' || c.parent)::uuid END, c.n, c.dir,
                           c.pnl, c.sys, :start::timestamptz, 0
                    FROM (VALUES ('Rent', NULL, 'EXPENSE', true, NULL), ('Salaries', NULL, 'EXPENSE', true, NULL),
                                 ('Utilities', NULL, 'EXPENSE', true, NULL),
                                 ('Electricity', 'Utilities', 'EXPENSE', true, NULL),
                                 ('Water', 'Utilities', 'EXPENSE', true, NULL),
                                 ('Marketing', NULL, 'EXPENSE', true, NULL),
                                 ('Bonuses', NULL, 'INCOME', true, NULL),
                                 ('Sales', NULL, 'INCOME', false, 'SALES')) c (n, parent, dir, pnl, sys)
                    ORDER BY c.parent NULLS FIRST""", p);
            jdbc.update("""
                    INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount,
                                                     category_id, venue_id, source, created_at)
                    SELECT larder_current_tenant(), md5(:p || ':ft:' || d || ':' || j)::uuid, md5(:p || ':acc')::uuid,
                           CASE WHEN c.n IN ('Bonuses', 'Sales') THEN 'INCOME' ELSE 'EXPENSE' END,
                           :start::timestamptz + d * interval '1 day' + j * interval '30 minutes',
                           CASE WHEN c.n IN ('Bonuses', 'Sales') THEN 1 ELSE -1 END * (50 + (d * 20 + j) % 500),
                           md5(:p || ':fc:' || c.n)::uuid, CASE WHEN j % 20 = 0 THEN NULL ELSE :venue END,
                           'MANUAL', :start::timestamptz + d * interval '1 day'
                    FROM generate_series(0, :days - 1) d, generate_series(0, 19) j
                    CROSS JOIN LATERAL (SELECT (ARRAY['Rent', 'Salaries', 'Electricity', 'Water', 'Marketing',
                                                      'Bonuses', 'Sales'])[1 + (d + j) % 7] AS n) c""", p);
            return null;
        });
        System.out.printf("  supplies, write-offs, stocktakes, levels, finance: %,d ms%n", ms(t));
    }

    private String counts() {
        return as(() -> jdbc.queryForObject("""
                SELECT format('%s receipts, %s lines, %s payments, %s stock movements, %s finance transactions',
                              (SELECT count(*) FROM receipt), (SELECT count(*) FROM receipt_line),
                              (SELECT count(*) FROM receipt_payment), (SELECT count(*) FROM stock_movement),
                              (SELECT count(*) FROM finance_transaction))""", Map.of(), String.class));
    }

    private void vacuumAnalyze() {
        owner.execute("VACUUM (ANALYZE) receipt, receipt_line, receipt_payment, stock_movement, stock_level, "
                + "write_off, write_off_line, finance_transaction, finance_category, receipt_total, "
                + "stock_movement_total");
    }

    // ---- plans -------------------------------------------------------------------------------------------------

    /**
     * The plans of the P&L's statements for the year. The statements are copies of those in SalesTotals,
     * LedgerTotals and ProfitAndLoss (the services build them; the bench cannot reach their text), with the period
     * bound the same way.
     */
    private void explain(LocalDate from, LocalDate to) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("coarseFrom", utc(from.minusDays(1)))
                .addValue("coarseTo", utc(to.plusDays(1)))
                .addValue("docFrom", utc(from.minusDays(2)))
                .addValue("docTo", utc(to.plusDays(2)))
                .addValue("from", from).addValue("to", to).addValue("zone", "Europe/Kyiv");
        String local = " " + """
                %1$s >= :coarseFrom AND %1$s < :coarseTo
                AND (%1$s AT TIME ZONE v.timezone)::date >= :from AND (%1$s AT TIME ZONE v.timezone)::date < :to""";
        plan("revenue (receipt_total)", """
                SELECT COALESCE(SUM(t.sales), 0), COALESCE(SUM(t.refunds), 0), COALESCE(SUM(t.sales_amount), 0),
                       COALESCE(SUM(t.refunds_amount), 0), COALESCE(SUM(t.sales_discount), 0),
                       COALESCE(SUM(t.refunds_discount), 0)
                FROM receipt_total t JOIN venue v ON v.id = t.venue_id WHERE """ + local.formatted("t.quarter"), p);
        plan("stock by kind (stock_movement_total)", """
                SELECT t.kind, SUM(t.value)
                FROM stock_movement_total t JOIN storage s ON s.id = t.storage_id JOIN venue v ON v.id = s.venue_id
                WHERE """ + local.formatted("t.quarter") + " GROUP BY t.kind", p);
        plan("write-offs by reason (raw)", """
                WITH docs AS MATERIALIZED (
                    SELECT id FROM write_off WHERE written_off_at >= :docFrom AND written_off_at < :docTo
                ), valued AS (
                    SELECT m.document_id, m.item_id, SUM(m.value) AS value
                    FROM docs d
                    CROSS JOIN LATERAL (SELECT * FROM stock_movement x
                                        WHERE x.document_id = d.id AND x.kind = 'WRITE_OFF') m
                    JOIN storage s ON s.id = m.storage_id JOIN venue v ON v.id = s.venue_id
                    WHERE """
                + local.formatted("m.moment") + """

                    GROUP BY m.document_id, m.item_id
                ), lines AS (
                    SELECT write_off_id, ingredient_id, reason, SUM(base_quantity) AS quantity,
                           SUM(SUM(base_quantity)) OVER (PARTITION BY write_off_id, ingredient_id) AS of_item
                    FROM write_off_line WHERE write_off_id IN (SELECT id FROM docs)
                    GROUP BY write_off_id, ingredient_id, reason
                )
                SELECT l.reason, -SUM(CASE WHEN l.quantity = l.of_item THEN x.value
                                           ELSE x.value * l.quantity / l.of_item END)
                FROM valued x JOIN lines l ON l.write_off_id = x.document_id AND l.ingredient_id = x.item_id
                GROUP BY l.reason""", p);
        plan("expenses and other income by category (raw finance_transaction)", """
                SELECT c.id, c.parent_id, c.name, c.direction, COALESCE(x.amount, 0)
                FROM finance_category c
                LEFT JOIN (
                    SELECT t.category_id, SUM(t.amount) AS amount
                    FROM finance_transaction t LEFT JOIN venue v ON v.id = t.venue_id
                    WHERE t.category_id IS NOT NULL
                      AND t.occurred_at >= :coarseFrom AND t.occurred_at < :coarseTo
                      AND (t.occurred_at AT TIME ZONE COALESCE(v.timezone, :zone))::date >= :from
                      AND (t.occurred_at AT TIME ZONE COALESCE(v.timezone, :zone))::date < :to
                    GROUP BY t.category_id
                ) x ON x.category_id = c.id AND c.in_pnl""", p);
    }

    private static Timestamp utc(LocalDate day) {
        return Timestamp.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    private void plan(String what, String sql, MapSqlParameterSource params) {
        String plan = as(() -> String.join("\n", jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + sql, params,
                String.class)));
        System.out.printf("%n  plan of %s:%n%s%n", what, plan.indent(4));
    }

    // ---- timing ------------------------------------------------------------------------------------------------

    interface Run {
        String once(int index);
    }

    private double[] timed(Run run) {
        return timed(warmups, runs, run);
    }

    private double[] timed(int warm, int measured, Run run) {
        double[] ms = new double[measured];
        for (int i = 0; i < warm + measured; i++) {
            long t = System.nanoTime();
            String said = run.once(i);
            double took = (System.nanoTime() - t) / 1e6;
            if (i >= warm) {
                ms[i - warm] = took;
            }
            System.out.printf("  %s %2d: %8.1f ms  %s%n", i < warm ? "warm-up" : "run    ", i < warm ? i + 1
                    : i - warm + 1, took, said);
        }
        return ms;
    }

    private void row(String what, double[] ms, long target) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double p95 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1)];
        System.out.printf("| %s | %d | %.0f | %.0f | %.0f | %d | %s |%n", what, ms.length, sorted[0], median, p95,
                target, p95 <= target ? "yes" : "no");
    }

    private boolean check(boolean fine, String note) {
        if (!fine) {
            notes.add(note);
        }
        return fine;
    }

    private <T> T as(Supplier<T> work) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> work.get()));
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
