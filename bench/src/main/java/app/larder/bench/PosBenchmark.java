package app.larder.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The POS sync benchmark of issue 5: the real web application (the {@code web} module's executable jar) on its
 * embedded PostgreSQL with a fresh data directory under {@code target/pos-bench}, a business set up through the
 * public API, and a load generator of our own: terminal threads that push receipts over HTTP, a fixed number each
 * (bounded, self-stopping), once in batches of 1 and once in batches of 50. Then it checks that every receipt was
 * accepted once with its sales write-off, times the incremental catalog pull with nothing changed, and the same rows
 * written by a bare JDBC batch. Not a Spring application: run it with the command in {@code bench/README.md}.
 * Options are {@code --bench.pos.<name>=<value>} arguments (see {@link Options}).
 */
public final class PosBenchmark {

    private static final Pattern RESULT = Pattern.compile(
            "\"id\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final String PASSWORD = "bench-password-1";

    private final Options options;
    private final Path out;
    private final boolean supply;
    private final HttpClient setupClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private final Report report = new Report();
    private String base;
    private String jdbcUrl;
    private String ownerToken;
    private UUID tenant;
    private UUID venue;
    private UUID storage;
    private final List<UUID> ingredients = new ArrayList<>();
    private final List<Dish> dishes = new ArrayList<>();
    private final List<Terminal> terminals = new ArrayList<>();
    private boolean statStatements;
    private long receiptsSent;
    private final Map<UUID, BigDecimal> expectedOut = new ConcurrentHashMap<>();
    private final AtomicLong expectedMovements = new AtomicLong();
    private final AtomicLong expectedReceipts = new AtomicLong();

    /** A dish: price and what one portion takes from stock, per ingredient, in grams. */
    record Dish(UUID id, BigDecimal price, Map<UUID, BigDecimal> grams) {
    }

    record Terminal(int index, UUID deviceId, String token) {
    }

    record Run(String name, int batch, long receipts, long accepted, long other, double seconds, double[] latenciesMs,
               Map<String, Long> waits, long waitSamples) {
        double perSecond() {
            return accepted / seconds;
        }
    }

    /** The application's process when this benchmark started it, for its CPU time; null otherwise. */
    private ProcessHandle application;

    private PosBenchmark(Options options) {
        this.options = options;
        this.out = Path.of(options.get("out", "target/pos-bench")).toAbsolutePath();
        this.supply = Boolean.parseBoolean(options.get("supply", "true"));
    }

    public static void main(String[] args) throws Exception {
        if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
            zonky.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Options options = Options.parse("bench.pos", args);
        boolean ok = new PosBenchmark(options).run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        line("POS sync benchmark (issue 5), %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        line("Machine: %d cores, load average at start %s", Runtime.getRuntime().availableProcessors(), Report.loadAverage());
        Process app = null;
        try {
            if (options.has("url")) {
                base = options.get("url", null);
                jdbcUrl = options.get("jdbc-url", null);
                if (jdbcUrl == null) {
                    throw new IllegalArgumentException("--bench.pos.url needs --bench.pos.jdbc-url (the app's database)");
                }
                line("Using the application at %s (database %s)", base, jdbcUrl);
            } else {
                app = startApplication();
                application = app.toHandle();
            }
            setUp();
            resetStatements();
            double[] catalogBefore = catalogPulls("before the load");
            dumpStatements("catalog", 0);
            int terminalCount = terminals.size();
            // A short warm-up (JIT, connection pools, caches), not counted in the figures.
            load("warm-up", 1, options.integer("warmup-receipts", 10), false);
            analyze();
            resetStatements();
            List<Run> runs = new ArrayList<>();
            runs.add(load("batches of 1", 1, options.integer("receipts-single", 10), true));
            dumpStatements("batch1", runs.get(0).accepted());
            analyze();
            resetStatements();
            runs.add(load("batches of 50", 50, options.integer("receipts-batched", 50), true));
            dumpStatements("batch50", runs.get(1).accepted());
            double[] catalogAfter = catalogPulls("after the load");
            verify();
            Bare bare = bareJdbc(options.integer("bare-receipts", 10_000), options.integer("bare-connections", 10), false);
            // A prototype for a product decision, not what the application does: SALE movements summed per batch.
            Bare aggregated = Boolean.parseBoolean(options.get("bare-aggregated", "false"))
                    ? bareJdbc(options.integer("bare-receipts", 10_000), options.integer("bare-connections", 10), true) : null;

            line("");
            line("== Results (%d terminals, %d-line receipts, dishes of 4 to 8 ingredients through one level of "
                    + "semi-finished products) ==", terminalCount, 5);
            line("%-26s %10s %12s %12s %12s %12s", "run", "receipts", "accepted/s", "p50 ms", "p99 ms", "max ms");
            for (Run r : runs) {
                line("%-26s %10d %12.0f %12.1f %12.1f %12.1f", r.name(), r.accepted(), r.perSecond(),
                        pct(r.latenciesMs(), 50), pct(r.latenciesMs(), 99), pct(r.latenciesMs(), 100));
            }
            line("%-26s %10d %12.0f %12s %12s %12s", "bare JDBC batch", bare.receipts, bare.perSecond(), "", "", "");
            if (aggregated != null) {
                line("%-26s %10d %12.0f %12s %12s %12s", "bare, movements per batch", aggregated.receipts,
                        aggregated.perSecond(), "", "", "");
            }
            for (Run r : runs) {
                line("  %s: %.1f %% of the bare JDBC batch", r.name(), 100 * r.perSecond() / bare.perSecond());
            }
            line("Incremental catalog pull, nothing changed: before the load p50 %.2f ms, p99 %.2f ms; after "
                    + "p50 %.2f ms, p99 %.2f ms (target < 10 ms)", pct(catalogBefore, 50), pct(catalogBefore, 99),
                    pct(catalogAfter, 50), pct(catalogAfter, 99));
            line("Load average at the end %s", Report.loadAverage());
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            failures.add("aborted: " + trace);
        } finally {
            if (app != null) {
                long pause = Long.parseLong(options.get("pause-at-end-seconds", "0"));
                if (pause > 0) {
                    line("Application up at %s, database %s (user postgres/postgres) for %d s", base, jdbcUrl, pause);
                    Thread.sleep(pause * 1000);
                }
                app.destroy();
                if (!app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
        if (!failures.isEmpty()) {
            line("");
            line("FAILED checks:");
            failures.forEach(f -> line("  " + f));
        }
        report.writeTo(out.resolve("report.txt"));
        return failures.isEmpty();
    }

    // --- the application

    private Process startApplication() throws Exception {
        // 50 pairings from one address; the per-device rate limit stays as shipped (6,000 calls a minute).
        LocalApplication app = LocalApplication.start(
                Path.of(options.get("jar", "../web/target/larder.jar")).toAbsolutePath().normalize(), out,
                options.get("app-jvm-args", "-Xms512m -Xmx2g"),
                Map.of("LARDER_RATE_LIMIT_PAIRINGS_PER_HOUR", "1000", "LARDER_RATE_LIMIT_LOGINS_PER_HOUR", "1000"),
                Duration.ofSeconds(Long.parseLong(options.get("start-timeout-seconds", "400"))), this::line);
        base = app.base();
        jdbcUrl = app.jdbcUrl();
        statStatements = app.statStatements();
        return app.process();
    }

    // --- the business, through the public API

    private void setUp() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(options.integer("seed", 5));
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.larder.app";
        String signedUp = call("POST", "/api/v1/signup", null, """
                {"businessName": "POS Bench Café", "ownerName": "Bench Owner", "email": "%s", "password": "%s",
                 "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD), 201);
        tenant = UUID.fromString(field(signedUp, "businessId"));
        venue = UUID.fromString(field(signedUp, "venueId"));
        storage = UUID.fromString(field(signedUp, "storageId"));
        ownerToken = field(call("POST", "/api/v1/auth/tokens", null,
                "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, PASSWORD), 201), "token");

        int ingredientCount = options.integer("ingredients", 100);
        int semiCount = options.integer("semis", 20);
        int dishCount = options.integer("dishes", 60);
        for (int i = 0; i < ingredientCount; i++) {
            ingredients.add(id(call("POST", "/api/v1/ingredients", ownerToken,
                    "{\"name\": \"Ingredient %03d\", \"unit\": \"kg\", \"unitCost\": \"%d.00\"}"
                            .formatted(i, 50 + i), 201)));
        }
        // With a supply, the card's unit cost is never read; without one, every sale is valued by it.
        if (supply) {
            supplyEverything();
        }

        // Semi-finished products of 2 or 4 ingredients, 1 kg made of 1 kg: a gram of one takes 1/2 or 1/4 g of each.
        String validFrom = Instant.now().minus(60, ChronoUnit.DAYS).toString();
        List<Map<UUID, BigDecimal>> semiPerGram = new ArrayList<>();
        List<UUID> semis = new ArrayList<>();
        for (int s = 0; s < semiCount; s++) {
            UUID semi = id(call("POST", "/api/v1/semi-finished-products", ownerToken,
                    "{\"name\": \"Semi %02d\", \"unit\": \"kg\"}".formatted(s), 201));
            int parts = s % 2 == 0 ? 2 : 4;
            List<UUID> chosen = pick(random, ingredients, parts, Set.of());
            Map<UUID, BigDecimal> perGram = new LinkedHashMap<>();
            StringBuilder card = new StringBuilder();
            for (UUID ingredient : chosen) {
                card.append(card.isEmpty() ? "" : ", ").append("""
                        {"kind": "INGREDIENT", "componentId": "%s", "quantity": "%d", "unit": "g"}"""
                        .formatted(ingredient, 1000 / parts));
                perGram.put(ingredient, BigDecimal.ONE.divide(BigDecimal.valueOf(parts)));
            }
            call("POST", "/api/v1/semi-finished-products/" + semi + "/tech-cards", ownerToken, """
                    {"validFrom": "%s", "yieldQuantity": "1", "yieldUnit": "kg", "lines": [%s]}"""
                    .formatted(validFrom, card), 201);
            semis.add(semi);
            semiPerGram.add(perGram);
        }
        UUID category = id(call("POST", "/api/v1/categories", ownerToken, "{\"name\": \"Kitchen\"}", 201));
        // Dishes: 100 g of one semi-finished product and 2 to 4 more ingredients of their own: 4 to 8 ingredients.
        for (int d = 0; d < dishCount; d++) {
            int semiIndex = random.nextInt(semis.size());
            Map<UUID, BigDecimal> grams = new LinkedHashMap<>();
            semiPerGram.get(semiIndex).forEach((k, v) -> grams.merge(k, v.multiply(BigDecimal.valueOf(100)), BigDecimal::add));
            int own = semiPerGram.get(semiIndex).size() == 2 ? 2 + random.nextInt(5) : random.nextInt(5);
            StringBuilder card = new StringBuilder("""
                    {"kind": "SEMI", "componentId": "%s", "quantity": "100", "unit": "g"}""".formatted(semis.get(semiIndex)));
            for (UUID ingredient : pick(random, ingredients, own, grams.keySet())) {
                int g = 10 + random.nextInt(90);
                card.append(", ").append("""
                        {"kind": "INGREDIENT", "componentId": "%s", "quantity": "%d", "unit": "g"}""".formatted(ingredient, g));
                grams.merge(ingredient, BigDecimal.valueOf(g), BigDecimal::add);
            }
            BigDecimal price = BigDecimal.valueOf(80 + random.nextInt(200)).setScale(2);
            UUID dish = id(call("POST", "/api/v1/menu-items", ownerToken, """
                    {"kind": "DISH", "categoryId": "%s", "name": "Dish %03d", "price": "%s"}"""
                    .formatted(category, d, price), 201));
            call("POST", "/api/v1/menu-items/" + dish + "/tech-cards", ownerToken,
                    "{\"validFrom\": \"%s\", \"lines\": [%s]}".formatted(validFrom, card), 201);
            dishes.add(new Dish(dish, price, grams));
        }
        int terminalCount = options.integer("terminals", 50);
        for (int t = 0; t < terminalCount; t++) {
            String created = call("POST", "/api/v1/pos-devices", ownerToken,
                    "{\"venueId\": \"%s\", \"name\": \"Till %02d\"}".formatted(venue, t), 201);
            String paired = call("POST", "/api/pos/v1/pair", null,
                    "{\"code\": \"%s\", \"deviceName\": \"Bench till %02d\"}".formatted(field(created, "pairingCode"), t), 200);
            terminals.add(new Terminal(t, UUID.fromString(field(paired, "deviceId")), field(paired, "token")));
        }
        IntSummary sizes = new IntSummary();
        dishes.forEach(d -> sizes.add(d.grams().size()));
        line("Business set up through the API in %.1f s: %d ingredients, %d semi-finished products, %d dishes "
                        + "(%s ingredients each), %s, %d paired terminals; tenant %s", (System.nanoTime() - started) / 1e9,
                ingredients.size(), semis.size(), dishes.size(), sizes, supply ? "one supply" : "no supply", terminals.size(), tenant);
    }

    private static List<UUID> pick(Random random, List<UUID> from, int count, Set<UUID> except) {
        Set<UUID> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            UUID candidate = from.get(random.nextInt(from.size()));
            if (!except.contains(candidate)) {
                chosen.add(candidate);
            }
        }
        return new ArrayList<>(chosen);
    }

    // --- the catalog

    private double[] catalogPulls(String when) throws Exception {
        Terminal terminal = terminals.get(0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String full = send(client, HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/catalog"))
                .header("Authorization", "Bearer " + terminal.token()).GET().build(), 200);
        String cursor = field(full, "cursor");
        int warmups = options.integer("catalog-warmups", 50);
        int calls = options.integer("catalog-calls", 300);
        double[] ms = new double[calls];
        int changed = 0;
        for (int i = -warmups; i < calls; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/catalog?since=" + cursor))
                    .header("Authorization", "Bearer " + terminal.token()).GET().build();
            long t0 = System.nanoTime();
            String body = send(client, request, 200);
            long t1 = System.nanoTime();
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
                if (!body.replace(" ", "").contains("\"items\":[]") || !body.replace(" ", "").contains("\"deleted\":[]")) {
                    changed++;
                }
            }
        }
        Arrays.sort(ms);
        line("Incremental catalog pull %s, nothing changed: %d calls after %d warm-ups, one client: p50 %.2f ms, "
                + "p99 %.2f ms, max %.2f ms (full catalog %d bytes)", when, calls, warmups, pct(ms, 50), pct(ms, 99),
                pct(ms, 100), full.length());
        if (changed > 0) {
            failures.add(changed + " incremental pulls with nothing changed answered items or deletions");
        }
        return ms;
    }

    // --- the load

    private Run load(String name, int batch, int receiptsPerTerminal, boolean report) throws Exception {
        int batches = (receiptsPerTerminal + batch - 1) / batch;
        long total = (long) receiptsPerTerminal * terminals.size();
        receiptsSent += total;
        int maxAttempts = options.integer("max-attempts", 20);
        // Bounded in time as well: after this, terminals send no new batch and retry none (a run that cannot make
        // progress still ends; what was not accepted is reported and must have left nothing behind).
        long maxNanos = Long.parseLong(options.get("max-seconds-per-run", "240")) * 1_000_000_000L;
        AtomicLong abandoned = new AtomicLong();
        long[] deadline = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(terminals.size());
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong failedAttempts = new AtomicLong();
        List<Future<double[]>> results = new ArrayList<>();
        Map<String, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
        for (Terminal terminal : terminals) {
            Random random = new Random(name.hashCode() * 31L + terminal.index());
            results.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                double[] latencies = new double[batches];
                Arrays.fill(latencies, Double.NaN);
                start.await();
                int made = 0;
                for (int b = 0; b < batches; b++) {
                    if (System.nanoTime() > deadline[0]) {
                        abandoned.addAndGet(Math.min(batch, receiptsPerTerminal - made));
                        made += batch;
                        continue;
                    }
                    // A terminal closes receipts and pushes them: a batch of one is closed now; a batch of 50 is what
                    // a terminal kept while offline, closed over the last minutes.
                    Instant now = Instant.now();
                    Map<String, Map<UUID, BigDecimal>> takes = new HashMap<>();
                    StringBuilder body = new StringBuilder("{\"receipts\": [");
                    for (int r = 0; r < batch && made < receiptsPerTerminal; r++, made++) {
                        body.append(r == 0 ? "" : ",").append(receipt(random, terminal, made,
                                now.minusSeconds(2L * (batch - 1 - r)), takes));
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/receipts"))
                            .timeout(Duration.ofSeconds(300))
                            .header("Authorization", "Bearer " + terminal.token())
                            .header("Content-Type", "application/json")
                            .header("X-POS-App-Version", "bench-1")
                            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
                    // The latency of a batch is the terminal's: until it has its answer, retries included. A terminal
                    // retries the same batch (same ids) after an error, as the contract lets it.
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = null;
                    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                        response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            break;
                        }
                        failedAttempts.incrementAndGet();
                        otherStatuses.computeIfAbsent("HTTP " + response.statusCode(), k -> new AtomicLong())
                                .incrementAndGet();
                        if (System.nanoTime() > deadline[0]) {
                            break;
                        }
                        Thread.sleep(50 + random.nextInt(200));
                    }
                    if (response.statusCode() != 200) {
                        abandoned.addAndGet(takes.size());
                        continue;
                    }
                    latencies[b] = (System.nanoTime() - t0) / 1e6;
                    Matcher m = RESULT.matcher(response.body());
                    while (m.find()) {
                        String status = m.group(2);
                        if (status.equals("accepted") || status.equals("duplicate")) {
                            (status.equals("accepted") ? accepted : duplicates).incrementAndGet();
                            Map<UUID, BigDecimal> took = takes.get(m.group(1));
                            took.forEach((k, v) -> expectedOut.merge(k, v, BigDecimal::add));
                            expectedMovements.addAndGet(took.size());
                            expectedReceipts.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                            otherStatuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
                return latencies;
            }));
        }
        WaitSampler sampler = new WaitSampler();
        Thread samplerThread = new Thread(sampler, "wait-sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();
        CpuUse cpuBefore = CpuUse.now(application);
        long t0 = System.nanoTime();
        deadline[0] = t0 + maxNanos;
        start.countDown();
        List<Double> all = new ArrayList<>();
        for (Future<double[]> result : results) {
            for (double ms : result.get()) {
                if (!Double.isNaN(ms)) {
                    all.add(ms);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuUse cpu = CpuUse.now(application).since(cpuBefore);
        sampler.stop.set(true);
        samplerThread.join();
        pool.shutdown();
        double[] latencies = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Run run = new Run(name, batch, total, accepted.get() + duplicates.get(), other.get(), seconds, latencies,
                sampler.counts(), sampler.samples);
        if (run.accepted() != total) {
            failures.add(name + ": " + run.accepted() + " of " + total + " receipts accepted; others: " + otherStatuses);
        }
        if (report) {
            line("Load %s: %d terminals x %d receipts (%d batches of %d answered) in %.1f s: %.0f accepted receipts/s; "
                            + "latency per batch p50 %.1f ms, p99 %.1f ms, max %.1f ms; accepted %d, duplicate on a "
                            + "retry %d, rejected %d, given up at the time limit %d; failed attempts: %d %s",
                    name, terminals.size(), receiptsPerTerminal, latencies.length, batch, seconds, run.perSecond(),
                    pct(latencies, 50), pct(latencies, 99), pct(latencies, 100), accepted.get(), duplicates.get(),
                    run.other(), abandoned.get(), failedAttempts.get(), otherStatuses);
            long done = Math.max(1, accepted.get() + duplicates.get());
            line("  CPU a receipt: application %.2f ms, load generator %.2f ms, the rest of the machine (mostly "
                            + "PostgreSQL) %.2f ms; the machine's cores were busy %.0f %% of the run (%d cores)",
                    1000 * cpu.applicationSeconds() / done, 1000 * cpu.benchmarkSeconds() / done,
                    1000 * cpu.restSeconds() / done,
                    100 * cpu.machineSeconds() / (seconds * Runtime.getRuntime().availableProcessors()),
                    Runtime.getRuntime().availableProcessors());
            line("  what the app's database sessions were doing (%d samples of pg_stat_activity every 20 ms, active "
                    + "sessions by wait event): %s", sampler.samples, run.waits());
        } else {
            line("Warm-up: %d receipts in batches of %d in %.1f s; failed attempts retried: %d %s", total, batch, seconds,
                    failedAttempts.get(), otherStatuses);
        }
        return run;
    }

    private String receipt(Random random, Terminal terminal, int n, Instant closed,
                           Map<String, Map<UUID, BigDecimal>> takesOf) {
        StringBuilder lines = new StringBuilder();
        BigDecimal total = BigDecimal.ZERO;
        Map<UUID, BigDecimal> takes = new HashMap<>();
        for (int l = 0; l < 5; l++) {
            Dish dish = dishes.get(random.nextInt(dishes.size()));
            lines.append(l == 0 ? "" : ",").append("""
                    {"itemId":"%s","quantity":"1","unitPrice":"%s","modifiers":[],"discount":"0.00"}"""
                    .formatted(dish.id(), dish.price()));
            total = total.add(dish.price());
            dish.grams().forEach((k, v) -> takes.merge(k, v, BigDecimal::add));
        }
        UUID id = UUID.randomUUID();
        takesOf.put(id.toString(), takes);
        return """
                {"id":"%s","number":"T%02d-%06d","openedAt":"%s","closedAt":"%s","shiftId":null,"waiter":"Bench",\
                "customerId":null,"lines":[%s],"payments":[{"method":"%s","amount":"%s"}],"total":"%s","refundOf":null}"""
                .formatted(id, terminal.index(), n, closed.minusSeconds(300), closed, lines,
                        random.nextBoolean() ? "cash" : "card", total, total);
    }

    /** Samples what the application's database sessions wait on during a run (every 20 ms). */
    private final class WaitSampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Long> counts = new TreeMap<>();
        long samples;

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 PreparedStatement s = c.prepareStatement("""
                         SELECT COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*) FROM pg_stat_activity
                         WHERE datname = 'larder' AND usename = 'larder_app' AND state = 'active' GROUP BY 1""")) {
                while (!stop.get()) {
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                    samples++;
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                counts.put("sampler failed: " + e.getMessage(), 0L);
            }
        }

        Map<String, Long> counts() {
            Map<String, Long> sorted = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }
    }

    /**
     * One supply of 10 t of each ingredient a month ago, so stock stays positive: the write-offs are plain. Without
     * it ({@code --bench.pos.supply=false}) the business is a café that never enters supplies: stock runs below zero
     * with its first sale, and every sale is a shortfall valued by the ingredient's card.
     */
    private void supplyEverything() throws Exception {
        UUID supplier = id(call("POST", "/api/v1/suppliers", ownerToken, "{\"name\": \"Bench Supplier\"}", 201));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ingredients.size(); i++) {
            lines.append(i == 0 ? "" : ", ").append("""
                    {"ingredientId": "%s", "quantity": "10000", "unit": "kg", "price": "%d.00", "total": null, "vatRate": null}"""
                    .formatted(ingredients.get(i), 50 + i));
        }
        call("POST", "/api/v1/supplies", ownerToken, """
                {"suppliedAt": "%s", "storageId": "%s", "supplierId": "%s", "invoiceNumber": "BENCH-1", "post": true,
                 "amountPaid": null, "version": null, "lines": [%s]}"""
                .formatted(Instant.now().minus(30, ChronoUnit.DAYS), storage, supplier, lines), 201);
    }

    // --- checks

    private void verify() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            long receipts = count(c, "SELECT count(*) FROM receipt WHERE tenant_id = ?");
            long lines = count(c, "SELECT count(*) FROM receipt_line WHERE tenant_id = ?");
            long payments = count(c, "SELECT count(*) FROM receipt_payment WHERE tenant_id = ?");
            long sales = count(c, "SELECT count(*) FROM stock_movement WHERE tenant_id = ? AND kind = 'SALE'");
            long saleDocuments = count(c, """
                    SELECT count(DISTINCT document_id) FROM stock_movement WHERE tenant_id = ? AND kind = 'SALE'""");
            long unmatched = count(c, """
                    SELECT count(*) FROM receipt r WHERE r.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM stock_movement m
                      WHERE m.tenant_id = r.tenant_id AND m.document_id = r.id AND m.kind = 'SALE')""");
            long others = count(c, "SELECT count(*) FROM stock_movement WHERE tenant_id = ? AND kind NOT IN ('SUPPLY', 'SALE')");
            long ledgerOff = count(c, """
                    SELECT count(*) FROM stock_level_now l
                    FULL JOIN (SELECT storage_id, item_id, SUM(quantity) AS quantity, SUM(value) AS value
                               FROM stock_movement WHERE tenant_id = ?1 GROUP BY storage_id, item_id) m
                      ON m.storage_id = l.storage_id AND m.item_id = l.item_id
                    WHERE (l.tenant_id = ?1 OR l.tenant_id IS NULL)
                      AND (l.quantity IS DISTINCT FROM m.quantity OR l.value IS DISTINCT FROM m.value)"""
                    .replace("?1", "'" + tenant + "'"));
            Map<UUID, BigDecimal> taken = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT item_id, -SUM(quantity) FROM stock_movement WHERE tenant_id = ? AND kind = 'SALE'
                    GROUP BY item_id""")) {
                s.setObject(1, tenant);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        taken.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                    }
                }
            }
            int wrongItems = 0;
            for (UUID ingredient : ingredients) {
                BigDecimal want = expectedOut.getOrDefault(ingredient, BigDecimal.ZERO);
                BigDecimal got = taken.getOrDefault(ingredient, BigDecimal.ZERO);
                if (want.compareTo(got) != 0) {
                    wrongItems++;
                }
            }
            line("Checks: %d receipts sent, %d answered accepted or duplicate, %d stored, %d lines, %d payments; %d SALE movements (expected %d) under %d "
                            + "receipts, %d receipts without a write-off, %d other movements (corrections), ledger check "
                            + "(stock_level = sum of movements) off for %d items; grams taken per ingredient differ from the "
                            + "tech cards for %d of %d ingredients", receiptsSent, expectedReceipts.get(), receipts, lines, payments, sales,
                    expectedMovements.get(), saleDocuments, unmatched, others, ledgerOff, wrongItems, ingredients.size());
            long acceptedOnce = expectedReceipts.get();
            expect(receipts == acceptedOnce, "every accepted receipt stored once (" + receipts + " stored, "
                    + acceptedOnce + " accepted)");
            expect(lines == 5 * receipts, "5 lines a receipt");
            expect(payments == receipts, "one payment a receipt");
            expect(saleDocuments == receipts && unmatched == 0, "every receipt has its SALE write-off");
            expect(sales == expectedMovements.get(), "one SALE movement per receipt and ingredient");
            expect(ledgerOff == 0, "ledger check empty");
            expect(wrongItems == 0, "quantities written off as the tech cards say");
        }
    }

    private long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                s.setObject(1, tenant);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void expect(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
    }

    // --- pg_stat_statements

    /**
     * Statistics as autovacuum would have them on a database that grew over months: this one grew from nothing in
     * seconds, and the plans the application prepared meanwhile (for an empty ledger) would otherwise read whole
     * tables for a while (run 4 measured 8 ms instead of 0.02 ms for one lookup by document before autovacuum
     * caught up).
     */
    private void analyze() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        } catch (SQLException e) {
            line("ANALYZE failed: %s", e.getMessage());
        }
    }

    private void resetStatements() {
        if (!statStatements) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            line("pg_stat_statements not usable: %s", e.getMessage());
            statStatements = false;
        }
    }

    private void dumpStatements(String run, long receipts) {
        if (!statStatements) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                            rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
                     FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE r.rolname = 'larder_app' ORDER BY total_exec_time DESC""")) {
            StringBuilder all = new StringBuilder();
            List<String> top = new ArrayList<>();
            double sum = 0;
            long calls = 0;
            while (rs.next()) {
                String row = "%8d calls %10.1f ms total %8.3f ms mean %9d rows  %s".formatted(rs.getLong(1),
                        rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getString(5));
                all.append(row).append('\n');
                sum += rs.getDouble(2);
                calls += rs.getLong(1);
                if (top.size() < 12) {
                    top.add(row.length() > 230 ? row.substring(0, 230) + "…" : row);
                }
            }
            Files.writeString(out.resolve("pg_stat_statements-" + run + ".txt"), all);
            line("  pg_stat_statements (%s, larder_app): %d statements executed%s, %.0f ms execution time in all; "
                    + "the most expensive (full list in %s):", run, calls,
                    receipts > 0 ? " (%.0f a receipt)".formatted((double) calls / receipts) : "", sum,
                    out.resolve("pg_stat_statements-" + run + ".txt"));
            top.forEach(t -> line("    " + t));
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (Exception e) {
            line("pg_stat_statements failed: %s", e.getMessage());
        }
    }

    // --- the bare JDBC batch

    record Bare(long receipts, double seconds) {
        double perSecond() {
            return receipts / seconds;
        }
    }

    /**
     * The same rows as the application writes for a receipt (the receipt, 5 lines, a payment, one SALE movement per
     * ingredient and storage) inserted by plain JDBC batches of 50 receipts a transaction, as the application's role
     * with the tenant set (row-level security and every constraint and index apply) and the pool's JDBC settings,
     * over as many connections as the application's pool. No reads, no validation, no stock_level: the floor of what the inserts cost.
     */
    private Bare bareJdbc(int receipts, int connections, boolean perBatch) throws Exception {
        int batch = 50;
        int batches = receipts / batch;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong next = new AtomicLong();
        UUID device = terminals.get(0).deviceId();
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                long done = 0;
                // As the application's pool connects: batches of inserts go as multi-row INSERTs.
                try (Connection c = DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                        + "reWriteBatchedInserts=true", "larder_app", "larder_app")) {
                    try (PreparedStatement s = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
                        s.setString(1, tenant.toString());
                        s.execute();
                    }
                    c.setAutoCommit(false);
                    PreparedStatement receipt = c.prepareStatement("""
                            INSERT INTO receipt (tenant_id, id, venue_id, device_id, number, opened_at, closed_at, shift_id,
                              waiter, customer_id, total, refund_of, content_hash, received_at)
                            VALUES (larder_current_tenant(), ?, ?, ?, ?, ?, ?, NULL, 'Bench', NULL, ?, NULL, ?, now())""");
                    PreparedStatement line = c.prepareStatement("""
                            INSERT INTO receipt_line (receipt_id, position, menu_item_id, quantity, unit_price, discount, amount)
                            VALUES (?, ?, ?, 1, ?, 0, ?)""");
                    PreparedStatement payment = c.prepareStatement("""
                            INSERT INTO receipt_payment (receipt_id, position, method, amount) VALUES (?, 0, 'card', ?)""");
                    PreparedStatement movement = c.prepareStatement("""
                            INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                              value, document_kind, document_id, caused_by, booked_at, booked_by)
                            VALUES (larder_current_tenant(), ?, ?, ?, ?, 'SALE', 'AVERAGE', ?, ?, 'SALE', ?, ?, now(), NULL)""");
                    start.await();
                    while (next.getAndIncrement() < batches) {
                        Map<UUID, BigDecimal> batchTakes = new HashMap<>();
                        UUID batchId = UUID.randomUUID();
                        Timestamp batchClosed = Timestamp.from(Instant.now());
                        for (int r = 0; r < batch; r++) {
                            UUID id = UUID.randomUUID();
                            Timestamp closed = Timestamp.from(Instant.now());
                            BigDecimal total = BigDecimal.ZERO;
                            Map<UUID, BigDecimal> takes = new HashMap<>();
                            for (int l = 0; l < 5; l++) {
                                Dish dish = dishes.get(random.nextInt(dishes.size()));
                                line.setObject(1, id);
                                line.setInt(2, l);
                                line.setObject(3, dish.id());
                                line.setBigDecimal(4, dish.price());
                                line.setBigDecimal(5, dish.price());
                                line.addBatch();
                                total = total.add(dish.price());
                                dish.grams().forEach((k, v) -> takes.merge(k, v, BigDecimal::add));
                            }
                            receipt.setObject(1, id);
                            receipt.setObject(2, venue);
                            receipt.setObject(3, device);
                            receipt.setString(4, "JDBC-" + id.toString().substring(0, 8));
                            receipt.setTimestamp(5, closed);
                            receipt.setTimestamp(6, closed);
                            receipt.setBigDecimal(7, total);
                            receipt.setString(8, "0".repeat(64));
                            receipt.addBatch();
                            payment.setObject(1, id);
                            payment.setBigDecimal(2, total);
                            payment.addBatch();
                            if (perBatch) {
                                takes.forEach((k, v) -> batchTakes.merge(k, v, BigDecimal::add));
                                continue;
                            }
                            addSales(movement, takes, closed, id);
                        }
                        addSales(movement, batchTakes, batchClosed, batchId);
                        receipt.executeBatch();
                        line.executeBatch();
                        payment.executeBatch();
                        movement.executeBatch();
                        c.commit();
                        done += batch;
                    }
                }
                return done;
            }));
        }
        CpuUse cpuBefore = CpuUse.now(application);
        long t0 = System.nanoTime();
        start.countDown();
        long done = 0;
        for (Future<Long> result : results) {
            done += result.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuUse cpu = CpuUse.now(application).since(cpuBefore);
        pool.shutdown();
        Bare bare = new Bare(done, seconds);
        line("Bare JDBC batch: %d receipts with their lines, payments and SALE movements (%s), batches of %d a "
                        + "transaction over %d connections as larder_app (RLS on), in %.1f s: %.0f receipts/s", done,
                perBatch ? "one per ingredient and batch: a prototype" : "one per ingredient and receipt", batch,
                connections, seconds, bare.perSecond());
        line("  CPU a receipt: the JDBC client %.2f ms, the rest of the machine (mostly PostgreSQL) %.2f ms",
                1000 * cpu.benchmarkSeconds() / Math.max(1, done), 1000 * cpu.restSeconds() / Math.max(1, done));
        return bare;
    }

    /** One SALE movement per ingredient taken, of one document (a receipt, or a batch in the prototype). */
    private void addSales(PreparedStatement movement, Map<UUID, BigDecimal> takes, Timestamp moment, UUID document)
            throws SQLException {
        for (Map.Entry<UUID, BigDecimal> take : takes.entrySet()) {
            movement.setObject(1, UUID.randomUUID());
            movement.setObject(2, storage);
            movement.setObject(3, take.getKey());
            movement.setTimestamp(4, moment);
            movement.setBigDecimal(5, take.getValue().negate());
            movement.setBigDecimal(6, take.getValue().negate().multiply(new BigDecimal("0.1")));
            movement.setObject(7, document);
            movement.setObject(8, document);
            movement.addBatch();
        }
    }

    // --- HTTP and small helpers

    private String call(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(setupClient, request.build(), expected);
    }

    private static String send(HttpClient client, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static UUID id(String json) {
        return UUID.fromString(field(json, "id"));
    }

    /** The first string value of a field in a JSON answer (enough for the few the benchmark reads). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return m.group(1);
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private static final class IntSummary {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;

        void add(int value) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        @Override
        public String toString() {
            return min + " to " + max;
        }
    }
}
