package app.larder.bench;

import app.larder.business.Businesses;
import app.larder.platform.tenancy.TenantContext;
import app.larder.recipe.Costing;
import app.larder.stock.Ingredients;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The runs: sign up and generate the business, measure (a) and (b) through the application's services, explain
 * Costing's statement, print the table; with {@code bench.prototypes}, measure the candidate changes as well. The
 * schema owner's connection (Liquibase's) is used only for what the application may not do: VACUUM, settings, WAL
 * positions and the prototype policies.
 */
@Component
class CostingRuns {

    static final long TARGET_UNIT_COST_MS = 300;
    static final long TARGET_FULL_MS = 5_000;

    private final Businesses businesses;
    private final Ingredients ingredients;
    private final Costing costing;
    private final BusinessGenerator generator;
    private final CommitProbe probe;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcTemplate owner;
    private final LevelCosting levelCosting;
    private final DeltaCosting deltaCosting;
    private final MenuListRuns menuListRuns;
    private double[] menuList = new double[0];

    @Value("${bench.ingredients}")
    int ingredientCount;
    @Value("${bench.semis}")
    int semiCount;
    @Value("${bench.dishes}")
    int dishCount;
    @Value("${bench.affected-dishes}")
    int affectedDishes;
    @Value("${bench.unit-cost-history}")
    int history;
    @Value("${bench.warmups}")
    int warmups;
    @Value("${bench.runs}")
    int runs;
    @Value("${bench.full-runs}")
    int fullRuns;
    @Value("${bench.output-dir}")
    Path outputDir;
    @Value("${bench.prototypes:false}")
    boolean prototypes;
    @Value("${bench.pause-at-end-seconds:0}")
    int pauseAtEnd;
    @Value("${bench.menu-list-only:false}")
    boolean menuListOnly;

    private TenantContext.Actor actor;
    private String loadAtStart;
    private final List<String> notes = new ArrayList<>();

    CostingRuns(Businesses businesses, Ingredients ingredients, Costing costing, BusinessGenerator generator,
                CommitProbe probe, NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                @LiquibaseDataSource DataSource ownerDataSource, LevelCosting levelCosting,
                DeltaCosting deltaCosting, MenuListRuns menuListRuns) {
        this.businesses = businesses;
        this.ingredients = ingredients;
        this.costing = costing;
        this.generator = generator;
        this.probe = probe;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.owner = new JdbcTemplate(ownerDataSource);
        this.levelCosting = levelCosting;
        this.deltaCosting = deltaCosting;
        this.menuListRuns = menuListRuns;
    }

    /** One timed unit cost change. */
    record UnitCostRun(double totalMs, double serviceMs, double recalcMs, double commitMs, int changed) {
    }

    boolean run() throws IOException {
        Files.createDirectories(outputDir);
        loadAtStart = load();
        printMachine();

        Businesses.SignedUp business = businesses.signUp(new Businesses.NewBusiness("Bench Café", "Bench Owner",
                "owner@bench.larder.app", "bench-password-1", "UAH", "Europe/Kyiv", "en"));
        actor = new TenantContext.Actor(business.tenantId(), business.ownerId(), "bench", null);

        System.out.printf("%nGenerating: %,d ingredients, %,d semi-finished products (4 levels), %,d dishes, "
                + "%,d dishes to use the target ingredient%n", ingredientCount, semiCount, dishCount, affectedDishes);
        long started = System.nanoTime();
        BusinessGenerator.Generated data = generator.generate(actor, ingredientCount, semiCount, dishCount, history,
                affectedDishes);
        vacuumAnalyze();
        System.out.printf("  generated in %,d ms: %,d tech cards, %,d tech card lines; target in %d semi-finished "
                        + "cards of level 1 and straight in %d dish cards%n", ms(started), data.cards(), data.lines(),
                data.targetInSemis(), data.targetInDishes());
        BusinessGenerator.Affected affected = data.affected();
        System.out.printf("  affected by the target ingredient (counted by a query of the benchmark's own): "
                        + "%,d dishes (%,d directly, %,d only through semi-finished products), %,d semi-finished "
                        + "products, %,d cost prices in all; deepest dish reaches it through %d levels%n",
                affected.dishes(), affected.directDishes(), affected.dishes() - affected.directDishes(),
                affected.semis(), affected.products(), affected.deepestLevel());

        started = System.nanoTime();
        int first = TenantContext.callAs(actor, costing::recalculateAll);
        long firstMs = ms(started);
        vacuumAnalyze();
        long costRows = count("SELECT count(*) FROM cost_price");
        System.out.printf("  first full calculation: %,d ms, %,d costs stored (%,d cost rows, %,d cards)%n",
                firstMs, first, costRows, data.cards());
        boolean ok = costRows == data.cards();
        if (menuListOnly) {
            menuList = menuListRuns.run(actor, warmups, runs * 2);
            printTable(data, affected, List.of(), List.of(), List.of());
            return finish(ok);
        }

        // (a) one unit cost, through the real service, until commit.
        System.out.printf("%n(a) Ingredients.setUnitCost on the target ingredient, until the transaction commits "
                + "(%d warm-ups, %d runs)%n", warmups, runs);
        List<UnitCostRun> unitCost = unitCostRuns(data.target(), 0);
        ok &= checkChanged(unitCost, affected);
        int stale = TenantContext.callAs(actor, () -> transaction.execute(status -> {
            status.setRollbackOnly();
            return costing.recalculateAll();
        }));
        System.out.printf("  check: a full recalculation afterwards (rolled back) finds %d cost(s) to change%n",
                stale);
        if (stale != 0) {
            notes.add(stale + " cost(s) were left out of date by the unit cost changes");
            ok = false;
        }

        List<String> targetedPlan = explainTargeted(data.target());
        Path targetedFile = outputDir.resolve("explain-unit-cost.txt");
        Files.write(targetedFile, targetedPlan);
        System.out.printf("%n  EXPLAIN (ANALYZE, BUFFERS) of Costing's statement for this change (rolled back), "
                + "%s; full plan in %s%n", executionTime(targetedPlan), targetedFile.toAbsolutePath());
        Plans.hotSpots(targetedPlan, 8).forEach(l -> System.out.println("    " + l));

        long wal = walBytesOfOneChange(data.target());
        System.out.printf("%n  WAL written by one such change: %,d kB (the embedded server runs with fsync=off and "
                + "synchronous_commit=off, so its commits never wait for the disk; a durable server adds one flush "
                + "of about this much to each change)%n", wal / 1024);

        // (b) everything from scratch.
        System.out.printf("%n(b) Costing.recalculateAll(), %d runs from an empty cost_price, %d after every unit "
                + "cost changed%n", fullRuns, fullRuns);
        List<Double> fromEmpty = new ArrayList<>();
        List<Double> allChanged = new ArrayList<>();
        for (int i = 1; i <= fullRuns; i++) {
            emptyCostPrice();
            long t = System.nanoTime();
            int changed = TenantContext.callAs(actor, costing::recalculateAll);
            double took = msExact(t);
            fromEmpty.add(took);
            long stored = count("SELECT count(*) FROM cost_price");
            System.out.printf("  from empty        run %d: %,8.0f ms  %,d costs stored%n", i, took, stored);
            ok &= stored == data.cards() && changed == data.cards();
        }
        for (int i = 1; i <= fullRuns; i++) {
            int round = i;
            as(() -> jdbc.update("""
                    INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at, source,
                                                      user_id, version)
                    SELECT larder_current_tenant(), gen_random_uuid(), u.item_id, u.unit_cost * 1.1 + 0.01 * :round,
                           now(), 'manual', NULL, 0
                    FROM current_unit_cost u""", new MapSqlParameterSource("round", round)));
            vacuumAnalyze();
            long t = System.nanoTime();
            int changed = TenantContext.callAs(actor, costing::recalculateAll);
            double took = msExact(t);
            allChanged.add(took);
            System.out.printf("  all costs changed run %d: %,8.0f ms  %,d costs changed%n", i, took, changed);
        }
        List<String> fullPlan = explainFull();
        Path fullFile = outputDir.resolve("explain-recalculate-all.txt");
        Files.write(fullFile, fullPlan);
        System.out.printf("%n  EXPLAIN (ANALYZE, BUFFERS) of Costing's statement for everything from an empty "
                + "cost_price (rolled back), %s; full plan in %s%n", executionTime(fullPlan),
                fullFile.toAbsolutePath());
        Plans.hotSpots(fullPlan, 8).forEach(l -> System.out.println("    " + l));

        menuList = menuListRuns.run(actor, warmups, runs * 2);

        printTable(data, affected, unitCost, fromEmpty, allChanged);
        if (prototypes) {
            ok &= prototypes(data, affected, unitCost, fromEmpty);
        }
        return finish(ok);
    }

    private boolean finish(boolean ok) {
        notes.forEach(n -> System.out.println("NOTE: " + n));
        if (pauseAtEnd > 0) {
            System.out.printf("%nPausing %d s: the database is %s (tenant %s)%n", pauseAtEnd,
                    owner.queryForObject("SELECT 'port ' || current_setting('port')", String.class), actor.tenantId());
            try {
                Thread.sleep(pauseAtEnd * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!ok) {
            System.out.println("CHECK FAILED: see the notes above; the figures do not measure what they claim.");
        }
        return ok;
    }

    List<UnitCostRun> unitCostRuns(UUID target, int priceBase) {
        vacuumAnalyze();
        List<UnitCostRun> measured = new ArrayList<>();
        for (int i = 1; i <= warmups + runs; i++) {
            // Big steps, so that every affected cost moves by more than the stored precision (6 decimals).
            BigDecimal price = BigDecimal.valueOf(2000 + priceBase + 97L * i);
            long before = count("SELECT count(*) FROM cost_price_change");
            probe.reset();
            long t = System.nanoTime();
            TenantContext.runAs(actor, () -> ingredients.setUnitCost(target, price));
            long end = System.nanoTime();
            int changed = (int) (count("SELECT count(*) FROM cost_price_change") - before);
            UnitCostRun run = new UnitCostRun((end - t) / 1e6, (probe.eventAt - t) / 1e6,
                    (probe.beforeCommitAt - probe.eventAt) / 1e6, (probe.afterCommitAt - probe.beforeCommitAt) / 1e6,
                    changed);
            boolean warmup = i <= warmups;
            System.out.printf("  %-8s %2d: %7.1f ms  (service %5.1f, recalculation %6.1f, commit %5.1f)  "
                            + "%,d costs moved%n", warmup ? "warm-up" : "run", warmup ? i : i - warmups,
                    run.totalMs(), run.serviceMs(), run.recalcMs(), run.commitMs(), changed);
            if (!warmup) {
                measured.add(run);
            }
        }
        return measured;
    }

    /**
     * Every run must move nearly all affected costs and nothing else: a few move by less than the stored precision
     * (0.000001) when the ingredient is deep down in small quantities. That nothing is left stale is checked apart.
     */
    private boolean checkChanged(List<UnitCostRun> measured, BusinessGenerator.Affected affected) {
        boolean all = measured.stream().allMatch(r -> r.changed() <= affected.products()
                && r.changed() >= affected.products() * 0.99);
        if (!all) {
            notes.add("a unit cost run changed a number of costs far from the " + affected.products()
                    + " affected products: " + measured.stream().map(UnitCostRun::changed).toList());
        }
        return all;
    }

    private long walBytesOfOneChange(UUID target) {
        String before = owner.queryForObject("SELECT pg_current_wal_insert_lsn()::text", String.class);
        TenantContext.runAs(actor, () -> ingredients.setUnitCost(target, BigDecimal.valueOf(1999)));
        return owner.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), CAST(? AS pg_lsn))::bigint",
                Long.class, before);
    }

    /** Costing's own statement, read from the class so that the plan is always of the code being measured. */
    private static String costingSql(String roots) {
        try {
            return ((String) constant("RECALCULATE")).formatted(constant("CARDS_IN_FORCE"), constant(roots),
                    constant("MAX_DEPTH"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Costing's SQL constants changed; update the benchmark", e);
        }
    }

    private static Object constant(String name) throws ReflectiveOperationException {
        Field field = Costing.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    private MapSqlParameterSource costingParameters(String ids, String cause, UUID causeId, String causeName) {
        Timestamp now = Timestamp.from(Instant.now());
        return new MapSqlParameterSource().addValue("at", now).addValue("now", now).addValue("ids", ids)
                .addValue("cause", cause).addValue("causeId", causeId).addValue("causeName", causeName);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Prototypes (--bench.prototypes=true): the same two measurements with candidate changes, as evidence for them.
    // Nothing here is the application's code; the database is thrown away afterwards.
    // ---------------------------------------------------------------------------------------------------------------

    private boolean prototypes(BusinessGenerator.Generated data, BusinessGenerator.Affected affected,
                               List<UnitCostRun> shippedUnitCost, List<Double> shippedFromEmpty) {
        System.out.printf("%nPROTOTYPES: candidate changes measured on the same business (not the application's "
                + "code)%n");
        boolean ok = true;
        UUID target = data.target();

        System.out.printf("%n[P1] level-by-level costing (bench LevelCosting), row-level security as shipped%n");
        List<Double> levelsUnitCost = levelUnitCostRuns(target, affected, 5000);
        List<Double> levelsFromEmpty = levelFromEmptyRuns(data);
        ok &= compareModels();

        System.out.printf("%n[P3] adding the change of unit cost instead of recalculating (bench DeltaCosting), "
                + "row-level security as shipped%n");
        List<Double> deltaUnitCost = deltaRuns(target, affected, 7000);

        List<Map<String, Object>> shipped = owner.queryForList("""
                SELECT tablename, qual, with_check FROM pg_policies
                WHERE schemaname = 'public' AND policyname = 'tenant_isolation'""");
        List<Double> policyUnitCost = List.of();
        List<Double> policyFromEmpty = List.of();
        List<Double> bothUnitCost = List.of();
        List<Double> bothFromEmpty = List.of();
        List<Double> deltaPolicyUnitCost = List.of();
        double scanBefore = 0;
        double scanAfter = 0;
        if (shipped.stream().anyMatch(p -> String.valueOf(p.get("qual")).contains("SELECT"))) {
            System.out.printf("%n[P2] skipped: the policies already read the tenant through a sub-select%n");
        } else {
            System.out.printf("%n[P2] policies as USING/WITH CHECK (tenant_id = (SELECT larder_current_tenant())) "
                    + "on all %d tenant tables, application code as shipped%n", shipped.size());
            scanBefore = scanUnderRls();
            for (Map<String, Object> p : shipped) {
                owner.execute("ALTER POLICY tenant_isolation ON " + p.get("tablename")
                        + " USING (tenant_id = (SELECT larder_current_tenant()))"
                        + " WITH CHECK (tenant_id = (SELECT larder_current_tenant()))");
            }
            try {
                scanAfter = scanUnderRls();
                System.out.printf("  a full scan of tech_card_line under row-level security (min of 7): %.1f ms with the "
                        + "policy as shipped, %.1f ms with the sub-select%n", scanBefore, scanAfter);
                TenantContext.callAs(actor, costing::recalculateAll);
                policyUnitCost = unitCostRuns(target, 9000).stream().map(UnitCostRun::totalMs).toList();
                policyFromEmpty = new ArrayList<>();
                for (int i = 1; i <= fullRuns; i++) {
                    emptyCostPrice();
                    long t = System.nanoTime();
                    TenantContext.callAs(actor, costing::recalculateAll);
                    policyFromEmpty.add(msExact(t));
                    System.out.printf("  recalculateAll() from empty run %d: %,8.0f ms%n", i, msExact(t));
                }
                System.out.printf("%n[P1+P2] level-by-level costing with the policies of P2%n");
                bothUnitCost = levelUnitCostRuns(target, affected, 13000);
                bothFromEmpty = levelFromEmptyRuns(data);
                System.out.printf("%n[P3+P2] adding the change, with the policies of P2%n");
                deltaPolicyUnitCost = deltaRuns(target, affected, 15000);
            } finally {
                for (Map<String, Object> p : shipped) {
                    owner.execute("ALTER POLICY tenant_isolation ON " + p.get("tablename") + " USING ("
                            + p.get("qual") + ") WITH CHECK (" + p.get("with_check") + ")");
                }
            }
        }

        String line = "-".repeat(118);
        System.out.printf("%n%s%nPROTOTYPE FIGURES (ms; unit cost change: median / p95 of %d runs, until commit; "
                + "full: each run from an empty cost_price)%n%s%n", line, runs, line);
        System.out.printf("%-62s %-26s %s%n", "variant", "(a) unit cost change", "(b) everything from empty");
        double[] shippedA = shippedUnitCost.stream().mapToDouble(UnitCostRun::totalMs).toArray();
        System.out.printf("%-62s %-26s %s%n", "as shipped (Costing, policies tenant_id = larder_current_tenant())",
                medianP95(shippedA), each(shippedFromEmpty));
        System.out.printf("%-62s %-26s %s%n", "[P1] level-by-level costing", medianP95(levelsUnitCost),
                each(levelsFromEmpty));
        if (!policyUnitCost.isEmpty()) {
            System.out.printf("%-62s %-26s %s%n", "[P2] policies with (SELECT larder_current_tenant())",
                    medianP95(policyUnitCost), each(policyFromEmpty));
            System.out.printf("%-62s %-26s %s%n", "[P1+P2] both", medianP95(bothUnitCost), each(bothFromEmpty));
        }
        System.out.printf("%-62s %-26s %s%n", "[P3] adding the change (unit costs only)", medianP95(deltaUnitCost),
                "(not applicable)");
        if (!deltaPolicyUnitCost.isEmpty()) {
            System.out.printf("%-62s %-26s %s%n", "[P3+P2] adding the change, policies of P2",
                    medianP95(deltaPolicyUnitCost), "(not applicable)");
        }
        if (scanAfter > 0) {
            System.out.printf("full scan of tech_card_line (%,d rows) as the application: %.1f ms with the policy as "
                    + "shipped, %.1f ms with (SELECT larder_current_tenant())%n", data.lines(), scanBefore, scanAfter);
        }
        System.out.println(line);
        return ok;
    }

    /** Milliseconds (min of 7) to read every line of the business as the application, by a sequential scan. */
    private double scanUnderRls() {
        return as(() -> {
            jdbc.update("SET LOCAL max_parallel_workers_per_gather = 0", new MapSqlParameterSource());
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 7; i++) {
                for (String row : jdbc.queryForList("EXPLAIN (ANALYZE, TIMING OFF) SELECT * FROM tech_card_line "
                        + "OFFSET 100000000", new MapSqlParameterSource(), String.class)) {
                    if (row.startsWith("Execution Time: ")) {
                        best = Math.min(best, Double.parseDouble(row.replaceAll("[^0-9.]", "")));
                    }
                }
            }
            return best;
        });
    }

    /** A unit cost change as the service makes it (new history entry), recalculated by LevelCosting, committed. */
    private List<Double> levelUnitCostRuns(UUID target, BusinessGenerator.Affected affected, int priceBase) {
        vacuumAnalyze();
        List<Double> measured = new ArrayList<>();
        for (int i = 1; i <= warmups + runs; i++) {
            BigDecimal price = BigDecimal.valueOf(priceBase + 97L * i);
            long t = System.nanoTime();
            int moved = as(() -> {
                jdbc.update("""
                        INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at,
                                                          source, user_id, version)
                        VALUES (larder_current_tenant(), gen_random_uuid(), :x, :cost, now(), 'manual', :user, 0)""",
                        new MapSqlParameterSource("x", target).addValue("cost", price)
                                .addValue("user", actor.userId()));
                return levelCosting.recalculateForIngredients(Set.of(target), "unit-cost", target, "bench");
            });
            double took = msExact(t);
            boolean warmup = i <= warmups;
            System.out.printf("  %-8s %2d: %7.1f ms  %,d costs moved  (ms: %s)%n", warmup ? "warm-up" : "run",
                    warmup ? i : i - warmups, took, moved, levelCosting.lastTimings);
            if (!warmup) {
                measured.add(took);
                if (moved > affected.products() || moved < affected.products() * 0.99) {
                    notes.add("level-by-level run moved " + moved + " costs of " + affected.products());
                }
            }
        }
        return measured;
    }

    /** A unit cost change as the service makes it, its difference added by DeltaCosting, committed. */
    private List<Double> deltaRuns(UUID target, BusinessGenerator.Affected affected, int priceBase) {
        vacuumAnalyze();
        List<Double> measured = new ArrayList<>();
        for (int i = 1; i <= warmups + runs; i++) {
            BigDecimal price = BigDecimal.valueOf(priceBase + 97L * i);
            BigDecimal old = as(() -> jdbc.queryForObject("SELECT unit_cost FROM current_unit_cost WHERE item_id = :x",
                    new MapSqlParameterSource("x", target), BigDecimal.class));
            long t = System.nanoTime();
            int moved = as(() -> {
                jdbc.update("""
                        INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at,
                                                          source, user_id, version)
                        VALUES (larder_current_tenant(), gen_random_uuid(), :x, :cost, now(), 'manual', :user, 0)""",
                        new MapSqlParameterSource("x", target).addValue("cost", price)
                                .addValue("user", actor.userId()));
                return deltaCosting.addUnitCostChange(target, "bench", old, price);
            });
            double took = msExact(t);
            boolean warmup = i <= warmups;
            System.out.printf("  %-8s %2d: %7.1f ms  %,d costs moved%n", warmup ? "warm-up" : "run",
                    warmup ? i : i - warmups, took, moved);
            if (!warmup) {
                measured.add(took);
                if (moved > affected.products() || moved < affected.products() * 0.99) {
                    notes.add("delta run moved " + moved + " costs of " + affected.products());
                }
            }
        }
        return measured;
    }

    private List<Double> levelFromEmptyRuns(BusinessGenerator.Generated data) {
        List<Double> measured = new ArrayList<>();
        for (int i = 1; i <= fullRuns; i++) {
            emptyCostPrice();
            long t = System.nanoTime();
            int stored = as(levelCosting::recalculateAll);
            double took = msExact(t);
            measured.add(took);
            System.out.printf("  recalculate all from empty run %d: %,8.0f ms  %,d costs stored  (ms: %s)%n", i, took,
                    stored, levelCosting.lastTimings);
            if (stored != data.cards()) {
                notes.add("level-by-level full recalculation stored " + stored + " costs of " + data.cards());
            }
        }
        return measured;
    }

    /** How far the level-by-level model (stored semi-finished costs) lands from Costing's (full precision). */
    private boolean compareModels() {
        TenantContext.callAs(actor, costing::recalculateAll);
        Timestamp since = Timestamp.from(Instant.now());
        Map<String, Object> diff = TenantContext.callAs(actor, () -> transaction.execute(status -> {
            status.setRollbackOnly();
            int changed = levelCosting.recalculateAll();
            Map<String, Object> row = jdbc.queryForMap("""
                    SELECT count(*) AS n, coalesce(max(abs(cost_after - cost_before)), 0) AS max_diff
                    FROM cost_price_change WHERE changed_at >= :since""", new MapSqlParameterSource("since", since));
            row.put("changed", changed);
            return row;
        }));
        System.out.printf("  model check: after Costing.recalculateAll(), the level-by-level recalculation of "
                        + "everything changes %s of the costs, by at most %s (per kg, l or portion)%n",
                diff.get("changed"), diff.get("max_diff"));
        return true;
    }

    private static String medianP95(List<Double> values) {
        return medianP95(values.stream().mapToDouble(d -> d).toArray());
    }

    private static String medianP95(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%.0f / %.0f", median(v), p95(values));
    }

    /** The plan of what a unit cost change runs now: the addition to the exact costs of the products using it. */
    private List<String> explainTargeted(UUID target) {
        return explain(() -> {
            String sql;
            try {
                sql = ((String) constant("ADD_UNIT_COST_CHANGE")).formatted(constant("CARDS_IN_FORCE"),
                        constant("MAX_DEPTH"));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Costing's SQL constants changed; update the benchmark", e);
            }
            Timestamp now = Timestamp.from(Instant.now());
            return jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + sql, new MapSqlParameterSource()
                    .addValue("at", now).addValue("now", now).addValue("ingredient", target)
                    .addValue("perBase", new BigDecimal("0.001")).addValue("causeName", "bench"), String.class);
        });
    }

    private List<String> explainFull() {
        return explain(() -> {
            jdbc.update("DELETE FROM cost_price", new MapSqlParameterSource());
            return jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + costingSql("ROOTS_ALL"),
                    costingParameters("", "recalculation", null, "Full recalculation"), String.class);
        });
    }

    /** Runs an EXPLAIN ANALYZE of a writing statement as the tenant and rolls everything back. */
    private List<String> explain(Supplier<List<String>> work) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> {
            status.setRollbackOnly();
            return work.get();
        }));
    }

    private static String executionTime(List<String> plan) {
        return plan.stream().filter(l -> l.startsWith("Execution Time") || l.startsWith("Planning Time"))
                .map(String::trim).reduce((a, b) -> a + ", " + b).orElse("?");
    }

    /** Deletes the business's cost prices and vacuums, so that the run starts from a clean, empty table. */
    private void emptyCostPrice() {
        as(() -> jdbc.update("DELETE FROM cost_price", new MapSqlParameterSource()));
        vacuumAnalyze();
    }

    /** VACUUM ANALYZE as the schema owner, as autovacuum would have done by the time anyone measures. */
    private void vacuumAnalyze() {
        owner.execute("VACUUM (ANALYZE) ingredient, ingredient_unit_cost, semi_finished_product, tech_card, "
                + "tech_card_line, cost_price, cost_price_change");
    }

    private long count(String sql) {
        return as(() -> jdbc.queryForObject(sql, new MapSqlParameterSource(), Long.class));
    }

    private <T> T as(Supplier<T> work) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> work.get()));
    }

    private void printMachine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String settings = owner.queryForList("""
                SELECT name || '=' || setting || coalesce(unit, '') FROM pg_settings
                WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'jit',
                               'max_parallel_workers_per_gather', 'random_page_cost')
                ORDER BY name""", String.class).toString();
        System.out.printf("%nMachine: %d cores, %.0f GiB memory, %s %s (%s), %s; load average %s%n"
                        + "PostgreSQL (embedded): %s%n",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1024.0 / 1024 / 1024,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name") + " "
                        + System.getProperty("os.version"), load(), settings);
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows in every figure. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void printTable(BusinessGenerator.Generated data, BusinessGenerator.Affected affected,
                            List<UnitCostRun> unitCost, List<Double> fromEmpty,
                            List<Double> allChanged) {
        String line = "-".repeat(118);
        System.out.printf("%n%s%nFIGURES  %,d ingredients, %,d semi-finished (4 levels), %,d dishes, %,d cards, "
                        + "%,d lines; the ingredient moves %,d costs (%,d dishes, %,d semi-finished)%n%s%n",
                line, data.ingredients(), data.semis(), data.dishes(), data.cards(), data.lines(),
                affected.products(), affected.dishes(), affected.semis(), line);
        System.out.printf("load average (1, 5, 15 min) at the start: %s, now: %s; on a busy machine every figure "
                + "is higher%n", loadAtStart, load());
        System.out.printf("%-52s %-10s %-50s %s%n", "what", "target", "measured", "verdict");
        if (!unitCost.isEmpty()) {
            System.out.printf("%-52s %-10s %-50s %s%n", "(a) unit cost change → commit, " + runs + " runs",
                    "< 300 ms", stats(unitCost.stream().mapToDouble(UnitCostRun::totalMs).toArray()),
                    verdict(p95(unitCost.stream().mapToDouble(UnitCostRun::totalMs).toArray()),
                            TARGET_UNIT_COST_MS) + " (p95)");
            System.out.printf("%-52s %-10s %-50s%n", "    of which the recalculation statement", "",
                    stats(unitCost.stream().mapToDouble(UnitCostRun::recalcMs).toArray()));
        }
        if (!fromEmpty.isEmpty()) {
            System.out.printf("%-52s %-10s %-50s %s%n", "(b) recalculateAll(), from an empty cost_price", "< 5 s",
                    each(fromEmpty), verdict(fromEmpty.stream().mapToDouble(d -> d).max().orElse(0),
                            TARGET_FULL_MS) + " (worst)");
            System.out.printf("%-52s %-10s %-50s %s%n", "(b) recalculateAll(), after every unit cost changed",
                    "< 5 s", each(allChanged), verdict(allChanged.stream().mapToDouble(d -> d).max().orElse(0),
                            TARGET_FULL_MS) + " (worst)");
        }
        System.out.printf("%-52s %-10s %-50s %s%n", "(c) menu list, 50 rows a page, 9 kinds of page", "< 100 ms",
                stats(menuList), verdict(p95(menuList), 100) + " (p95)");
        System.out.printf("%-52s %-10s %-50s%n", "    the first version's statement, in the same runs", "",
                stats(menuListRuns.firstVersionMs()));
        System.out.println(line);
    }

    private static String stats(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "min %.0f / median %.0f / p95 %.0f / max %.0f ms", v[0], median(v),
                p95(values), v[v.length - 1]);
    }

    private static String each(List<Double> values) {
        return String.join(", ", values.stream().map(d -> String.format(Locale.ROOT, "%,.0f", d)).toList()) + " ms";
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest rank: with 10 runs the p95 is the slowest run. */
    static double p95(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.max(0, (int) Math.ceil(0.95 * v.length) - 1)];
    }

    private static String verdict(double measured, long target) {
        return measured < target ? "MET" : "MISSED";
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static double msExact(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }
}
