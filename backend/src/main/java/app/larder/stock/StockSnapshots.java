package app.larder.stock;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Balances read fast: the ledger's sums per storage and item before the start of each month (UTC), kept in
 * {@code stock_snapshot}, so a balance as of any moment is the latest snapshot at or before it plus the movements
 * since, a few weeks' worth instead of two years'.
 * <p>
 * The snapshots are derived and never the only truth: booking a movement deletes the snapshots of its storage and
 * item from its moment on ({@link #invalidate}, called by the ledger whenever it appends), {@link #refresh} adds the
 * missing ones, and a balance without any snapshot is still right, only slower ({@link #levelsFromMovements} is the
 * plain sum that tests and the benchmark compare with).
 */
@Service
public class StockSnapshots {

    /** A movement just appended: its storage, item and moment. */
    public record Touched(UUID storageId, UUID itemId, Instant moment) {
    }

    private record Key(UUID storageId, UUID itemId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    StockSnapshots(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Forgets the snapshots that movements booked at these moments make wrong: those of their storage and item that
     * start at or after the earliest of them. Runs in the booking's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void invalidate(Collection<Touched> touched) {
        Map<Key, Instant> earliest = new LinkedHashMap<>();
        for (Touched t : touched) {
            earliest.merge(new Key(t.storageId(), t.itemId()), t.moment(), (a, b) -> a.isBefore(b) ? a : b);
        }
        if (earliest.isEmpty()) {
            return;
        }
        // One statement for all storages and items of a posting.
        jdbc.update("""
                DELETE FROM stock_snapshot s
                USING (VALUES :keys) AS k (storage_id, item_id, from_moment)
                WHERE s.storage_id = k.storage_id AND s.item_id = k.item_id AND s.month_start >= k.from_moment""",
                Map.of("keys", earliest.entrySet().stream().map(e -> new Object[]{e.getKey().storageId(),
                        e.getKey().itemId(), e.getValue().atOffset(ZoneOffset.UTC)}).toList()));
    }

    /**
     * Quantity and value per storage and item as of a moment: the movements at or before it ({@code inclusive}) or
     * strictly before it. Only the storages and items that had a movement by then.
     */
    @Transactional(readOnly = true)
    public List<StockLedger.Level> levels(Collection<UUID> storageIds, Instant at, boolean inclusive) {
        return levels(storageIds, null, at, inclusive);
    }

    /** As {@link #levels(Collection, Instant, boolean)}, of one item only when {@code itemId} is not null. */
    @Transactional(readOnly = true)
    public List<StockLedger.Level> levels(Collection<UUID> storageIds, UUID itemId, Instant at, boolean inclusive) {
        if (storageIds.isEmpty()) {
            return List.of();
        }
        // The snapshot lateral always yields a row ('-infinity' and zeros when there is none), so its month_start is
        // never null and bounds the movements' index scan from below; a LEFT JOIN would make it a nullable value
        // that PostgreSQL can only filter by, reading every movement of the item up to the moment.
        return jdbc.query("""
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
                      AND %s) d
                WHERE l.storage_id IN (:storages) AND (s.month_start > '-infinity' OR d.movements > 0) %s"""
                        .formatted(inclusive ? "m.moment <= :at" : "m.moment < :at",
                                itemId == null ? "" : "AND l.item_id = :item"),
                new MapSqlParameterSource("storages", storageIds).addValue("at", Timestamp.from(at))
                        .addValue("item", itemId),
                (rs, n) -> new StockLedger.Level(rs.getObject("storage_id", UUID.class),
                        rs.getObject("item_id", UUID.class), rs.getBigDecimal("quantity"), rs.getBigDecimal("value")));
    }

    /** Quantity and value of one item at a storage as of a moment (movements at or before it). */
    @Transactional(readOnly = true)
    public StockLedger.Level level(UUID storageId, UUID itemId, Instant at) {
        return jdbc.queryForObject("""
                SELECT COALESCE(s.quantity, 0) + COALESCE(d.quantity, 0) AS quantity,
                       COALESCE(s.value, 0) + COALESCE(d.value, 0) AS value
                FROM (SELECT 1) one
                LEFT JOIN LATERAL (
                    SELECT s.month_start, s.quantity, s.value FROM stock_snapshot s
                    WHERE s.storage_id = :storage AND s.item_id = :item AND s.month_start <= :at
                    ORDER BY s.month_start DESC LIMIT 1) s ON true
                LEFT JOIN LATERAL (
                    SELECT SUM(m.quantity) AS quantity, SUM(m.value) AS value FROM stock_movement m
                    WHERE m.storage_id = :storage AND m.item_id = :item
                      AND m.moment >= COALESCE(s.month_start, '-infinity'::timestamptz) AND m.moment <= :at) d ON true""",
                new MapSqlParameterSource("storage", storageId).addValue("item", itemId)
                        .addValue("at", Timestamp.from(at)),
                (rs, n) -> new StockLedger.Level(storageId, itemId, rs.getBigDecimal("quantity"),
                        rs.getBigDecimal("value")));
    }

    /** The reference: the plain sum of every movement at or before the moment, no snapshot used. */
    @Transactional(readOnly = true)
    public List<StockLedger.Level> levelsFromMovements(UUID storageId, Instant at) {
        return jdbc.query("""
                SELECT item_id, SUM(quantity) AS quantity, SUM(value) AS value
                FROM stock_movement WHERE storage_id = :storage AND moment <= :at
                GROUP BY item_id""", new MapSqlParameterSource("storage", storageId)
                .addValue("at", Timestamp.from(at)), (rs, n) -> new StockLedger.Level(storageId,
                rs.getObject("item_id", UUID.class), rs.getBigDecimal("quantity"), rs.getBigDecimal("value")));
    }

    /**
     * Adds the missing snapshots of the current business, up to the start of the month of an hour ago: storage by storage,
     * each in a transaction of its own that first takes the storage's stock levels FOR SHARE, so a posting into the
     * past either commits before (and the snapshots include it) or waits until after (and deletes what it makes
     * wrong). A storage with a posting under way is skipped until the next call. Returns the number of snapshots
     * added. Call it outside a transaction.
     */
    public int refresh(Instant now) {
        // A month's snapshot only once the month has run an hour: a sale on the ledger's sales path, which leaves
        // the snapshots alone, is in the month that had begun when it was valued, and is committed by then.
        Instant upTo = ZonedDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS).toInstant();
        List<UUID> storages = transaction.execute(s -> jdbc.queryForList(
                "SELECT DISTINCT storage_id FROM stock_level", Map.of(), UUID.class));
        int added = 0;
        for (UUID storage : storages) {
            MapSqlParameterSource params = new MapSqlParameterSource("storage", storage)
                    .addValue("upTo", Timestamp.from(upTo));
            Integer rows;
            try {
                rows = transaction.execute(s -> refreshStorage(params));
            } catch (DataAccessException e) {
                if (!lockNotAvailable(e)) {
                    throw e;
                }
                // A posting holds some of the storage's items: leave the storage for the next round rather than
                // wait (waiting here while the posting waits for an item locked here would be a deadlock).
                continue;
            }
            added += rows == null ? 0 : rows;
        }
        return added;
    }

    /**
     * PostgreSQL's lock_not_available (55P03), the answer to NOWAIT. Spring translates it to a pessimistic-locking
     * failure or leaves it uncategorized depending on the translator, so the SQL state decides.
     */
    private static boolean lockNotAvailable(DataAccessException e) {
        if (e instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private int refreshStorage(MapSqlParameterSource params) {
        jdbc.queryForList("""
                SELECT 1 FROM stock_level WHERE storage_id = :storage ORDER BY item_id FOR SHARE NOWAIT""",
                params);
        return jdbc.update("""
                WITH latest AS (
                    SELECT l.item_id, s.month_start, COALESCE(s.quantity, 0) AS quantity,
                           COALESCE(s.value, 0) AS value
                    FROM stock_level l
                    LEFT JOIN LATERAL (
                        SELECT s.month_start, s.quantity, s.value FROM stock_snapshot s
                        WHERE s.tenant_id = l.tenant_id AND s.storage_id = l.storage_id
                          AND s.item_id = l.item_id
                        ORDER BY s.month_start DESC LIMIT 1) s ON true
                    WHERE l.storage_id = :storage AND (s.month_start IS NULL OR s.month_start < :upTo)
                ), months AS (
                    SELECT m.item_id,
                           (date_trunc('month', m.moment AT TIME ZONE 'UTC') + interval '1 month')
                               AT TIME ZONE 'UTC' AS month_start,
                           SUM(m.quantity) AS quantity, SUM(m.value) AS value
                    FROM latest k
                    JOIN stock_movement m ON m.storage_id = :storage AND m.item_id = k.item_id
                         AND m.moment >= COALESCE(k.month_start, '-infinity'::timestamptz)
                         AND m.moment < :upTo
                    GROUP BY 1, 2
                )
                INSERT INTO stock_snapshot (tenant_id, storage_id, item_id, month_start, quantity, value)
                SELECT larder_current_tenant(), :storage, mo.item_id, mo.month_start,
                       k.quantity + SUM(mo.quantity) OVER w, k.value + SUM(mo.value) OVER w
                FROM months mo JOIN latest k ON k.item_id = mo.item_id
                WINDOW w AS (PARTITION BY mo.item_id ORDER BY mo.month_start)
                ON CONFLICT DO NOTHING""", params);
    }

    /**
     * The snapshots checked against the ledger: those whose sums differ from the movements before their month.
     * Empty when all is well.
     */
    @Transactional(readOnly = true)
    public List<String> check() {
        return jdbc.queryForList("""
                SELECT s.storage_id || '/' || s.item_id || '@' || s.month_start
                FROM stock_snapshot s
                LEFT JOIN LATERAL (
                    SELECT COALESCE(SUM(m.quantity), 0) AS quantity, COALESCE(SUM(m.value), 0) AS value
                    FROM stock_movement m
                    WHERE m.tenant_id = s.tenant_id AND m.storage_id = s.storage_id AND m.item_id = s.item_id
                      AND m.moment < s.month_start) m ON true
                WHERE m.quantity <> s.quantity OR m.value <> s.value""", Map.of(), String.class);
    }
}
