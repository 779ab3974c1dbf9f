package app.larder.bench;

import app.larder.platform.tenancy.Ids;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where the database's time goes when the ledger appends SALE movements: the same rows inserted into copies of
 * {@code stock_movement} that each lack one thing (foreign keys, row-level security, an index), by JDBC batches
 * over two connections on a throw-away embedded PostgreSQL with the application's settings. Prints rows per second
 * per variant, three rounds, interleaved so that a busy machine affects every variant alike.
 * Not a Spring application: {@code mvn -q -B -f bench/pom.xml spring-boot:run
 * -Dspring-boot.run.main-class=app.larder.bench.InsertCosts}; {@code --bench.insert.connections=10} for another
 * number of connections.
 */
public final class InsertCosts {

    private static final int ROWS_PER_TRANSACTION = 1_280; // 50 receipts of 25.6 SALE movements
    private static final int TRANSACTIONS = 60;
    private static int CONNECTIONS = 2;
    private static final int INGREDIENTS = 120;

    // The columns of stock_movement as db/stock/2026-12-01-stock-ledger.sql creates them, copied on purpose: each
    // variant is that table less one thing, on a server without the application's schema. Follow that file.
    private static final String COLUMNS = """
            tenant_id     uuid           NOT NULL %s,
            id            uuid           NOT NULL,
            seq           bigint         GENERATED ALWAYS AS IDENTITY,
            storage_id    uuid           NOT NULL,
            item_id       uuid           NOT NULL,
            moment        timestamptz    NOT NULL,
            kind          varchar(20)    NOT NULL CHECK (kind IN ('SUPPLY', 'WRITE_OFF', 'SALE', 'TRANSFER_OUT',
                                                                  'TRANSFER_IN', 'SURPLUS', 'SHORTAGE', 'RETURN')),
            valuation     varchar(12)    NOT NULL CHECK (valuation IN ('FIXED', 'AVERAGE', 'TRANSFER', 'CORRECTION',
                                                                       'REVERSAL')),
            quantity      numeric(19, 6) NOT NULL,
            value         numeric(19, 6) NOT NULL,
            document_kind varchar(20)    NOT NULL,
            document_id   uuid           NOT NULL,
            linked_id     uuid,
            corrects_id   uuid,
            reverses_id   uuid,
            caused_by     uuid           NOT NULL,
            booked_at     timestamptz    NOT NULL,
            booked_by     uuid
            """;

    /**
     * {@code levelKey}: one foreign key to the storage-and-item level row (which holds the keys to storage and
     * ingredient) instead of the three of {@code foreignKeys}.
     */
    record Variant(String name, String table, boolean foreignKeys, boolean rls, boolean primaryKey,
                   boolean byItem, boolean byDocument, boolean timeOrderedIds, boolean levelKey) {

        Variant(String name, String table, boolean foreignKeys, boolean rls, boolean primaryKey, boolean byItem,
                boolean byDocument, boolean timeOrderedIds) {
            this(name, table, foreignKeys, rls, primaryKey, byItem, byDocument, timeOrderedIds, false);
        }
    }

    public static void main(String[] args) throws Exception {
        CONNECTIONS = Options.parse("bench.insert", args).integer("connections", 2);
        Path dir = Files.createTempDirectory("larder-insert-costs");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100").start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            List<Variant> variants = List.of(
                    new Variant("as the ledger has it", "m_full", true, true, true, true, true, true),
                    new Variant("without foreign keys", "m_no_fk", false, true, true, true, true, true),
                    new Variant("one key, to the level row", "m_level_fk", false, true, true, true, true, true, true),
                    new Variant("without row-level security", "m_no_rls", true, false, true, true, true, true),
                    new Variant("random (version 4) ids", "m_random", true, true, true, true, true, false),
                    new Variant("without index by document", "m_no_doc", true, true, true, true, false, true),
                    new Variant("without index by item", "m_no_item", true, true, true, false, true, true),
                    new Variant("heap only (no key, index, FK, RLS)", "m_heap", false, false, false, false, false, true));
            UUID tenant = UUID.randomUUID();
            UUID storage = UUID.randomUUID();
            List<UUID> ingredients = new ArrayList<>();
            for (int i = 0; i < INGREDIENTS; i++) {
                ingredients.add(UUID.randomUUID());
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS");
                s.execute("""
                        CREATE FUNCTION current_tenant() RETURNS uuid LANGUAGE sql STABLE
                        AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$""");
                s.execute("CREATE TABLE business (tenant_id uuid PRIMARY KEY)");
                s.execute("CREATE TABLE storage (tenant_id uuid NOT NULL REFERENCES business, id uuid, PRIMARY KEY (tenant_id, id))");
                s.execute("CREATE TABLE ingredient (tenant_id uuid NOT NULL REFERENCES business, id uuid, PRIMARY KEY (tenant_id, id))");
                s.execute("INSERT INTO business VALUES ('" + tenant + "')");
                s.execute("INSERT INTO storage VALUES ('" + tenant + "', '" + storage + "')");
                s.execute("""
                        CREATE TABLE level (tenant_id uuid NOT NULL REFERENCES business, storage_id uuid NOT NULL,
                          item_id uuid NOT NULL, quantity numeric NOT NULL DEFAULT 0, value numeric NOT NULL DEFAULT 0,
                          PRIMARY KEY (tenant_id, storage_id, item_id),
                          FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id),
                          FOREIGN KEY (tenant_id, item_id) REFERENCES ingredient (tenant_id, id))""");
                for (UUID ingredient : ingredients) {
                    s.execute("INSERT INTO ingredient VALUES ('" + tenant + "', '" + ingredient + "')");
                    s.execute("INSERT INTO level (tenant_id, storage_id, item_id) VALUES ('" + tenant + "', '"
                            + storage + "', '" + ingredient + "')");
                }
                for (Variant v : variants) {
                    StringBuilder ddl = new StringBuilder("CREATE TABLE " + v.table() + " (")
                            .append(COLUMNS.formatted(v.foreignKeys() ? "REFERENCES business (tenant_id)" : ""));
                    if (v.primaryKey()) {
                        ddl.append(", PRIMARY KEY (tenant_id, id)");
                    }
                    if (v.foreignKeys()) {
                        ddl.append(", FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id)")
                                .append(", FOREIGN KEY (tenant_id, item_id) REFERENCES ingredient (tenant_id, id)");
                    }
                    if (v.levelKey()) {
                        ddl.append(", FOREIGN KEY (tenant_id, storage_id, item_id) REFERENCES level");
                    }
                    if (v.primaryKey()) {
                        ddl.append(", CHECK (corrects_id IS NULL OR quantity = 0)");
                    }
                    s.execute(ddl.append(")").toString());
                    if (v.byItem()) {
                        s.execute("CREATE INDEX ON " + v.table()
                                + " (tenant_id, storage_id, item_id, moment, seq) INCLUDE (quantity, value)");
                    }
                    if (v.byDocument()) {
                        s.execute("CREATE INDEX ON " + v.table() + " (tenant_id, document_id)");
                    }
                    if (v.primaryKey()) {
                        s.execute("CREATE INDEX ON " + v.table() + " (tenant_id, corrects_id) WHERE corrects_id IS NOT NULL");
                        s.execute("CREATE INDEX ON " + v.table() + " (tenant_id, reverses_id) WHERE reverses_id IS NOT NULL");
                    }
                    if (v.rls()) {
                        s.execute("ALTER TABLE " + v.table() + " ENABLE ROW LEVEL SECURITY");
                        s.execute("ALTER TABLE " + v.table() + " FORCE ROW LEVEL SECURITY");
                        s.execute("CREATE POLICY p ON " + v.table() + " USING (tenant_id = current_tenant()) "
                                + "WITH CHECK (tenant_id = current_tenant())");
                    }
                    s.execute("GRANT SELECT, INSERT ON " + v.table() + " TO app");
                }
                s.execute("GRANT SELECT ON business, storage, ingredient, level TO app");
            }
            System.out.printf("%nSALE movements, %d rows a transaction, %d transactions over %d connections, per variant"
                    + " (rows/s; three rounds, interleaved)%n", ROWS_PER_TRANSACTION, TRANSACTIONS, CONNECTIONS);
            for (int round = 1; round <= 3; round++) {
                for (Variant v : variants) {
                    double perSecond = run(url, v, tenant, storage, ingredients, round);
                    System.out.printf("  round %d  %-38s %,10.0f rows/s%n", round, v.name(), perSecond);
                }
            }
        }
    }

    private static double run(String url, Variant v, UUID tenant, UUID storage, List<UUID> ingredients, int round)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < CONNECTIONS; t++) {
            int seed = round * 100 + t;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (Connection c = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "app", "app")) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
                    }
                    c.setAutoCommit(false);
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + v.table() + """
                             (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity, value,
                              document_kind, document_id, caused_by, booked_at, booked_by)
                            VALUES (?, ?, ?, ?, ?, 'SALE', 'AVERAGE', ?, ?, 'SALE', ?, ?, now(), NULL)""");
                    for (int x = 0; x < TRANSACTIONS / CONNECTIONS; x++) {
                        UUID document = UUID.randomUUID();
                        for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
                            if (r % 26 == 0) {
                                document = id(v.timeOrderedIds());
                            }
                            BigDecimal quantity = BigDecimal.valueOf(-random.nextInt(200_000), 3);
                            insert.setObject(1, tenant);
                            insert.setObject(2, id(v.timeOrderedIds()));
                            insert.setObject(3, storage);
                            insert.setObject(4, ingredients.get(random.nextInt(ingredients.size())));
                            insert.setTimestamp(5, Timestamp.from(Instant.now()));
                            insert.setBigDecimal(6, quantity);
                            insert.setBigDecimal(7, quantity.multiply(new BigDecimal("0.1")));
                            insert.setObject(8, document);
                            insert.setObject(9, document);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return (double) (TRANSACTIONS / CONNECTIONS * CONNECTIONS * ROWS_PER_TRANSACTION) / seconds;
    }

    /** The ledger's ids are time-ordered ({@link Ids}); the variant with random ids shows what that saves. */
    private static UUID id(boolean timeOrdered) {
        return timeOrdered ? Ids.next() : UUID.randomUUID();
    }
}
