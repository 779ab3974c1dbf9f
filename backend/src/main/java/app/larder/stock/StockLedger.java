package app.larder.stock;

import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The stock ledger: every change of stock is an appended movement, and a balance is a sum of movements.
 * <p>
 * Documents say what moved and, for what comes in, what it cost (FIXED). What goes out is valued at the weighted
 * average unit cost of its storage just before it (AVERAGE); what a transfer brings in is worth what left the sender
 * (TRANSFER). Because documents can be posted, edited and cancelled in the past, the value of a later movement is
 * only known once everything before it is: so every posting replays the item's movements from its moment on, in
 * the order of their moments, and appends a CORRECTION to each later movement whose value comes out different.
 * Nothing is ever updated; the ledger reads as if the documents had always been in that order.
 * <p>
 * Stock may go below zero. The part of an outgoing movement not covered by stock is valued provisionally at the last
 * known unit cost, and set right (by a correction) at the unit cost of the first incoming movement after it.
 * <p>
 * Rounding: a movement's value is rounded once, to {@link #VALUE_SCALE} decimal places half-even, when it is worked
 * out; averages are carried at 34 significant digits; an outgoing movement that empties its storage takes the whole
 * remaining value, so no crumbs stay behind.
 */
@Service
public class StockLedger {

    public static final int VALUE_SCALE = 6;
    /** Decimal places of a quantity in base units, as the ledger stores it. */
    public static final int QUANTITY_SCALE = 6;
    private static final MathContext AVERAGE = MathContext.DECIMAL128;
    /** Quantities beyond this are typing mistakes; the column holds 13 integer digits. */
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000");
    /**
     * The first key of the two-key advisory locks of storages and items ('ST'), which PostgreSQL keeps apart from
     * the one-key advisory locks taken elsewhere (per receipt, per cash shift).
     */
    private static final int LOCK_SPACE = 0x5354;

    /** Why stock moved. */
    public enum Kind {
        SUPPLY, WRITE_OFF, SALE, TRANSFER_OUT, TRANSFER_IN, SURPLUS, SHORTAGE, RETURN;

        public boolean incoming() {
            return this == SUPPLY || this == TRANSFER_IN || this == SURPLUS || this == RETURN;
        }
    }

    /**
     * One line of a posting. {@code quantity} is positive, in base units (g, ml, pcs); its sign comes from the kind.
     * {@code value} is what an incoming line cost; null to value it at the storage's average (what goes out, a
     * surplus) or, for a TRANSFER_IN, at what the paired TRANSFER_OUT took out.
     */
    public record Entry(Kind kind, UUID storageId, UUID itemId, BigDecimal quantity, BigDecimal value) {

        public static Entry in(Kind kind, UUID storageId, UUID itemId, BigDecimal quantity, BigDecimal value) {
            return new Entry(kind, storageId, itemId, quantity, value);
        }

        public static Entry out(Kind kind, UUID storageId, UUID itemId, BigDecimal quantity) {
            return new Entry(kind, storageId, itemId, quantity, null);
        }

        /** Two entries: out of {@code from} at its average, into {@code to} at the same value. */
        public static List<Entry> transfer(UUID from, UUID to, UUID itemId, BigDecimal quantity) {
            return List.of(new Entry(Kind.TRANSFER_OUT, from, itemId, quantity, null),
                    new Entry(Kind.TRANSFER_IN, to, itemId, quantity, null));
        }
    }

    /** What a document posts: its entries, all at one moment. */
    public record Posting(String documentKind, UUID documentId, Instant moment, List<Entry> entries) {
    }

    /** A movement as booked: signed quantity and value. */
    public record Movement(UUID id, UUID storageId, UUID itemId, Instant moment, Kind kind, BigDecimal quantity,
                           BigDecimal value) {
    }

    /** Quantity and value of an item at a storage; the unit cost is per base unit, null when nothing is in stock. */
    public record Level(UUID storageId, UUID itemId, BigDecimal quantity, BigDecimal value) {

        public BigDecimal unitCostPerBase() {
            return quantity.signum() > 0 ? value.divide(quantity, AVERAGE) : null;
        }

        public boolean negative() {
            return quantity.signum() < 0;
        }
    }

    private record Key(UUID storageId, UUID itemId) {
    }

    /** PostgreSQL's order of uuids (bytewise, unsigned), which Java's {@code UUID.compareTo} is not. */
    static final Comparator<UUID> UUID_ORDER = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);
    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::storageId, UUID_ORDER)
            .thenComparing(Key::itemId, UUID_ORDER);

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final StockSnapshots snapshots;
    private final LedgerTotals totals;
    /** The businesses whose sales path appended deltas since their last fold (in this instance). */
    private final Set<UUID> unfolded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    StockLedger(NamedParameterJdbcTemplate jdbc, Clock clock, StockSnapshots snapshots, LedgerTotals totals) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.snapshots = snapshots;
        this.totals = totals;
    }

    /**
     * Books a document's entries at its moment and sets right whatever comes after it. Runs inside the caller's
     * transaction, so a document and its movements commit together or not at all.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Movement> post(Posting posting) {
        return postAll(List.of(posting)).get(posting.documentId());
    }

    /**
     * Books several documents at once (each at its own moment), as if posted one after another, with one lock of all
     * their storages and items in one order, one read and one write for all: how a batch of receipts writes off its
     * sales without taking its locks receipt by receipt (which deadlocks against another batch). The documents must
     * be distinct. Movements per document id, in the order of its entries.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<UUID, List<Movement>> postAll(List<Posting> postings) {
        Map<Key, List<Row>> fresh = new LinkedHashMap<>();
        Map<UUID, List<Row>> booked = new LinkedHashMap<>();
        for (Posting posting : postings) {
            Objects.requireNonNull(posting.moment(), "moment");
            if (posting.entries() == null || posting.entries().isEmpty()) {
                throw new RuleViolation("lines", "stock.noLines");
            }
            if (booked.put(posting.documentId(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("document " + posting.documentId() + " posted twice at once");
            }
            Row pendingOut = null;
            for (Entry entry : posting.entries()) {
                checkQuantity(entry.quantity());
                if (entry.value() != null && entry.value().signum() < 0) {
                    throw new RuleViolation("value", "stock.negativeValue");
                }
                boolean in = entry.kind().incoming();
                Row row = new Row(Ids.next(), entry.kind(), posting.moment(),
                        in ? entry.quantity() : entry.quantity().negate(), valuation(entry), null);
                row.storageId = Objects.requireNonNull(entry.storageId(), "storageId");
                row.itemId = Objects.requireNonNull(entry.itemId(), "itemId");
                row.documentKind = posting.documentKind();
                row.documentId = posting.documentId();
                row.cause = posting.documentId();
                if (row.valuation == Valuation.FIXED) {
                    row.booked = entry.value().setScale(VALUE_SCALE, RoundingMode.HALF_EVEN);
                }
                if (entry.kind() == Kind.TRANSFER_OUT) {
                    pendingOut = row;
                } else if (entry.kind() == Kind.TRANSFER_IN) {
                    if (pendingOut == null || !pendingOut.sameItem(entry)) {
                        throw new IllegalArgumentException("a TRANSFER_IN follows its TRANSFER_OUT");
                    }
                    if (pendingOut.storageId.equals(entry.storageId())) {
                        throw new RuleViolation("toStorageId", "stock.transferToItself");
                    }
                    row.linkedId = pendingOut.id;
                    pendingOut.linkedId = row.id;
                    pendingOut = null;
                }
                fresh.computeIfAbsent(new Key(entry.storageId(), entry.itemId()), k -> new ArrayList<>()).add(row);
                booked.get(posting.documentId()).add(row);
            }
        }
        if (postings.isEmpty()) {
            return Map.of();
        }
        Map<UUID, BigDecimal> values = new HashMap<>();
        Posting first = postings.get(0);
        Session session = new Session(first.documentKind(), first.documentId(), values);
        // Sales that land after the last movement of their storage and item that is not a sale need no replay and
        // no exclusive lock: they go the sales path. Everything else is replayed under an exclusive lock.
        Map<Key, List<Row>> sales = session.salesPath(fresh);
        Map<Key, List<Row>> replayed = new LinkedHashMap<>(fresh);
        replayed.keySet().removeAll(sales.keySet());
        if (!sales.isEmpty()) {
            session.append(sales.values().stream().flatMap(List::stream).toList(), true);
        }
        if (!replayed.isEmpty()) {
            replay(session, replayed);
        }
        Map<UUID, List<Movement>> movements = new LinkedHashMap<>();
        booked.forEach((document, rows) -> movements.put(document, rows.stream().map(r -> new Movement(r.id,
                r.storageId, r.itemId, r.moment, r.kind, r.quantity, values.get(r.id))).toList()));
        return movements;
    }

    /** The replay path of {@link #postAll}: the keys' levels locked (their advisory locks are held already). */
    private void replay(Session session, Map<Key, List<Row>> fresh) {
        Map<UUID, BigDecimal> values = session.values;
        Map<Key, BigDecimal[]> levels = lock(fresh.keySet(), false);
        session.locked.addAll(fresh.keySet());
        // Senders before receivers: a transfer in is worth what its sender's replay says left. All keys whose
        // transfers in are valued already go in one round (one read, one write for all of them); a plain posting
        // is a single round.
        Map<Key, List<Row>> waiting = new LinkedHashMap<>(fresh);
        while (!waiting.isEmpty()) {
            Map<Key, List<Row>> ready = new LinkedHashMap<>();
            waiting.forEach((key, rows) -> {
                if (rows.stream().allMatch(r -> r.kind != Kind.TRANSFER_IN || values.containsKey(r.linkedId))) {
                    ready.put(key, rows);
                }
            });
            if (ready.isEmpty()) {
                throw new IllegalArgumentException("transfers in a posting must not go round in a circle");
            }
            ready.keySet().forEach(waiting::remove);
            Map<Key, Instant> from = new LinkedHashMap<>();
            ready.forEach((k, rows) -> from.put(k, rows.stream().map(r -> r.moment).min(Instant::compareTo)
                    .orElseThrow()));
            session.replay(from, ready, levels);
            levels = null;   // what the first round appended is in stock_level now: read it again
        }
        session.cascade();
    }

    /**
     * Cancels everything a document booked: each of its movements gets a reversal at its own moment, as if it had
     * never been, and what came after is set right. Cancelling twice is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reverse(UUID documentId) {
        // A correction and a reversal belong to the document of the movement they concern.
        List<Row> live = jdbc.query("""
                WITH d AS MATERIALIZED (SELECT * FROM stock_movement WHERE document_id = :document)
                SELECT m.id, m.storage_id, m.item_id, m.moment, m.kind, m.quantity, m.linked_id, m.document_kind,
                       m.value + COALESCE(c.value, 0) AS booked
                FROM d m
                LEFT JOIN (SELECT corrects_id, SUM(value) AS value FROM d WHERE corrects_id IS NOT NULL
                           GROUP BY corrects_id) c ON c.corrects_id = m.id
                WHERE m.corrects_id IS NULL AND m.reverses_id IS NULL
                  AND NOT EXISTS (SELECT 1 FROM d r WHERE r.reverses_id = m.id)
                ORDER BY m.moment, m.seq""", Map.of("document", documentId), (rs, n) -> {
            Row row = new Row(rs.getObject("id", UUID.class), Kind.valueOf(rs.getString("kind")),
                    rs.getTimestamp("moment").toInstant(), rs.getBigDecimal("quantity"), Valuation.REVERSAL,
                    rs.getObject("linked_id", UUID.class));
            row.storageId = rs.getObject("storage_id", UUID.class);
            row.itemId = rs.getObject("item_id", UUID.class);
            row.documentKind = rs.getString("document_kind");
            row.booked = rs.getBigDecimal("booked");
            return row;
        });
        if (live.isEmpty()) {
            throw new RuleViolation(null, "stock.nothingToCancel");
        }
        List<Key> keys = live.stream().map(r -> new Key(r.storageId, r.itemId)).distinct().toList();
        lock(keys, true);
        Session session = new Session(live.get(0).documentKind, documentId, new HashMap<>());
        session.locked.addAll(keys);
        List<Row> reversals = new ArrayList<>();
        for (Row row : live) {
            Row reversal = new Row(Ids.next(), row.kind, row.moment, row.quantity.negate(), Valuation.REVERSAL, null);
            reversal.storageId = row.storageId;
            reversal.itemId = row.itemId;
            reversal.booked = row.booked.negate();
            reversal.reversesId = row.id;
            reversals.add(reversal);
        }
        session.append(reversals, false);
        Map<Key, Instant> from = new LinkedHashMap<>();
        live.forEach(r -> from.merge(new Key(r.storageId, r.itemId), r.moment, (a, b) -> a.isBefore(b) ? a : b));
        from.forEach(session::later);
        session.cascade();
    }

    void markUnfolded(UUID tenant) {
        unfolded.add(tenant);
    }

    /** Takes the set of businesses with deltas to fold, leaving it empty. */
    Set<UUID> takeUnfolded() {
        Set<UUID> taken = new LinkedHashSet<>();
        for (UUID tenant : unfolded) {
            if (unfolded.remove(tenant)) {
                taken.add(tenant);
            }
        }
        return taken;
    }

    /**
     * Folds the current business's level deltas into their level rows: the rows locked first in one order (as a
     * posting locks them), then the deltas of those rows moved in one statement. Returns the number of deltas folded.
     */
    @Transactional
    public int foldDeltas() {
        List<Key> keys = jdbc.query("SELECT DISTINCT storage_id, item_id FROM stock_level_delta", Map.of(),
                (rs, n) -> new Key(rs.getObject("storage_id", UUID.class), rs.getObject("item_id", UUID.class)));
        if (keys.isEmpty()) {
            return 0;
        }
        jdbc.query("""
                SELECT 1 FROM stock_level WHERE (storage_id, item_id) IN (:keys)
                ORDER BY storage_id, item_id FOR UPDATE""", Map.of("keys", rowsOf(keys)), rs -> {
        });
        return jdbc.queryForObject("""
                WITH moved AS (
                    DELETE FROM stock_level_delta WHERE (storage_id, item_id) IN (:keys)
                    RETURNING storage_id, item_id, quantity, value
                ), sums AS (
                    SELECT storage_id, item_id, SUM(quantity) AS quantity, SUM(value) AS value, COUNT(*) AS deltas
                    FROM moved GROUP BY storage_id, item_id
                ), folded AS (
                    UPDATE stock_level l SET quantity = l.quantity + s.quantity, value = l.value + s.value
                    FROM sums s WHERE l.storage_id = s.storage_id AND l.item_id = s.item_id
                    RETURNING s.deltas
                )
                SELECT COALESCE(SUM(deltas), 0) FROM folded""", Map.of("keys", rowsOf(keys)), Integer.class);
    }

    /** Which of these documents have any movement on the ledger (posted, perhaps cancelled since): one read. */
    @Transactional(readOnly = true)
    public Set<UUID> documentsWithMovements(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(jdbc.queryForList(
                "SELECT DISTINCT document_id FROM stock_movement WHERE document_id IN (:ids)",
                Map.of("ids", documentIds), UUID.class));
    }

    /** Quantity and value per item at a storage as of a moment (movements at or before it). */
    @Transactional(readOnly = true)
    public List<Level> levels(UUID storageId, Instant at) {
        // Read through the monthly snapshots: the same sums, without adding up two years of movements.
        return snapshots.levels(List.of(storageId), at, true);
    }

    /** Quantity and value of one item at a storage as of a moment. */
    @Transactional(readOnly = true)
    public Level level(UUID storageId, UUID itemId, Instant at) {
        return snapshots.level(storageId, itemId, at);
    }

    /** Every storage's current level of the items named (all moments, future ones too). */
    @Transactional(readOnly = true)
    public List<Level> currentLevels(Collection<UUID> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT storage_id, item_id, quantity, value FROM stock_level_now WHERE item_id IN (:items)",
                Map.of("items", itemIds), (rs, n) -> new Level(rs.getObject("storage_id", UUID.class),
                        rs.getObject("item_id", UUID.class), rs.getBigDecimal("quantity"), rs.getBigDecimal("value")));
    }

    /** The movements a document booked, corrections and reversals included, in booking order. */
    @Transactional(readOnly = true)
    public List<Movement> ofDocument(UUID documentId) {
        return jdbc.query("""
                SELECT id, storage_id, item_id, moment, kind, quantity, value FROM stock_movement
                WHERE document_id = :document ORDER BY seq""", Map.of("document", documentId), (rs, n) ->
                new Movement(rs.getObject("id", UUID.class), rs.getObject("storage_id", UUID.class),
                        rs.getObject("item_id", UUID.class), rs.getTimestamp("moment").toInstant(),
                        Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("quantity"), rs.getBigDecimal("value")));
    }

    /** The document that booked a movement. */
    @Transactional(readOnly = true)
    public UUID documentOf(UUID movementId) {
        return jdbc.queryForObject("SELECT document_id FROM stock_movement WHERE id = :id", Map.of("id", movementId),
                UUID.class);
    }

    /**
     * The derived levels checked against the ledger: the storages and items whose stored level differs from the
     * sum of their movements. Empty when all is well.
     */
    @Transactional(readOnly = true)
    public List<String> check() {
        return jdbc.queryForList("""
                SELECT COALESCE(l.storage_id, m.storage_id) || '/' || COALESCE(l.item_id, m.item_id)
                FROM stock_level_now l
                FULL JOIN (SELECT storage_id, item_id, SUM(quantity) AS quantity, SUM(value) AS value
                           FROM stock_movement GROUP BY storage_id, item_id) m
                  ON m.storage_id = l.storage_id AND m.item_id = l.item_id
                WHERE l.quantity IS DISTINCT FROM m.quantity OR l.value IS DISTINCT FROM m.value""",
                Map.of(), String.class);
    }

    private static void checkQuantity(BigDecimal quantity) {
        if (quantity == null) {
            throw new RuleViolation("quantity", "validation.required");
        }
        if (quantity.signum() <= 0) {
            throw new RuleViolation("quantity", "validation.positive");
        }
        if (quantity.compareTo(MAX_QUANTITY) >= 0) {
            throw new RuleViolation("quantity", "validation.tooLarge");
        }
        // The column keeps 6 decimal places; a finer quantity would be rounded there but not in stock_level.
        if (quantity.stripTrailingZeros().scale() > QUANTITY_SCALE) {
            throw new RuleViolation("quantity", "stock.tooPrecise");
        }
    }

    private static Valuation valuation(Entry entry) {
        if (entry.kind() == Kind.TRANSFER_IN) {
            return Valuation.TRANSFER;
        }
        if (entry.value() != null) {
            if (!entry.kind().incoming()) {
                throw new IllegalArgumentException("what goes out is valued by the ledger");
            }
            return Valuation.FIXED;
        }
        return Valuation.AVERAGE;
    }

    /**
     * Takes the storage-and-item rows in one order, so two postings into the same storage never deadlock, and
     * returns their quantity and value (the rows with their deltas folded in, after the rows are locked). Takes the
     * keys' exclusive advisory locks first when {@code advisory} says so (the caller holds them otherwise).
     */
    private Map<Key, BigDecimal[]> lock(Collection<Key> keys, boolean advisory) {
        List<Key> sorted = keys.stream().distinct().sorted(KEY_ORDER).toList();
        if (advisory) {
            advisoryLocks(sorted, Set.of());
        }
        jdbc.batchUpdate("""
                INSERT INTO stock_level (tenant_id, storage_id, item_id, quantity, value)
                VALUES (larder_current_tenant(), :storage, :item, 0, 0)
                ON CONFLICT DO NOTHING""", sorted.stream().map(k -> (SqlParameterSource) new MapSqlParameterSource()
                .addValue("storage", k.storageId()).addValue("item", k.itemId())).toArray(SqlParameterSource[]::new));
        // Rows are locked as the sort returns them: KEY_ORDER is PostgreSQL's order of uuids.
        jdbc.query("""
                SELECT 1 FROM stock_level WHERE (storage_id, item_id) IN (:keys)
                ORDER BY storage_id, item_id FOR UPDATE""", Map.of("keys", rowsOf(sorted)), rs -> {
        });
        // The keys' deltas folded into their rows, so that a row is the whole level again and the sales path, which
        // reads the row alone, finds the corrections of sales beside those sales. A separate statement from the
        // lock: one that both waited for a row and read its deltas would read them as they were before the wait.
        Map<Key, BigDecimal[]> levels = new HashMap<>();
        jdbc.query("""
                WITH moved AS (
                    DELETE FROM stock_level_delta WHERE (storage_id, item_id) IN (:keys)
                    RETURNING storage_id, item_id, quantity, value
                ), sums AS (
                    SELECT storage_id, item_id, SUM(quantity) AS quantity, SUM(value) AS value FROM moved
                    GROUP BY storage_id, item_id
                ), folded AS (
                    UPDATE stock_level l SET quantity = l.quantity + s.quantity, value = l.value + s.value
                    FROM sums s WHERE l.storage_id = s.storage_id AND l.item_id = s.item_id
                    RETURNING l.storage_id, l.item_id, l.quantity, l.value
                )
                SELECT l.storage_id, l.item_id, COALESCE(f.quantity, l.quantity) AS quantity,
                       COALESCE(f.value, l.value) AS value
                FROM stock_level l LEFT JOIN folded f ON f.storage_id = l.storage_id AND f.item_id = l.item_id
                WHERE (l.storage_id, l.item_id) IN (:keys)""", Map.of("keys", rowsOf(sorted)), rs -> {
            levels.put(new Key(rs.getObject("storage_id", UUID.class), rs.getObject("item_id", UUID.class)),
                    new BigDecimal[]{rs.getBigDecimal("quantity"), rs.getBigDecimal("value")});
        });
        return levels;
    }

    /**
     * The advisory locks of storages and items, taken in one statement in the order of their lock ids: shared for
     * the keys in {@code shared} (sales that commute with each other), exclusive for the rest. Two keys with the
     * same lock id share one lock, exclusive if either wants it.
     */
    private void advisoryLocks(Collection<Key> keys, Set<Key> shared) {
        Map<Integer, Boolean> locks = new java.util.TreeMap<>();
        for (Key key : keys) {
            locks.merge(lockId(key), shared.contains(key), Boolean::logicalAnd);
        }
        if (locks.isEmpty()) {
            return;
        }
        jdbc.query("""
                SELECT CASE WHEN l.shared THEN pg_advisory_xact_lock_shared(:space, l.id)
                            ELSE pg_advisory_xact_lock(:space, l.id) END
                FROM (SELECT id, shared FROM (VALUES :locks) AS v (id, shared) ORDER BY id OFFSET 0) l""",
                new MapSqlParameterSource("space", LOCK_SPACE).addValue("locks", locks.entrySet().stream()
                        .map(e -> new Object[]{e.getKey(), e.getValue()}).toList()), rs -> {
                });
    }

    /** The advisory lock of a storage and item; another pair may share it (then they wait for each other). */
    private static int lockId(Key key) {
        long h = key.storageId().getMostSignificantBits();
        h = h * 31 + key.storageId().getLeastSignificantBits();
        h = h * 31 + key.itemId().getMostSignificantBits();
        h = h * 31 + key.itemId().getLeastSignificantBits();
        return (int) (h ^ (h >>> 32));
    }

    /** Quantity and value of each key now: its level row plus the deltas not yet folded into it. */
    private Map<Key, BigDecimal[]> levelsOf(Collection<Key> keys) {
        Map<Key, BigDecimal[]> levels = new HashMap<>();
        jdbc.query("""
                SELECT storage_id, item_id, quantity, value FROM stock_level_now
                WHERE (storage_id, item_id) IN (:keys)""", Map.of("keys", rowsOf(keys)),
                rs -> {
                    levels.put(new Key(rs.getObject("storage_id", UUID.class), rs.getObject("item_id", UUID.class)),
                            new BigDecimal[]{rs.getBigDecimal("quantity"), rs.getBigDecimal("value")});
                });
        return levels;
    }

    /**
     * A level row as last folded, without its deltas. The sales path reads only this: the deltas are sales at the
     * average, which leave the average as it was. {@code shortfall} is what the last replay valued a shortfall by.
     */
    private record Folded(BigDecimal quantity, BigDecimal value, Instant lastNonSale, ShortfallCost shortfall) {
    }

    /**
     * What a replay that ended at the last movement values a shortfall by: a unit cost (the average after the last
     * incoming movement), or the card at the shortfall's moment ({@code byCard}); {@link #UNKNOWN} when no replay has
     * said since the last movement that is not a sale.
     */
    private record ShortfallCost(BigDecimal unitCost, boolean byCard) {
        static final ShortfallCost UNKNOWN = new ShortfallCost(null, false);

        boolean known() {
            return byCard || unitCost != null;
        }
    }

    /** A unit cost on an ingredient's card per base unit, from its moment on. */
    private record CardCost(Instant effectiveAt, BigDecimal perBaseUnit) {
    }

    private Map<Key, Folded> foldedLevels(Collection<Key> keys) {
        Map<Key, Folded> levels = new HashMap<>();
        jdbc.query("""
                SELECT storage_id, item_id, quantity, value, shortfall_unit_cost, shortfall_by_card,
                       CASE WHEN last_non_sale_at = '-infinity' THEN NULL ELSE last_non_sale_at END AS last_non_sale_at
                FROM stock_level WHERE (storage_id, item_id) IN (:keys)""", Map.of("keys", rowsOf(keys)), rs -> {
            Timestamp last = rs.getTimestamp("last_non_sale_at");
            levels.put(new Key(rs.getObject("storage_id", UUID.class), rs.getObject("item_id", UUID.class)),
                    new Folded(rs.getBigDecimal("quantity"), rs.getBigDecimal("value"),
                            last == null ? Instant.MIN : last.toInstant(), new ShortfallCost(
                                    rs.getBigDecimal("shortfall_unit_cost"), rs.getBoolean("shortfall_by_card"))));
        });
        return levels;
    }

    private static List<Object[]> rowsOf(Collection<Key> keys) {
        return keys.stream().map(k -> new Object[]{k.storageId(), k.itemId()}).toList();
    }

    /** Storage, item and a moment per key, as the rows of a {@code VALUES} list. */
    private static List<Object[]> keysFrom(Map<Key, Instant> from) {
        return from.entrySet().stream().map(e -> new Object[]{e.getKey().storageId(), e.getKey().itemId(),
                e.getValue().atOffset(ZoneOffset.UTC)}).toList();
    }

    private enum Valuation { FIXED, AVERAGE, TRANSFER, CORRECTION, REVERSAL }

    /** A movement while it is replayed: {@code booked} is its value so far, corrections included. */
    private static final class Row {
        final UUID id;
        final Kind kind;
        final Instant moment;
        final BigDecimal quantity;
        final Valuation valuation;
        UUID linkedId;
        UUID storageId;
        UUID itemId;
        UUID correctsId;
        UUID reversesId;
        String documentKind;
        UUID documentId;
        /** The document whose posting or cancellation books this row: its caused_by. */
        UUID cause;
        BigDecimal booked;
        boolean fresh;
        /** How much a replay just changed the value of this (transfer out), to mirror on its transfer in. */
        BigDecimal delta;

        Row(UUID id, Kind kind, Instant moment, BigDecimal quantity, Valuation valuation, UUID linkedId) {
            this.id = id;
            this.kind = kind;
            this.moment = moment;
            this.quantity = quantity;
            this.valuation = valuation;
            this.linkedId = linkedId;
        }

        boolean sameItem(Entry entry) {
            return itemId == null ? false : itemId.equals(entry.itemId()) && quantity.negate().compareTo(
                    entry.quantity()) == 0;
        }
    }

    /** Part of an outgoing movement that stock did not cover, valued provisionally until stock comes in. */
    private static final class Shortfall {
        final Row row;
        BigDecimal quantity;
        final BigDecimal provisionalUnitCost;

        Shortfall(Row row, BigDecimal quantity, BigDecimal provisionalUnitCost) {
            this.row = row;
            this.quantity = quantity;
            this.provisionalUnitCost = provisionalUnitCost;
        }
    }

    /** One posting or cancellation: the replays it needs, and the ones they set off through transfers. */
    private final class Session {
        final String documentKind;
        final UUID documentId;
        final Map<UUID, BigDecimal> values;
        final Map<Key, Instant> further = new LinkedHashMap<>();
        final Set<Key> locked = new LinkedHashSet<>();
        /** Per key walked in the current round, what the walk ended valuing shortfalls by: see {@link #append}. */
        final Map<Key, ShortfallCost> shortfallCosts = new HashMap<>();
        final Map<UUID, List<CardCost>> cardCosts = new HashMap<>();
        final Instant now = clock.instant();
        final UUID userId = TenantContext.current().map(TenantContext.Actor::userId).orElse(null);

        Session(String documentKind, UUID documentId, Map<UUID, BigDecimal> values) {
            this.documentKind = documentKind;
            this.documentId = documentId;
            this.values = values;
        }

        /**
         * Picks the keys whose fresh rows are all sales landing at or after the key's last movement that is not a
         * sale, in stock, within the current month; takes the advisory locks of every key (shared for those,
         * exclusive for the rest) and values those sales at the level's average. Returns them, valued.
         * <p>
         * Why no replay is needed: after the key's last movement that is not a sale there are only sales at the
         * average, and a sale at the average leaves the average as it was (to the sixth decimal of a value), so a
         * sale among them is worth its quantity at the level's average whatever its place; the sales of other
         * transactions in flight do not change it either, so they share the lock. What is not known here (a
         * rounding crumb where the strict order would have emptied the storage exactly, a shortfall where stock
         * ran out in between) a replay passing them sets right, as it values every movement it passes. The month:
         * a sale here leaves the monthly snapshots alone, and {@link StockSnapshots#refresh} makes a month's only
         * after that month has run an hour.
         */
        Map<Key, List<Row>> salesPath(Map<Key, List<Row>> fresh) {
            Instant monthStart = ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1)
                    .truncatedTo(ChronoUnit.DAYS).toInstant();
            Map<Key, Instant> candidates = new LinkedHashMap<>();
            fresh.forEach((key, rows) -> {
                if (rows.stream().allMatch(r -> r.kind == Kind.SALE && r.valuation == Valuation.AVERAGE)) {
                    Instant earliest = rows.stream().map(r -> r.moment).min(Instant::compareTo).orElseThrow();
                    if (!earliest.isBefore(monthStart)) {
                        candidates.put(key, earliest);
                    }
                }
            });
            Map<Key, Instant> qualified = new LinkedHashMap<>();
            if (!candidates.isEmpty()) {
                // Read without a lock to choose the lock; read again under it, as a posting may commit in between.
                Map<Key, Folded> before = foldedLevels(candidates.keySet());
                candidates.forEach((key, earliest) -> {
                    if (onSalesPath(before.get(key), earliest)) {
                        qualified.put(key, earliest);
                    }
                });
            }
            while (!qualified.isEmpty()) {
                // A savepoint to let go of the shared locks if a key no longer qualifies once they are held (a
                // posting into it committed between the reads): taking its exclusive lock while holding the shared
                // one would deadlock with another sale doing the same.
                jdbc.getJdbcTemplate().execute("SAVEPOINT stock_sales_path");
                advisoryLocks(fresh.keySet(), qualified.keySet());
                Map<Key, Folded> levels = foldedLevels(qualified.keySet());
                List<Key> lost = qualified.entrySet().stream()
                        .filter(e -> !onSalesPath(levels.get(e.getKey()), e.getValue())).map(Map.Entry::getKey)
                        .toList();
                if (lost.isEmpty()) {
                    loadCardCosts(qualified.keySet().stream().filter(k -> levels.get(k).shortfall().byCard())
                            .map(Key::itemId).toList());
                    Map<Key, List<Row>> sales = new LinkedHashMap<>();
                    qualified.keySet().forEach(key -> {
                        sales.put(key, fresh.get(key));
                        valueSales(levels.get(key), fresh.get(key));
                    });
                    return sales;
                }
                jdbc.getJdbcTemplate().execute("ROLLBACK TO SAVEPOINT stock_sales_path");
                lost.forEach(qualified::remove);
            }
            advisoryLocks(fresh.keySet(), Set.of());
            return Map.of();
        }

        /**
         * In stock, or out of it with the unit cost its shortfalls are valued at known: a replay of a stretch below
         * zero with only sales in it values each of them at that cost, whatever their order.
         */
        private boolean onSalesPath(Folded level, Instant earliest) {
            return level != null && !earliest.isBefore(level.lastNonSale())
                    && (level.quantity().signum() > 0 || level.shortfall().known());
        }

        /**
         * Values sales of one key in the order of their moments, from the level's quantity and value: the part in
         * stock at the average, the rest provisionally as the last replay valued shortfalls (at a unit cost, or by
         * the card at the sale's moment; before a replay has said, at the same average), as a replay would.
         */
        private void valueSales(Folded level, List<Row> rows) {
            BigDecimal quantity = level.quantity();
            BigDecimal value = level.value();
            ShortfallCost shortfall = level.shortfall();
            BigDecimal unitCost = shortfall.unitCost() != null ? shortfall.unitCost()
                    : shortfall.byCard() ? null : value.divide(quantity, AVERAGE);
            List<Row> ordered = new ArrayList<>(rows);
            ordered.sort(Comparator.comparing((Row r) -> r.moment));
            for (Row row : ordered) {
                BigDecimal out = row.quantity.negate();
                BigDecimal covered = quantity.max(BigDecimal.ZERO).min(out);
                BigDecimal coveredValue = coveredValue(covered, quantity, value);
                BigDecimal short_ = out.subtract(covered);
                BigDecimal shortValue = short_.signum() == 0 ? scaled(BigDecimal.ZERO)
                        : scaled(short_.multiply(unitCost != null ? unitCost : cardCost(row.itemId, row.moment)));
                BigDecimal rowValue = scaled(coveredValue.add(shortValue).negate());
                row.booked = rowValue;
                values.put(row.id, rowValue);
                quantity = quantity.subtract(out);
                value = value.add(rowValue);
            }
        }

        void later(Key key, Instant from) {
            further.merge(key, from, (a, b) -> a.isBefore(b) ? a : b);
        }

        /** Replays what transfers set off, all waiting keys in one round, until nothing is left. */
        void cascade() {
            int rounds = 0;
            while (!further.isEmpty()) {
                if (++rounds > 10_000) {
                    throw new IllegalStateException("stock revaluation does not settle");
                }
                Map<Key, Instant> round = new LinkedHashMap<>(further);
                further.clear();
                List<Key> unlocked = round.keySet().stream().filter(k -> !locked.contains(k)).toList();
                if (!unlocked.isEmpty()) {
                    lock(unlocked, true);
                    locked.addAll(unlocked);
                }
                replay(round, Map.of(), null);
            }
        }

        /**
         * Replays the movements of each storage and item from its moment on (from the start of the stretch below
         * zero it falls in, so a shortfall is healed by what comes in), with the fresh rows of this posting among
         * them: one read of levels, sums and movements for all keys, the walk in memory key by key, and one write.
         * {@code levels} are the keys' levels as just locked, or null to read them.
         */
        void replay(Map<Key, Instant> from, Map<Key, List<Row>> freshRows, Map<Key, BigDecimal[]> levels) {
            locked.addAll(from.keySet());
            shortfallCosts.clear();   // what this round's walks say; a key appended to without one is unknown
            Map<Key, BigDecimal[]> level = levels != null ? levels : levelsOf(from.keySet());
            // What came before is the level less what comes after: reading only the recent end of the ledger.
            Map<Key, BigDecimal[]> after = sumsFrom(from);
            Map<Key, Instant> start = new LinkedHashMap<>(from);
            Map<Key, BigDecimal[]> before = new HashMap<>();
            Map<Key, Instant> outOfStock = new LinkedHashMap<>();
            for (Key key : from.keySet()) {
                BigDecimal[] l = level.getOrDefault(key, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                BigDecimal[] a = after.get(key);
                before.put(key, new BigDecimal[]{l[0].subtract(a[0]), l[1].subtract(a[1])});
                if (before.get(key)[0].signum() <= 0) {
                    outOfStock.put(key, from.get(key));
                }
            }
            Map<Key, ShortfallCost> seeds = shortfallCostsAt(outOfStock, freshRows);
            for (Key key : outOfStock.keySet()) {
                BigDecimal quantity = before.get(key)[0];
                if (!seeds.containsKey(key) && quantity.signum() < 0) {
                    // Stock was below zero just before, and something comes in after: start where that stretch
                    // began, so what comes in heals its shortfalls in their order.
                    Instant earlier = startOfRun(key, from.get(key), quantity);
                    start.put(key, earlier);
                    BigDecimal[] l = level.getOrDefault(key, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                    BigDecimal[] a = sumsFrom(Map.of(key, earlier)).get(key);
                    before.put(key, new BigDecimal[]{l[0].subtract(a[0]), l[1].subtract(a[1])});
                }
            }
            Map<Key, List<Row>> movements = movementsFrom(start);
            List<Row> appended = new ArrayList<>();
            List<Row> transfersOut = new ArrayList<>();
            for (Key key : from.keySet()) {
                walk(key, before.get(key), seeds.get(key), movements.getOrDefault(key, List.of()),
                        freshRows.getOrDefault(key, List.of()), appended, transfersOut);
            }
            mirror(transfersOut, appended);
            append(appended, false);
        }

        /**
         * Values the rows of one key in order and adds to {@code appended} the fresh rows and a correction of every
         * earlier-booked row whose value comes out different; corrected transfers out go to {@code transfersOut}.
         * {@code seed}, when not null, is what shortfalls are valued by at the first row (see
         * {@link #shortfallCostsAt}); without it, the average before the first row, or the card while there is none.
         */
        private void walk(Key key, BigDecimal[] before, ShortfallCost seed, List<Row> booked, List<Row> freshRows,
                          List<Row> appended, List<Row> transfersOut) {
            BigDecimal quantity = before[0];
            BigDecimal value = before[1];
            List<Row> rows = new ArrayList<>(booked);
            for (Row row : freshRows) {
                row.fresh = true;
                int at = rows.size();
                while (at > 0 && rows.get(at - 1).moment.isAfter(row.moment)) {
                    at--;
                }
                rows.add(at, row);
            }
            // Until stock has had a cost of its own, what must be valued provisionally (a shortfall, a surplus) is
            // valued by the ingredient's card as it stood at that movement's moment.
            BigDecimal lastUnitCost = seed != null ? seed.unitCost()
                    : quantity.signum() > 0 ? value.divide(quantity, AVERAGE) : null;
            boolean byCard = seed != null ? seed.byCard() : lastUnitCost == null;
            Deque<Shortfall> shortfalls = new ArrayDeque<>();
            Map<Row, BigDecimal> target = new LinkedHashMap<>();
            for (Row row : rows) {
                BigDecimal rowValue;
                if (row.quantity.signum() > 0) {
                    boolean valuedByCard = byCard && row.valuation == Valuation.AVERAGE;
                    rowValue = switch (row.valuation) {
                        case FIXED -> row.booked;
                        case TRANSFER -> row.fresh ? values.get(row.linkedId).negate() : row.booked;
                        default -> scaled(row.quantity.multiply(valuedByCard ? cardCost(key.itemId(), row.moment)
                                : lastUnitCost));
                    };
                    if (row.fresh || row.valuation == Valuation.AVERAGE) {
                        target.put(row, rowValue);
                    }
                    BigDecimal unitCost = rowValue.divide(row.quantity, AVERAGE);
                    BigDecimal incoming = row.quantity;
                    // Stock that arrives first fills what was taken below zero, at its own unit cost.
                    while (incoming.signum() > 0 && !shortfalls.isEmpty()) {
                        Shortfall gap = shortfalls.peek();
                        BigDecimal healed = gap.quantity.min(incoming);
                        BigDecimal extra = scaled(healed.multiply(unitCost.subtract(gap.provisionalUnitCost)));
                        target.merge(gap.row, extra.negate(), BigDecimal::add);
                        value = value.subtract(extra);
                        gap.quantity = gap.quantity.subtract(healed);
                        incoming = incoming.subtract(healed);
                        if (gap.quantity.signum() == 0) {
                            shortfalls.poll();
                        }
                    }
                    quantity = quantity.add(row.quantity);
                    value = value.add(rowValue);
                    if (quantity.signum() > 0) {
                        lastUnitCost = value.divide(quantity, AVERAGE);
                        byCard = false;
                    } else if (!valuedByCard) {
                        lastUnitCost = unitCost;
                        byCard = false;
                    }
                } else {
                    BigDecimal out = row.quantity.negate();
                    BigDecimal covered = quantity.max(BigDecimal.ZERO).min(out);
                    BigDecimal coveredValue = coveredValue(covered, quantity, value);
                    BigDecimal short_ = out.subtract(covered);
                    BigDecimal shortValue = scaled(BigDecimal.ZERO);
                    if (short_.signum() > 0) {
                        BigDecimal provisional = byCard ? cardCost(key.itemId(), row.moment) : lastUnitCost;
                        shortValue = scaled(short_.multiply(provisional));
                        shortfalls.add(new Shortfall(row, short_, provisional));
                    }
                    rowValue = coveredValue.add(shortValue).negate();
                    target.put(row, rowValue);
                    quantity = quantity.subtract(out);
                    value = value.add(rowValue);
                }
            }
            shortfallCosts.put(key, new ShortfallCost(byCard ? null : lastUnitCost, byCard));
            // Corrections are caused by the earliest fresh row of this key (in a batch, each key's own first
            // document), or by the document being cancelled or cascaded from.
            UUID cause = freshRows.stream().min(Comparator.comparing((Row r) -> r.moment)).map(r -> r.cause)
                    .orElse(documentId);
            for (Map.Entry<Row, BigDecimal> e : target.entrySet()) {
                Row row = e.getKey();
                BigDecimal wanted = e.getValue();
                if (row.fresh) {
                    row.booked = wanted;
                    values.put(row.id, wanted);
                    appended.add(row);
                    continue;
                }
                BigDecimal delta = wanted.subtract(row.booked);
                if (delta.signum() == 0) {
                    continue;
                }
                appended.add(correction(row, key, delta, cause));
                if (row.kind == Kind.TRANSFER_OUT && row.linkedId != null) {
                    row.delta = delta;
                    row.cause = cause;
                    transfersOut.add(row);
                }
            }
        }

        /**
         * A correction of a transfer out is mirrored on its transfer in, and the receiving storage is replayed in
         * turn (in the next round of {@link #cascade}).
         */
        private void mirror(List<Row> transfersOut, List<Row> appended) {
            if (transfersOut.isEmpty()) {
                return;
            }
            Map<UUID, Map<String, Object>> ins = new HashMap<>();
            jdbc.queryForList("SELECT id, storage_id, item_id, moment FROM stock_movement WHERE id IN (:ids)",
                    Map.of("ids", transfersOut.stream().map(r -> r.linkedId).toList()))
                    .forEach(in -> ins.put((UUID) in.get("id"), in));
            for (Row row : transfersOut) {
                Map<String, Object> in = ins.get(row.linkedId);
                Key receiver = new Key((UUID) in.get("storage_id"), (UUID) in.get("item_id"));
                Row linked = new Row(row.linkedId, Kind.TRANSFER_IN, row.moment, BigDecimal.ZERO,
                        Valuation.TRANSFER, null);
                linked.documentKind = row.documentKind;
                linked.documentId = row.documentId;
                appended.add(correction(linked, receiver, row.delta.negate(), row.cause));
                // Its walk (if it had one this round) did not see this correction: unknown until one does.
                shortfallCosts.remove(receiver);
                later(receiver, ((Timestamp) in.get("moment")).toInstant());
            }
        }

        private Row correction(Row of, Key key, BigDecimal delta, UUID cause) {
            Row correction = new Row(Ids.next(), of.kind, of.moment, BigDecimal.ZERO, Valuation.CORRECTION, null);
            correction.storageId = key.storageId();
            correction.itemId = key.itemId();
            correction.correctsId = of.id;
            // A correction belongs to the document of the movement it corrects; caused_by says what moved it.
            correction.documentKind = of.documentKind;
            correction.documentId = of.documentId;
            correction.booked = delta;
            correction.cause = cause;
            return correction;
        }

        /** Quantity and value of the movements at or after each key's moment. */
        private Map<Key, BigDecimal[]> sumsFrom(Map<Key, Instant> from) {
            Map<Key, BigDecimal[]> sums = new HashMap<>();
            jdbc.query("""
                    SELECT k.storage_id, k.item_id,
                           COALESCE(SUM(m.quantity), 0) AS quantity, COALESCE(SUM(m.value), 0) AS value
                    FROM (VALUES :keys) AS k (storage_id, item_id, from_moment)
                    LEFT JOIN stock_movement m ON m.storage_id = k.storage_id AND m.item_id = k.item_id
                         AND m.moment >= k.from_moment
                    GROUP BY k.storage_id, k.item_id""", Map.of("keys", keysFrom(from)), rs -> {
                sums.put(new Key(rs.getObject("storage_id", UUID.class), rs.getObject("item_id", UUID.class)),
                        new BigDecimal[]{rs.getBigDecimal("quantity"), rs.getBigDecimal("value")});
            });
            return sums;
        }

        /**
         * The live movements of each key from its moment on, in booking order, each with its corrections added.
         * A movement's corrections and reversal are booked at its own storage, item and moment, so the one range
         * read per key holds them: they are summed and matched there, not looked up row by row.
         */
        private Map<Key, List<Row>> movementsFrom(Map<Key, Instant> from) {
            Map<Key, List<Row>> rows = new HashMap<>();
            jdbc.query("""
                    WITH r AS MATERIALIZED (
                        SELECT m.id, m.seq, m.storage_id, m.item_id, m.moment, m.kind, m.quantity, m.value,
                               m.valuation, m.linked_id, m.document_kind, m.document_id, m.corrects_id, m.reverses_id
                        FROM (VALUES :keys) AS k (storage_id, item_id, from_moment)
                        JOIN stock_movement m ON m.storage_id = k.storage_id AND m.item_id = k.item_id
                             AND m.moment >= k.from_moment
                    ), corrected AS (
                        SELECT corrects_id, SUM(value) AS value FROM r WHERE corrects_id IS NOT NULL
                        GROUP BY corrects_id
                    )
                    SELECT m.id, m.storage_id, m.item_id, m.moment, m.kind, m.quantity, m.valuation, m.linked_id,
                           m.document_kind, m.document_id, m.value + COALESCE(c.value, 0) AS booked
                    FROM r m
                    LEFT JOIN corrected c ON c.corrects_id = m.id
                    WHERE m.corrects_id IS NULL AND m.reverses_id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM r x WHERE x.reverses_id = m.id)
                    ORDER BY m.storage_id, m.item_id, m.moment, m.seq""", Map.of("keys", keysFrom(from)), rs -> {
                Row row = new Row(rs.getObject("id", UUID.class), Kind.valueOf(rs.getString("kind")),
                        rs.getTimestamp("moment").toInstant(), rs.getBigDecimal("quantity"),
                        Valuation.valueOf(rs.getString("valuation")), rs.getObject("linked_id", UUID.class));
                row.booked = rs.getBigDecimal("booked");
                row.documentKind = rs.getString("document_kind");
                row.documentId = rs.getObject("document_id", UUID.class);
                row.storageId = rs.getObject("storage_id", UUID.class);
                row.itemId = rs.getObject("item_id", UUID.class);
                rows.computeIfAbsent(new Key(row.storageId, row.itemId), k -> new ArrayList<>()).add(row);
            });
            return rows;
        }

        /**
         * What shortfalls are valued by at each key's moment, for keys whose stock is at or below zero just before it
         * and into which nothing comes from there on (among the booked movements and the fresh rows): what the last
         * replay of the key stored, since only what comes in changes it. A replay of such a key can start at its
         * moment instead of where the stretch below zero began: with nothing coming in after, no shortfall before the
         * moment is healed and no value before it changes. Keys for which this is not known are left out. One read
         * of the level rows and one of the movements for all keys.
         * <p>
         * Without it, a sale landing before a write-off in a café that never enters supplies replayed every sale
         * since the first (the whole stretch below zero), under the exclusive lock.
         */
        private Map<Key, ShortfallCost> shortfallCostsAt(Map<Key, Instant> at, Map<Key, List<Row>> freshRows) {
            Map<Key, Instant> candidates = new LinkedHashMap<>();
            at.forEach((key, moment) -> {
                if (freshRows.getOrDefault(key, List.of()).stream().noneMatch(r -> r.quantity.signum() > 0)) {
                    candidates.put(key, moment);
                }
            });
            if (candidates.isEmpty()) {
                return Map.of();
            }
            Map<Key, Folded> levels = foldedLevels(candidates.keySet());
            candidates.keySet().removeIf(key -> levels.get(key) == null || !levels.get(key).shortfall().known());
            if (candidates.isEmpty()) {
                return Map.of();
            }
            // A reversal of something that went out counts as coming in here: rare, and a full replay is right.
            jdbc.query("""
                    SELECT k.storage_id, k.item_id FROM (VALUES :keys) AS k (storage_id, item_id, from_moment)
                    WHERE EXISTS (SELECT 1 FROM stock_movement m
                                  WHERE m.storage_id = k.storage_id AND m.item_id = k.item_id
                                    AND m.moment >= k.from_moment AND m.quantity > 0)""",
                    Map.of("keys", keysFrom(candidates)), rs -> {
                        candidates.remove(new Key(rs.getObject("storage_id", UUID.class),
                                rs.getObject("item_id", UUID.class)));
                    });
            Map<Key, ShortfallCost> seeds = new HashMap<>();
            candidates.keySet().forEach(key -> seeds.put(key, levels.get(key).shortfall()));
            return seeds;
        }

        /**
         * Where a replay must begin when stock was below zero just before {@code from}: at the start of that
         * stretch below zero, so the shortfalls in it are healed by what comes in.
         */
        private Instant startOfRun(Key key, Instant from, BigDecimal before) {
            Instant start = from;
            while (before.signum() < 0) {
                List<Map<String, Object>> moments = jdbc.queryForList("""
                        SELECT moment, SUM(quantity) AS quantity FROM stock_movement
                        WHERE storage_id = :storage AND item_id = :item AND moment < :at
                        GROUP BY moment ORDER BY moment DESC LIMIT 500""",
                        new MapSqlParameterSource("storage", key.storageId()).addValue("item", key.itemId())
                                .addValue("at", Timestamp.from(start)));
                if (moments.isEmpty()) {
                    break;
                }
                for (Map<String, Object> m : moments) {
                    start = ((Timestamp) m.get("moment")).toInstant();
                    before = before.subtract((BigDecimal) m.get("quantity"));
                    if (before.signum() >= 0) {
                        break;
                    }
                }
            }
            return start;
        }

        /**
         * The unit cost per base unit on the item's card at a moment, to value a shortfall or a surplus by while the
         * storage has no cost of its own for the item: the cost in effect then, or, before the first, the latest
         * (any known cost says more than none); zero without a card cost.
         */
        private BigDecimal cardCost(UUID itemId, Instant at) {
            List<CardCost> history = cardCosts.get(itemId);
            if (history == null) {
                loadCardCosts(List.of(itemId));
                history = cardCosts.get(itemId);
            }
            for (CardCost cost : history) {
                if (!cost.effectiveAt().isAfter(at)) {
                    return cost.perBaseUnit();
                }
            }
            return history.isEmpty() ? BigDecimal.ZERO : history.get(0).perBaseUnit();
        }

        /** The card cost histories of items, newest first, in one read. */
        private void loadCardCosts(Collection<UUID> items) {
            List<UUID> missing = items.stream().distinct().filter(i -> !cardCosts.containsKey(i)).toList();
            if (missing.isEmpty()) {
                return;
            }
            missing.forEach(i -> cardCosts.put(i, new ArrayList<>()));
            jdbc.query("""
                    SELECT u.ingredient_id, u.effective_at,
                           u.unit_cost / CASE i.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END AS per_base
                    FROM ingredient_unit_cost u JOIN ingredient i ON i.id = u.ingredient_id
                    WHERE u.ingredient_id IN (:items)
                    ORDER BY u.ingredient_id, u.effective_at DESC, u.id DESC""", Map.of("items", missing), rs -> {
                cardCosts.get(rs.getObject("ingredient_id", UUID.class)).add(new CardCost(
                        rs.getTimestamp("effective_at").toInstant(), rs.getBigDecimal("per_base")));
            });
        }

        /**
         * Inserts movements and adds them to the derived levels of their storages and items: to the level rows
         * (raising their last moment that is not a sale, and setting how shortfalls are valued to what this
         * session's replay of the key ended with, or to unknown where it did not replay the key), or, on the sales
         * path, as deltas, which take no lock of the level row. A sale on the sales path is in the current month,
         * which no snapshot covers yet.
         */
        void append(List<Row> rows, boolean salesPath) {
            if (rows.isEmpty()) {
                return;
            }
            if (!salesPath) {
                snapshots.invalidate(rows.stream()
                        .map(r -> new StockSnapshots.Touched(r.storageId, r.itemId, r.moment)).toList());
            }
            // Positional parameters: a batch of receipts appends a thousand rows and more, and named ones cost a map
            // and a lookup of each name per row (a third of the append's CPU in a profile of batches of 50).
            Timestamp bookedAt = Timestamp.from(now);
            jdbc.getJdbcTemplate().batchUpdate("""
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, linked_id, corrects_id,
                                                reverses_id, caused_by, booked_at, booked_by)
                    VALUES (larder_current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    new BatchPreparedStatementSetter() {
                        @Override
                        public void setValues(PreparedStatement ps, int i) throws SQLException {
                            Row r = rows.get(i);
                            ps.setObject(1, r.id);
                            ps.setObject(2, r.storageId);
                            ps.setObject(3, r.itemId);
                            ps.setTimestamp(4, Timestamp.from(r.moment));
                            ps.setString(5, r.kind.name());
                            ps.setString(6, r.valuation.name());
                            ps.setBigDecimal(7, r.quantity);
                            ps.setBigDecimal(8, r.booked);
                            ps.setString(9, r.documentKind == null ? documentKind : r.documentKind);
                            ps.setObject(10, r.documentId == null ? documentId : r.documentId);
                            ps.setObject(11, r.linkedId, Types.OTHER);
                            ps.setObject(12, r.correctsId, Types.OTHER);
                            ps.setObject(13, r.reversesId, Types.OTHER);
                            ps.setObject(14, r.cause == null ? documentId : r.cause);
                            ps.setTimestamp(15, bookedAt);
                            ps.setObject(16, userId, Types.OTHER);
                        }

                        @Override
                        public int getBatchSize() {
                            return rows.size();
                        }
                    });
            // The P&L's derived totals move with the ledger, in the same transaction (and savepoint).
            totals.add(rows.stream().map(r -> new LedgerTotals.Booked(r.storageId, r.kind, r.moment, r.booked))
                    .toList());
            Map<Key, BigDecimal[]> sums = new LinkedHashMap<>();
            Map<Key, Instant> lastNonSale = new HashMap<>();
            for (Row r : rows) {
                Key key = new Key(r.storageId, r.itemId);
                BigDecimal[] sum = sums.computeIfAbsent(key, k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                sum[0] = sum[0].add(r.quantity);
                sum[1] = sum[1].add(r.booked);
                if (!(r.kind == Kind.SALE && r.valuation == Valuation.AVERAGE)) {
                    lastNonSale.merge(key, r.moment, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            if (salesPath) {
                jdbc.batchUpdate("""
                        INSERT INTO stock_level_delta (tenant_id, storage_id, item_id, quantity, value)
                        VALUES (larder_current_tenant(), :storage, :item, :quantity, :value)""",
                        sums.entrySet().stream().map(e -> (SqlParameterSource) new MapSqlParameterSource()
                                .addValue("storage", e.getKey().storageId()).addValue("item", e.getKey().itemId())
                                .addValue("quantity", e.getValue()[0]).addValue("value", e.getValue()[1]))
                                .toArray(SqlParameterSource[]::new));
                TenantContext.current().map(TenantContext.Actor::tenantId).ifPresent(unfolded::add);
                return;
            }
            jdbc.batchUpdate("""
                    INSERT INTO stock_level (tenant_id, storage_id, item_id, quantity, value, last_non_sale_at,
                                             shortfall_unit_cost, shortfall_by_card)
                    VALUES (larder_current_tenant(), :storage, :item, :quantity, :value,
                            COALESCE(CAST(:lastNonSale AS timestamptz), '-infinity'), :shortfallUnitCost,
                            :shortfallByCard)
                    ON CONFLICT (tenant_id, storage_id, item_id) DO UPDATE
                    SET quantity = stock_level.quantity + EXCLUDED.quantity,
                        value = stock_level.value + EXCLUDED.value,
                        last_non_sale_at = GREATEST(stock_level.last_non_sale_at, EXCLUDED.last_non_sale_at),
                        shortfall_unit_cost = EXCLUDED.shortfall_unit_cost,
                        shortfall_by_card = EXCLUDED.shortfall_by_card""",
                    sums.entrySet().stream().map(e -> {
                        ShortfallCost shortfall = shortfallCosts.getOrDefault(e.getKey(), ShortfallCost.UNKNOWN);
                        return (SqlParameterSource) new MapSqlParameterSource()
                                .addValue("storage", e.getKey().storageId()).addValue("item", e.getKey().itemId())
                                .addValue("quantity", e.getValue()[0]).addValue("value", e.getValue()[1])
                                .addValue("shortfallUnitCost", shortfall.unitCost(), Types.NUMERIC)
                                .addValue("shortfallByCard", shortfall.byCard())
                                .addValue("lastNonSale", lastNonSale.containsKey(e.getKey())
                                        ? Timestamp.from(lastNonSale.get(e.getKey())) : null, Types.TIMESTAMP);
                    }).toArray(SqlParameterSource[]::new));
        }
    }

    /**
     * What the part of an outgoing movement that stock covers is worth: that share of the stock's value, or all of
     * it when it takes everything (so no crumb stays behind). The share is value × covered ÷ quantity rounded once,
     * to the value's scale. Until decision 79 it was covered × the average at 34 digits, rounded: the same figure but
     * at an exact tie, and four times the work, which counted on the sales path (one division per ingredient sold).
     */
    private static BigDecimal coveredValue(BigDecimal covered, BigDecimal quantity, BigDecimal value) {
        if (covered.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (covered.compareTo(quantity) == 0) {
            return value;
        }
        return value.multiply(covered).divide(quantity, VALUE_SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value.setScale(VALUE_SCALE, RoundingMode.HALF_EVEN);
    }
}
