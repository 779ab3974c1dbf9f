package app.larder.bench;

import app.larder.business.Businesses;
import app.larder.business.Storages;
import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockBalances;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Level;
import app.larder.stock.StockSnapshots;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The benchmark of the warehouse issue: a business with 3 storages, 2,000 items and 2,000,000 movements over two
 * years, generated set-based; then (a) the balance of all items of a storage as of a moment, (b) the movement report
 * of one item for a month, (c) posting a supply of 50 lines into the past with everything after it set right.
 * <p>
 * The movements are valid for the ledger: every supply of an item comes at one price per gram (FIXED, with its
 * value), every write-off and sale is valued at exactly that price (AVERAGE), which is what the weighted average
 * gives when every supply costs the same, and stock never goes below zero; {@code stock_level} is filled from the
 * movements. A supply at another price posted into the past therefore revalues every later outgoing movement of its
 * items: (c) measures the worst of what a posting into the past has to set right.
 */
@Component
class StockRuns {

    static final long TARGET_BALANCE_MS = 300;
    static final long TARGET_REPORT_MS = 100;
    static final long TARGET_POSTING_MS = 1_000;

    private final Businesses businesses;
    private final Storages storages;
    private final StockLedger ledger;
    private final StockBalances balances;
    private final StockSnapshots snapshots;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcTemplate owner;

    @Value("${bench.stock.items:2000}")
    int itemCount;
    @Value("${bench.stock.storages:3}")
    int storageCount;
    @Value("${bench.stock.movements:2000000}")
    long movementCount;
    @Value("${bench.stock.days:730}")
    int days;
    @Value("${bench.stock.posting-lines:50}")
    int postingLines;
    @Value("${bench.stock.posting-runs:5}")
    int postingRuns;
    @Value("${bench.warmups}")
    int warmups;
    @Value("${bench.runs}")
    int runs;

    private TenantContext.Actor actor;
    private final List<String> notes = new ArrayList<>();
    private final List<String> table = new ArrayList<>();

    StockRuns(Businesses businesses, Storages storages, StockLedger ledger, StockBalances balances,
              StockSnapshots snapshots, NamedParameterJdbcTemplate jdbc,
              PlatformTransactionManager transactionManager, @LiquibaseDataSource DataSource ownerDataSource) {
        this.businesses = businesses;
        this.storages = storages;
        this.ledger = ledger;
        this.balances = balances;
        this.snapshots = snapshots;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    boolean run() {
        System.out.printf("%n=== Warehouse (issue 4): balances, movement reports, postings into the past ===%n");
        System.out.printf("Load average at the start: %s%n", CostingRuns.load());
        Businesses.SignedUp business = businesses.signUp(new Businesses.NewBusiness("Bench Stock Café",
                "Bench Stock Owner", "owner@stock.bench.larder.app", "bench-password-1", "UAH", "Europe/Kyiv", "en"));
        actor = new TenantContext.Actor(business.tenantId(), business.ownerId(), "bench", null);
        List<UUID> storageIds = new ArrayList<>(List.of(business.storageId()));
        for (int s = 2; s <= storageCount; s++) {
            int n = s;
            storageIds.add(TenantContext.callAs(actor, () -> storages.create(business.venueId(), "Storage " + n)
                    .getId()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(days, ChronoUnit.DAYS);

        long t = System.nanoTime();
        long generated = generate(storageIds, start);
        System.out.printf("Generated %,d items, %d storages, %,d movements over %d days in %,d ms%n", itemCount,
                storageCount, generated, days, ms(t));
        t = System.nanoTime();
        vacuumAnalyze();
        System.out.printf("  VACUUM (ANALYZE) in %,d ms%n", ms(t));
        boolean ok = generated == movementCount;
        t = System.nanoTime();
        List<String> wrong = as(ledger::check);
        System.out.printf("  ledger.check() after generating: %d differences (%,d ms)%n", wrong.size(), ms(t));
        ok &= check(wrong.isEmpty(), "stock_level differs from the generated movements: " + wrong.size());

        Random random = new Random(42);
        List<Instant> moments = new ArrayList<>();
        for (int i = 0; i < warmups + runs; i++) {
            moments.add(start.plusSeconds((long) (random.nextDouble() * days * 86_400L)));
        }

        // (a) without snapshots: the plain sums, as the ledger was.
        System.out.printf("%n(a0) balance of all items of a storage as of a random moment, no snapshots "
                + "(StockBalances.balances, %d warm-ups, %d runs)%n", warmups, runs);
        double[] plainBalance = timed(warmups, runs, i -> balanceOnce(storageIds.get(i % storageIds.size()),
                moments.get(i)));

        t = System.nanoTime();
        int added = TenantContext.callAs(actor, () -> snapshots.refresh(now));
        System.out.printf("%nSnapshots: StockSnapshots.refresh() added %,d monthly snapshots in %,d ms%n", added,
                ms(t));
        vacuumAnalyze();

        System.out.printf("%n(a) balance of all items of a storage as of a random moment, with snapshots "
                + "(%d warm-ups, %d runs)%n", warmups, runs);
        double[] balance = timed(warmups, runs, i -> balanceOnce(storageIds.get(i % storageIds.size()),
                moments.get(i)));
        for (int i = 0; i < 3; i++) {
            ok &= balanceEqualsPlainSum(storageIds.get(i % storageIds.size()), moments.get(i), "(a)");
        }
        explainLevels(storageIds.get(0), moments.get(warmups + 2));

        // (b) one item, one month.
        List<UUID> items = as(() -> jdbc.queryForList("SELECT id FROM ingredient ORDER BY id", Map.of(),
                UUID.class));
        System.out.printf("%n(b) movement report of one item at one storage for a calendar month "
                + "(StockBalances.movements, %d warm-ups, %d runs)%n", warmups, runs);
        double[] report = timed(warmups, runs, i -> {
            Instant month = ZonedDateTime.ofInstant(moments.get(i), ZoneOffset.UTC).withDayOfMonth(1)
                    .truncatedTo(ChronoUnit.DAYS).toInstant();
            Instant next = ZonedDateTime.ofInstant(month, ZoneOffset.UTC).plusMonths(1).toInstant();
            UUID storage = storageIds.get(i % storageIds.size());
            UUID item = items.get((i * 37) % items.size());
            StockBalances.MovementReport r = as(() -> balances.movements(storage, item, month, next));
            return r.lines().size() + " movements";
        });
        ok &= reportAddsUp(storageIds.get(0), items.get(1), moments.get(0));

        // (c) a supply of 50 lines into the past, at a higher price than ever.
        List<double[]> postings = new ArrayList<>();
        List<String> depths = new ArrayList<>();
        int run = 0;
        for (int back : new int[]{30, 365}) {
            System.out.printf("%n(c) posting a supply of %d lines %d days into the past, until it commits "
                    + "(StockLedger.post, %d warm-ups, %d runs; different items each run)%n", postingLines, back,
                    Math.min(warmups, 2), postingRuns);
            int[] counter = {run};
            List<UUID> lastItems = new ArrayList<>();
            double[] posted = timed(Math.min(warmups, 2), postingRuns, i -> {
                int r = counter[0]++;
                UUID storage = storageIds.get(r % storageIds.size());
                List<UUID> chosen = new ArrayList<>();
                for (int k = 0; k < postingLines; k++) {
                    chosen.add(items.get((r * postingLines + k) % items.size()));
                }
                lastItems.clear();
                lastItems.addAll(chosen);
                Instant moment = now.minus(back, ChronoUnit.DAYS).plusSeconds(r);
                long before = untimed(() -> count("SELECT count(*) FROM stock_movement"));
                as(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(), moment, chosen.stream()
                        .map(item -> Entry.in(Kind.SUPPLY, storage, item, new BigDecimal("5000"),
                                new BigDecimal("2600")))      // 0.52 a gram: above every generated price
                        .toList())));
                long booked = untimed(() -> count("SELECT count(*) FROM stock_movement")) - before;
                return String.format("%,d movements booked (%d lines, %,d corrections)", booked, postingLines,
                        booked - postingLines);
            });
            run = counter[0];
            postings.add(posted);
            depths.add(back + " days back");
            UUID storage = storageIds.get((run - 1) % storageIds.size());
            for (Instant at : List.of(now.minus(back, ChronoUnit.DAYS).minusSeconds(1),
                    now.minus(back - 1, ChronoUnit.DAYS), now.minus(back / 2, ChronoUnit.DAYS), now)) {
                ok &= balanceEqualsPlainSum(storage, at, "(c) after posting " + back + " days back");
            }
        }
        t = System.nanoTime();
        wrong = as(ledger::check);
        System.out.printf("%n  ledger.check() after (c): %d differences (%,d ms)%n", wrong.size(), ms(t));
        ok &= check(wrong.isEmpty(), "stock_level differs from the ledger after (c): " + wrong);
        t = System.nanoTime();
        int refreshed = TenantContext.callAs(actor, () -> snapshots.refresh(now));
        System.out.printf("  StockSnapshots.refresh() after (c): %,d snapshots added back in %,d ms%n", refreshed,
                ms(t));
        ok &= balanceEqualsPlainSum(storageIds.get(0), now, "after refresh");

        System.out.printf("%nWarehouse figures (ms; min / median / p95 over the runs):%n");
        System.out.printf("| figure | what | runs | min | median | p95 | target | met |%n");
        System.out.printf("| --- | --- | --- | --- | --- | --- | --- | --- |%n");
        row("(a0)", "balance of all 2,000 items of a storage, plain sums (no snapshots)", plainBalance,
                TARGET_BALANCE_MS);
        row("(a)", "balance of all 2,000 items of a storage, with monthly snapshots", balance, TARGET_BALANCE_MS);
        row("(b)", "movement report of one item for a month", report, TARGET_REPORT_MS);
        for (int i = 0; i < postings.size(); i++) {
            row("(c)", "supply of " + postingLines + " lines posted " + depths.get(i) + ", until commit",
                    postings.get(i), TARGET_POSTING_MS);
        }
        table.forEach(System.out::println);
        System.out.printf("Load average at the end: %s%n", CostingRuns.load());
        notes.forEach(n -> System.out.println("NOTE: " + n));
        if (!ok) {
            System.out.println("CHECK FAILED (warehouse): see the notes above.");
        }
        return ok;
    }

    private String balanceOnce(UUID storage, Instant at) {
        StockBalances.Balances b = as(() -> balances.balances(new StockBalances.BalanceQuery(storage, at, null,
                null), PageRequest.of(0, 50, Sort.by("name"))));
        // Where the time goes: the levels' statement alone, timed apart (not part of the figure's own work).
        long t = System.nanoTime();
        untimed(() -> as(() -> ledger.levels(storage, at)));
        double levelsMs = (System.nanoTime() - t) / 1e6;
        return String.format("%,d rows, worth %s (the levels' query alone: %.1f ms)", b.rows().getTotalElements(),
                b.totalValue().setScale(2, java.math.RoundingMode.HALF_EVEN), levelsMs);
    }

    /** The plan of the levels' statement, once: whether the snapshots are used as meant. */
    private void explainLevels(UUID storage, Instant at) {
        String plan = as(() -> String.join("\n", jdbc.queryForList("""
                EXPLAIN (ANALYZE, BUFFERS)
                SELECT l.storage_id, l.item_id,
                       s.quantity + COALESCE(d.quantity, 0) AS quantity,
                       s.value + COALESCE(d.value, 0) AS value
                FROM stock_level l
                CROSS JOIN LATERAL (
                    SELECT * FROM (
                        (SELECT s.month_start, s.quantity, s.value FROM stock_snapshot s
                         WHERE s.tenant_id = l.tenant_id AND s.storage_id = l.storage_id AND s.item_id = l.item_id
                           AND s.month_start <= :at
                         ORDER BY s.month_start DESC LIMIT 1)
                        UNION ALL
                        SELECT '-infinity'::timestamptz, 0, 0) found
                    ORDER BY month_start DESC LIMIT 1) s
                CROSS JOIN LATERAL (
                    SELECT SUM(m.quantity) AS quantity, SUM(m.value) AS value, count(*) AS movements
                    FROM stock_movement m
                    WHERE m.tenant_id = l.tenant_id AND m.storage_id = l.storage_id AND m.item_id = l.item_id
                      AND m.moment >= s.month_start
                      AND m.moment <= :at) d
                WHERE l.storage_id IN (:storages) AND (s.month_start > '-infinity' OR d.movements > 0)""",
                new MapSqlParameterSource("storages", List.of(storage)).addValue("at", Timestamp.from(at)),
                String.class)));
        System.out.printf("  plan of the levels' statement:%n%s%n", plan.indent(4));
    }

    /** The snapshot-backed balance, item by item, against a plain sum of every movement. */
    private boolean balanceEqualsPlainSum(UUID storage, Instant at, String when) {
        Map<UUID, Level> fast = new HashMap<>();
        as(() -> ledger.levels(storage, at)).forEach(l -> fast.put(l.itemId(), l));
        List<Level> plain = as(() -> snapshots.levelsFromMovements(storage, at));
        int differences = 0;
        for (Level l : plain) {
            Level f = fast.remove(l.itemId());
            if (f == null || f.quantity().compareTo(l.quantity()) != 0 || f.value().compareTo(l.value()) != 0) {
                differences++;
            }
        }
        differences += fast.size();
        System.out.printf("  check %s: the balance at %s equals the plain sum for %,d items: %s%n", when, at,
                plain.size(), differences == 0 ? "yes" : "NO, " + differences + " differ");
        return check(differences == 0, "balance at " + at + " differs from the plain sum " + when);
    }

    private boolean reportAddsUp(UUID storage, UUID item, Instant inMonth) {
        Instant from = ZonedDateTime.ofInstant(inMonth, ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant to = ZonedDateTime.ofInstant(from, ZoneOffset.UTC).plusMonths(1).toInstant();
        StockBalances.MovementReport r = as(() -> balances.movements(storage, item, from, to));
        StockBalances.ItemReport one = r.items().get(0);
        BigDecimal[] plain = as(() -> jdbc.queryForObject("""
                SELECT SUM(quantity), SUM(value) FROM stock_movement
                WHERE storage_id = :storage AND item_id = :item AND moment < :to""",
                new MapSqlParameterSource("storage", storage).addValue("item", item)
                        .addValue("to", Timestamp.from(to)),
                (rs, n) -> new BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2)}));
        BigDecimal lastLine = r.lines().isEmpty() ? one.opening().value()
                : r.lines().get(r.lines().size() - 1).balance().value();
        boolean fine = one.closing().quantity().compareTo(plain[0]) == 0
                && one.closing().value().compareTo(plain[1]) == 0 && lastLine.compareTo(plain[1]) == 0;
        System.out.printf("  check (b): opening %s + in %s − out %s = closing %s, the plain sum %s, and the last "
                        + "running balance of %d movements: %s%n", one.opening().value(), one.in().value(),
                one.out().value(), one.closing().value(), plain[1], r.lines().size(), fine ? "yes" : "NO");
        return check(fine, "the movement report does not add up to the plain sum");
    }

    interface Run {
        String once(int index);
    }

    /** Nanoseconds of the current run spent on checks that are not part of what is measured. */
    private long untimedNanos;

    private <T> T untimed(java.util.function.Supplier<T> check) {
        long t = System.nanoTime();
        try {
            return check.get();
        } finally {
            untimedNanos += System.nanoTime() - t;
        }
    }

    private double[] timed(int warm, int measured, Run run) {
        double[] took = new double[measured];
        for (int i = 0; i < warm + measured; i++) {
            untimedNanos = 0;
            long t = System.nanoTime();
            String what = run.once(i);
            double ms = (System.nanoTime() - t - untimedNanos) / 1e6;
            boolean warmup = i < warm;
            System.out.printf("  %-8s %2d: %8.1f ms  %s%n", warmup ? "warm-up" : "run", warmup ? i + 1 : i - warm + 1,
                    ms, what);
            if (!warmup) {
                took[i - warm] = ms;
            }
        }
        return took;
    }

    private void row(String figure, String what, double[] values, long target) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double p95 = sorted[Math.max(0, (int) Math.ceil(0.95 * sorted.length) - 1)];
        table.add(String.format("| %s | %s | %d | %.1f | %.1f | %.1f | < %,d | %s |", figure, what, sorted.length,
                sorted[0], median, p95, target, p95 < target ? "yes" : "**no**"));
    }

    /**
     * Items, their unit costs, the movements storage by storage, and stock_level from the movements. Movement k of
     * an item at a storage: a supply of 10 kg when k is a multiple of 10, else a write-off (a quarter) or a sale of
     * 100 to 1,000 g; moments spread evenly over the period with some jitter, so stock never goes below zero.
     */
    private long generate(List<UUID> storageIds, Instant start) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("p", actor.tenantId().toString())
                .addValue("items", itemCount)
                .addValue("start", Timestamp.from(start))
                .addValue("seconds", days * 86_400L);
        long t = System.nanoTime();
        as(() -> {
            jdbc.update("""
                    INSERT INTO ingredient (tenant_id, id, name, category, dimension, archived, created_at, version)
                    SELECT larder_current_tenant(), md5(:p || ':si:' || i)::uuid,
                           'Stock item ' || lpad(i::text, 5, '0'), 'Category ' || (i % 20), 'MASS', false,
                           :start, 0
                    FROM generate_series(1, :items) i""", p);
            // The price of a gram: 0.020 to 0.499 (20 to 499 a kg), so every value is exact to the cent.
            jdbc.update("""
                    INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at, source,
                                                      user_id, version)
                    SELECT larder_current_tenant(), md5(:p || ':su:' || i)::uuid, md5(:p || ':si:' || i)::uuid,
                           20 + %s, :start, 'manual', NULL, 0
                    FROM generate_series(1, :items) i""".formatted(hash("i::text || ':price'", 480)), p);
            return null;
        });
        System.out.printf("  items and unit costs: %,d ms%n", ms(t));
        long perPair = movementCount / ((long) itemCount * storageIds.size());
        // The remainder goes one movement each to the first pairs, counting item by item, storage by storage.
        long remainder = movementCount - perPair * itemCount * storageIds.size();
        for (int s = 0; s < storageIds.size(); s++) {
            t = System.nanoTime();
            int index = s;
            MapSqlParameterSource ps = new MapSqlParameterSource(p.getValues())
                    .addValue("storage", storageIds.get(s)).addValue("s", s)
                    .addValue("storages", storageIds.size()).addValue("per", perPair)
                    .addValue("extra", remainder);
            int rows = as(() -> jdbc.update("""
                    WITH pair AS (
                        SELECT i, md5(:p || ':si:' || i)::uuid AS item,
                               (20 + %s) / 1000.0 AS price,
                               :per + CASE WHEN (i - 1) * :storages + :s < :extra THEN 1 ELSE 0 END AS n
                        FROM generate_series(1, :items) i
                    ), movement AS (
                        SELECT pair.item, pair.price, k, pair.n,
                               md5(:p || ':m:' || :s || ':' || pair.i || ':' || k) AS h
                        FROM pair CROSS JOIN LATERAL generate_series(0, pair.n - 1) k
                    ), shaped AS (
                        SELECT item, price, h,
                               CAST(:start AS timestamptz) + ((k + 0.1 + 0.8 * ((('x' || substr(h, 1, 8))::bit(32)::int & 2147483647)
                                   / 2147483648.0)) * :seconds / n) * interval '1 second' AS moment,
                               CASE WHEN k %% 10 = 0 THEN 'SUPPLY'
                                    WHEN (('x' || substr(h, 9, 8))::bit(32)::int & 3) = 0 THEN 'WRITE_OFF'
                                    ELSE 'SALE' END AS kind,
                               CASE WHEN k %% 10 = 0 THEN 10000
                                    ELSE -(100 + (('x' || substr(h, 17, 8))::bit(32)::int & 2147483647) %% 901)
                                    END AS quantity
                        FROM movement
                    )
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, caused_by, booked_at, booked_by)
                    SELECT larder_current_tenant(), h::uuid, :storage, item, moment, kind,
                           CASE WHEN kind = 'SUPPLY' THEN 'FIXED' ELSE 'AVERAGE' END, quantity,
                           quantity * price, kind, md5(h || ':d')::uuid, md5(h || ':d')::uuid, moment, NULL
                    FROM shaped ORDER BY item, moment""".formatted(hash("i::text || ':price'", 480)), ps));
            System.out.printf("  movements at storage %d: %,d in %,d ms%n", index + 1, rows, ms(t));
        }
        t = System.nanoTime();
        as(() -> jdbc.update("""
                INSERT INTO stock_level (tenant_id, storage_id, item_id, quantity, value, last_non_sale_at)
                SELECT larder_current_tenant(), storage_id, item_id, SUM(quantity), SUM(value),
                       COALESCE(MAX(moment) FILTER (WHERE NOT (kind = 'SALE' AND valuation = 'AVERAGE')), '-infinity')
                FROM stock_movement GROUP BY storage_id, item_id""", Map.of()));
        System.out.printf("  stock_level from the movements: %,d ms%n", ms(t));
        return count("SELECT count(*) FROM stock_movement");
    }

    /** A pseudo-random integer in [0, mod) from an SQL text expression: the first 31 bits of its md5. */
    private static String hash(String textExpression, long mod) {
        return "(((('x' || substr(md5(" + textExpression + "), 1, 8))::bit(32)::int) & 2147483647) % " + mod + ")";
    }

    private boolean check(boolean fine, String note) {
        if (!fine) {
            notes.add(note);
        }
        return fine;
    }

    private void vacuumAnalyze() {
        owner.execute("VACUUM (ANALYZE) ingredient, ingredient_unit_cost, stock_movement, stock_level, stock_snapshot");
    }

    private long count(String sql) {
        return as(() -> jdbc.queryForObject(sql, new MapSqlParameterSource(), Long.class));
    }

    private <T> T as(Supplier<T> work) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> work.get()));
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
