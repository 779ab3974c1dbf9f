package app.larder.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real web application (its executable jar) started as a child process for a benchmark that talks to it over
 * HTTP: on its embedded PostgreSQL with a fresh data directory under {@code out}, both on free ports, the log in
 * {@code out/app.log}, and (best effort) pg_stat_statements preloaded. The child inherits this process's environment,
 * plus the settings given.
 */
record LocalApplication(Process process, String base, String jdbcUrl, boolean statStatements) {

    static LocalApplication start(Path jar, Path out, String jvmArgs, Map<String, String> env, Duration startTimeout,
                                  Consumer<String> log) throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No " + jar + ": build it first (mvn -B install -DskipTests -pl web -am)");
        }
        Path dataDir = out.resolve("pgdata");
        deleteTree(dataDir);
        int pgPort = freePort();
        int httpPort = freePort();
        boolean statStatements = preparePgStatStatements(dataDir, pgPort, log);
        String base = "http://localhost:" + httpPort;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        Path appLog = out.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appLog.toFile());
        Map<String, String> childEnv = builder.environment();
        childEnv.put("PORT", String.valueOf(httpPort));
        childEnv.put("LARDER_DATABASE_EMBEDDED_DATA_DIR", dataDir.toString());
        childEnv.put("LARDER_DATABASE_EMBEDDED_PORT", String.valueOf(pgPort));
        childEnv.put("LARDER_DEMO_ENABLED", "false");
        childEnv.putAll(env);
        long started = System.nanoTime();
        Process app = builder.start();
        log.accept("Starting %s on port %d (embedded PostgreSQL on port %d, data in %s, log in %s)".formatted(
                jar.getFileName(), httpPort, pgPort, dataDir, appLog));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Instant deadline = Instant.now().plus(startTimeout);
        while (true) {
            if (!app.isAlive()) {
                throw new IllegalStateException("The application stopped at start: see " + appLog);
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                app.destroyForcibly();
                throw new IllegalStateException("The application did not start in time: see " + appLog);
            }
            Thread.sleep(500);
        }
        log.accept("Application up in %.1f s".formatted((System.nanoTime() - started) / 1e9));
        return new LocalApplication(app, base, "jdbc:postgresql://localhost:" + pgPort + "/larder", statStatements);
    }

    /**
     * Initialises the data directory before the application does, with pg_stat_statements preloaded (a setting in
     * postgresql.auto.conf, which the application's own start then reads). Best effort: without it, no statement
     * statistics.
     */
    private static boolean preparePgStatStatements(Path dataDir, int port, Consumer<String> log) {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setPort(port).start();
             Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            s.execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
            return true;
        } catch (Exception e) {
            log.accept("No pg_stat_statements: " + e);
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
