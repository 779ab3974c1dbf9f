package app.larder.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 5's catalog figure alone: the incremental catalog pull with nothing changed, by one paired terminal. Starts
 * the real web application ({@code web/target/larder.jar}) on a fresh embedded PostgreSQL with
 * {@code pg_stat_statements} preloaded, as {@link PosBenchmark} does, sets up a small menu through the public API,
 * pairs one device, pulls the full catalog, then times {@code GET /api/pos/v1/catalog?since=<cursor>} (warm-ups, then
 * the timed calls one after another, each followed by a call without a token, timed too: the floor of an HTTP call
 * through the POS door on the same machine at the same moment) and counts the statements the application ran for
 * the timed pulls; then shows the plan of the cursor check. A minute or two instead
 * of the full POS benchmark's ten. Options are {@code --bench.catalog.<name>=<value>}: {@code calls} (300),
 * {@code warmups} (500), {@code items} (60), {@code out} ({@code target/catalog-bench}), {@code jar},
 * {@code app-jvm-args}.
 */
public final class CatalogPullBenchmark {

    private static final String PASSWORD = "bench-password-1";

    private final Options options;
    private final Path out;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Report report = new Report();
    private final List<String> failures = new ArrayList<>();
    private String base;
    private String jdbcUrl;
    private boolean statStatements;
    private String tenant;

    private CatalogPullBenchmark(Options options) {
        this.options = options;
        this.out = Path.of(options.get("out", "target/catalog-bench")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
            zonky.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Options options = Options.parse("bench.catalog", args);
        System.exit(new CatalogPullBenchmark(options).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        line("Catalog pull benchmark (issue 5), %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        line("Machine: %d cores, load average at start %s", Runtime.getRuntime().availableProcessors(), Report.loadAverage());
        Process app = startApplication();
        try {
            String token = setUp();
            String full = send(HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/catalog"))
                    .header("Authorization", "Bearer " + token).GET().build());
            String cursor = field(full, "cursor");
            int warmups = options.integer("warmups", 500);
            int calls = options.integer("calls", 300);
            analyze();
            for (int i = 0; i < warmups; i++) {
                pull(token, cursor);
                refused();
            }
            resetStatements();
            double[] ms = new double[calls];
            double[] floor = new double[calls];
            int changed = 0;
            String lastCursor = cursor;
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                String body = pull(token, cursor);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                String compact = body.replace(" ", "");
                if (!compact.contains("\"items\":[]") || !compact.contains("\"deleted\":[]")
                        || !compact.contains("\"categories\":[]") || !compact.contains("\"modifierGroups\":[]")) {
                    changed++;
                }
                lastCursor = field(body, "cursor");
                long t1 = System.nanoTime();
                refused();
                floor[i] = (System.nanoTime() - t1) / 1e6;
            }
            long statements = dumpStatements(calls);
            explain(lastCursor);
            Arrays.sort(ms);
            line("Incremental pull, nothing changed: %d calls after %d warm-ups, one client, one after another", calls,
                    warmups);
            line("  p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (full catalog %d bytes; last cursor %s, "
                            + "first %s)", PosBenchmark.pct(ms, 50), PosBenchmark.pct(ms, 95), PosBenchmark.pct(ms, 99),
                    PosBenchmark.pct(ms, 100), full.length(), lastCursor, cursor);
            Arrays.sort(floor);
            line("  for comparison, the same call without a token (refused 401 by the POS filter chain, no database), "
                            + "timed between the pulls: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", PosBenchmark.pct(floor, 50),
                    PosBenchmark.pct(floor, 95), PosBenchmark.pct(floor, 99));
            if (statements >= 0) {
                line("  statements a pull (pg_stat_statements, larder_app, BEGIN/COMMIT included): %.1f",
                        (double) statements / calls);
            }
            if (changed > 0) {
                failures.add(changed + " pulls with nothing changed answered something");
            }
            line("Load average at the end %s", Report.loadAverage());
        } catch (Exception e) {
            failures.add("aborted: " + e);
            e.printStackTrace();
        } finally {
            app.destroy();
            if (!app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        failures.forEach(f -> line("FAILED: %s", f));
        report.writeTo(out.resolve("report.txt"));
        return failures.isEmpty();
    }

    /** The floor: the POS door refusing a call without a token (filter chain, problem JSON; no database). */
    private void refused() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/catalog"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 401) {
            throw new IllegalStateException("A call without a token answered " + response.statusCode());
        }
    }

    /** Statistics on the menu as autovacuum would have gathered them by now (the tables are fresh). */
    private void analyze() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("ANALYZE menu_category, menu_item, modifier_group");
        } catch (Exception e) {
            line("No ANALYZE: %s", e.getMessage());
        }
    }

    private String pull(String token, String cursor) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/pos/v1/catalog?since=" + cursor))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    /** A business with one category and a few priced dishes; one device, paired. Returns its token. */
    private String setUp() throws Exception {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.larder.app";
        String signedUp = call("POST", "/api/v1/signup", null, """
                {"businessName": "Catalog Bench Café", "ownerName": "Bench Owner", "email": "%s", "password": "%s",
                 "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD), 201);
        String venue = field(signedUp, "venueId");
        tenant = field(signedUp, "businessId");
        String owner = field(call("POST", "/api/v1/auth/tokens", null,
                "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, PASSWORD), 201), "token");
        String category = field(call("POST", "/api/v1/categories", owner, "{\"name\": \"Kitchen\"}", 201), "id");
        int items = options.integer("items", 60);
        for (int d = 0; d < items; d++) {
            call("POST", "/api/v1/menu-items", owner, """
                    {"kind": "DISH", "categoryId": "%s", "name": "Dish %03d", "price": "%d.00"}"""
                    .formatted(category, d, 80 + d), 201);
        }
        String created = call("POST", "/api/v1/pos-devices", owner,
                "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(venue), 201);
        String paired = call("POST", "/api/pos/v1/pair", null,
                "{\"code\": \"%s\", \"deviceName\": \"Bench till\"}".formatted(field(created, "pairingCode")), 200);
        line("Set up: one category, %d dishes, one paired device", items);
        return field(paired, "token");
    }

    private Process startApplication() throws Exception {
        LocalApplication app = LocalApplication.start(
                Path.of(options.get("jar", "../web/target/larder.jar")).toAbsolutePath().normalize(), out,
                options.get("app-jvm-args", "-Xms512m -Xmx1g"), Map.of(), Duration.ofSeconds(400), this::line);
        base = app.base();
        jdbcUrl = app.jdbcUrl();
        statStatements = app.statStatements();
        return app.process();
    }

    private void resetStatements() {
        if (!statStatements) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (Exception e) {
            line("pg_stat_statements not usable: %s", e.getMessage());
            statStatements = false;
        }
    }

    /** Prints what the application ran during the timed calls, per pull; returns the number of statements. */
    private long dumpStatements(int calls) {
        if (!statStatements) {
            return -1;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') AS query
                     FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE r.rolname = 'larder_app' ORDER BY calls DESC, total_exec_time DESC""")) {
            long total = 0;
            double ms = 0;
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                total += rs.getLong(1);
                ms += rs.getDouble(2);
                String query = rs.getString(3);
                rows.add("    %6.2f a pull  %7.3f ms a call  %s".formatted((double) rs.getLong(1) / calls,
                        rs.getDouble(2) / Math.max(1, rs.getLong(1)),
                        query.length() > 150 ? query.substring(0, 150) + "…" : query));
            }
            line("Statements of the application during the timed pulls (pg_stat_statements): %d, %.1f a pull, "
                    + "%.3f ms of execution a pull", total, (double) total / calls, ms / calls);
            rows.forEach(this::line);
            return total;
        } catch (Exception e) {
            line("pg_stat_statements failed: %s", e.getMessage());
            return -1;
        }
    }

    /** The plan of the cursor check, as the application's role with the tenant set (row-level security on). */
    private void explain(String cursor) {
        String sql;
        try {
            // Read from the class, so always the statement being measured (by reflection: an older installed
            // backend without it still runs the rest).
            sql = ((String) Class.forName("app.larder.menu.PosCatalog").getField("CHANGED_SINCE").get(null))
                    .replace(":since", cursor.substring(cursor.indexOf('.') + 1));
        } catch (ReflectiveOperationException e) {
            line("No plan: the installed backend has no PosCatalog.CHANGED_SINCE (install it first)");
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "larder_app", "larder_app");
             Statement s = c.createStatement()) {
            s.execute("SELECT set_config('app.tenant_id', '" + UUID.fromString(tenant) + "', false)");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
            line("Plan of PosCatalog.CHANGED_SINCE (the cursor check):%n%s", plan.toString().stripTrailing());
        } catch (Exception e) {
            line("No plan: %s", e.getMessage());
        }
    }

    private String call(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return m.group(1);
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }
}
