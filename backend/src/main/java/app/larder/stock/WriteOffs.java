package app.larder.stock;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.stock.Ingredients.IngredientRepository;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Movement;
import app.larder.stock.StockLedger.Posting;
import app.larder.stock.StockQuantities.EnteredUnit;
import app.larder.stock.WriteOff.Status;
import app.larder.stock.WriteOffLine.Reason;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Write-offs of the current business: drafts, posting into the stock ledger, editing (a posted one is reversed and
 * posted again, in one transaction) and cancelling. A user limited to some venues sees only the write-offs of their
 * storages; anything else is not found.
 */
@Service
public class WriteOffs {

    static final int MAX_LINES = 500;
    static final int MAX_COMMENT = 4000;
    static final int MAX_NOTE = 500;
    /** Sortable columns of the list, as the API names them, and what they sort by. */
    public static final Map<String, String> SORTS = Map.of("writtenOffAt", "written_off_at", "total", "total",
            "storage", "lower(storage_name)", "status", "status");

    private final WriteOffRepository writeOffs;
    private final IngredientRepository ingredients;
    private final Storages storages;
    private final Venues venues;
    private final StockLedger ledger;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    WriteOffs(WriteOffRepository writeOffs, IngredientRepository ingredients, Storages storages, Venues venues,
              StockLedger ledger, AuditLog audit, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.writeOffs = writeOffs;
        this.ingredients = ingredients;
        this.storages = storages;
        this.venues = venues;
        this.ledger = ledger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One line as entered. {@code unit}: g, kg, ml, l, pcs or purchase (null: the base unit); {@code reason} one of
     * {@link Reason}.
     */
    public record LineInput(UUID ingredientId, BigDecimal quantity, String unit, String reason, String note) {
    }

    /**
     * A write-off as entered. Its moment is {@code moment}, or {@code localMoment} read in the time zone of the
     * storage's venue, or now when both are null.
     */
    public record Details(Instant moment, LocalDateTime localMoment, UUID storageId, String comment,
                          List<LineInput> lines) {
    }

    /** What to list; every part optional. {@code from} inclusive, {@code to} exclusive. */
    public record Query(Instant from, Instant to, UUID storageId, Status status, Reason reason, String text) {
    }

    /** A row of the list; {@code total} is what a posted write-off cost, corrections included (0 otherwise). */
    public record Row(UUID id, Instant writtenOffAt, UUID storageId, String storageName, String comment,
                      Status status, int lineCount, BigDecimal total) {
    }

    /** A page of the list, and the count and cost of everything the query found, not only the page. */
    public record Found(Page<Row> page, long count, BigDecimal total) {
    }

    /**
     * A line as shown: its ingredient, its cost (from the ledger once posted; estimated at the storage's average at
     * that moment for a draft; null when unknown or cancelled), the stock of the ingredient before the write-off,
     * and whether the write-off takes more than that.
     */
    public record LineView(WriteOffLine line, Ingredient ingredient, BigDecimal cost, BigDecimal stockBefore,
                           boolean belowZero) {
    }

    /**
     * A write-off with its storage, the time zone of the storage's venue, its lines and its total. {@code valued}:
     * the costs are the ledger's (posted), not an estimate.
     */
    public record View(WriteOff writeOff, Storage storage, ZoneId zone, List<LineView> lines, BigDecimal total,
                       boolean valued) {

        public boolean belowZero() {
            return lines.stream().anyMatch(LineView::belowZero);
        }
    }

    @Transactional(readOnly = true)
    public WriteOff get(UUID id) {
        WriteOff writeOff = writeOffs.findById(id).orElseThrow(() -> new NotFoundException("write-off", id));
        try {
            storages.get(writeOff.getStorageId());
        } catch (NotFoundException e) {
            throw new NotFoundException("write-off", id);
        }
        return writeOff;
    }

    @Transactional(readOnly = true)
    public View view(UUID id) {
        WriteOff writeOff = get(id);
        Storage storage = storages.get(writeOff.getStorageId());
        ZoneId zone = venues.get(storage.getVenueId()).getTimezone();
        List<WriteOffLine> lines = writeOff.getLines();
        Map<UUID, Ingredient> byId = ingredients.findAllById(lines.stream().map(WriteOffLine::getIngredientId)
                .collect(Collectors.toSet())).stream().collect(Collectors.toMap(Ingredient::getId, i -> i));
        Map<UUID, BigDecimal> taken = new HashMap<>();
        lines.forEach(l -> taken.merge(l.getIngredientId(), l.getBaseQuantity(), BigDecimal::add));
        Map<UUID, StockLedger.Level> levels = new HashMap<>();
        taken.keySet().forEach(item -> levels.put(item, ledger.level(storage.getId(), item,
                writeOff.getWrittenOffAt())));
        boolean posted = writeOff.getStatus() == Status.POSTED;
        List<BigDecimal> costs;
        if (posted) {
            Map<UUID, BigDecimal> values = new HashMap<>();
            for (Movement m : ledger.ofDocument(id)) {
                values.merge(m.itemId(), m.value().negate(), BigDecimal::add);
            }
            costs = allocate(values, lines.stream().map(WriteOffLine::getIngredientId).toList(),
                    lines.stream().map(WriteOffLine::getBaseQuantity).toList());
        } else if (writeOff.getStatus() == Status.DRAFT) {
            costs = lines.stream().map(l -> estimate(levels.get(l.getIngredientId()), l.getBaseQuantity())).toList();
        } else {
            costs = lines.stream().map(l -> (BigDecimal) null).toList();
        }
        List<LineView> views = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            WriteOffLine line = lines.get(i);
            BigDecimal level = levels.get(line.getIngredientId()).quantity();
            BigDecimal all = taken.get(line.getIngredientId());
            BigDecimal before = posted ? level.add(all) : level;
            boolean short_ = writeOff.getStatus() != Status.CANCELLED && before.subtract(all).signum() < 0;
            views.add(new LineView(line, byId.get(line.getIngredientId()), costs.get(i), before, short_));
        }
        BigDecimal total = costs.stream().anyMatch(Objects::isNull) ? null
                : costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new View(writeOff, storage, zone, views, total, posted);
    }

    @Transactional(readOnly = true)
    public Found search(Query query, Pageable page) {
        if (query.storageId() != null) {
            storages.get(query.storageId());
        }
        DocumentFilter filter = new DocumentFilter().visibleVenues("s.venue_id")
                .and("w.storage_id = :storage", "storage", query.storageId())
                .period("w.written_off_at", query.from(), query.to())
                .and("w.status = :status", "status", query.status())
                .and("EXISTS (SELECT 1 FROM write_off_line r WHERE r.write_off_id = w.id AND r.reason = :reason)",
                        "reason", query.reason());
        MapSqlParameterSource params = filter.params();
        StringBuilder where = new StringBuilder(filter.where());
        if (query.text() != null && !query.text().isBlank()) {
            where.append(" AND (lower(w.comment) LIKE :like ESCAPE '\\' OR EXISTS (SELECT 1 FROM write_off_line t"
                    + " JOIN ingredient i ON i.id = t.ingredient_id WHERE t.write_off_id = w.id"
                    + " AND lower(i.name) LIKE :like ESCAPE '\\'))");
            params.addValue("like", like(query.text()));
        }
        String found = """
                WITH found AS (
                    SELECT w.id, w.written_off_at, w.storage_id, s.name AS storage_name, w.comment, w.status,
                           (SELECT count(*) FROM write_off_line l WHERE l.write_off_id = w.id) AS line_count,
                           -COALESCE((SELECT sum(m.value) FROM stock_movement m WHERE m.document_id = w.id), 0)
                               AS total
                    FROM write_off w JOIN storage s ON s.id = w.storage_id
                    WHERE %s)
                """.formatted(where);
        Map<String, Object> summary = jdbc.queryForMap(found + "SELECT count(*) AS n, COALESCE(sum(total), 0) AS total"
                + " FROM found", params);
        params.addValue("limit", page.getPageSize()).addValue("offset", page.getOffset());
        List<Row> rows = jdbc.query(found + "SELECT * FROM found ORDER BY " + orderBy(page.getSort(), SORTS,
                "written_off_at") + " LIMIT :limit OFFSET :offset", params, (rs, n) -> new Row(
                rs.getObject("id", UUID.class), rs.getTimestamp("written_off_at").toInstant(),
                rs.getObject("storage_id", UUID.class), rs.getString("storage_name"), rs.getString("comment"),
                Status.valueOf(rs.getString("status")), rs.getInt("line_count"), rs.getBigDecimal("total")));
        long count = ((Number) summary.get("n")).longValue();
        return new Found(new PageImpl<>(rows, page, count), count, (BigDecimal) summary.get("total"));
    }

    /** Saves a new write-off as a draft, and posts it if {@code post}. */
    @Transactional
    public WriteOff create(Details details, boolean post) {
        Prepared prepared = prepare(details);
        WriteOff writeOff = new WriteOff(Ids.next(), clock.instant());
        writeOff.describe(prepared.moment(), prepared.storage().getId(), prepared.comment(), prepared.lines());
        writeOffs.saveAndFlush(writeOff);
        audit.record("created", "write-off", writeOff.getId(), "Write-off of " + prepared.lines().size()
                + " line(s) from \"" + prepared.storage().getName() + "\"");
        if (post) {
            postNow(writeOff);
        }
        return writeOff;
    }

    /**
     * Changes a draft or a posted write-off; a posted one is reversed in the ledger and posted again as it now
     * stands. {@code version}, when given, is the version the change was made on: another change since is a
     * conflict. {@code post} posts a draft after saving it.
     */
    @Transactional
    public WriteOff update(UUID id, Long version, Details details, boolean post) {
        WriteOff writeOff = get(id);
        checkVersion(writeOff, version, WriteOff.class);
        if (writeOff.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "writeOff.cancelledReadOnly");
        }
        Prepared prepared = prepare(details);
        writeOff.describe(prepared.moment(), prepared.storage().getId(), prepared.comment(), prepared.lines());
        // Flushed first: the row is locked, and a concurrent change of it fails here rather than after the ledger.
        writeOffs.saveAndFlush(writeOff);
        audit.record("updated", "write-off", id, "Write-off of " + prepared.lines().size() + " line(s) from \""
                + prepared.storage().getName() + "\" changed");
        if (writeOff.getStatus() == Status.POSTED) {
            notInFuture(writeOff.getWrittenOffAt(), "writtenOffAt");
            ledger.reverse(id);
            ledger.post(posting(writeOff));
        } else if (post) {
            postNow(writeOff);
        }
        return writeOff;
    }

    /** Books a draft into the ledger. Posting twice, or a cancelled write-off, is refused. */
    @Transactional
    public WriteOff post(UUID id, Long version) {
        WriteOff writeOff = get(id);
        checkVersion(writeOff, version, WriteOff.class);
        if (writeOff.getStatus() != Status.DRAFT) {
            throw new RuleViolation(null, writeOff.getStatus() == Status.POSTED ? "writeOff.alreadyPosted"
                    : "writeOff.cancelledReadOnly");
        }
        postNow(writeOff);
        return writeOff;
    }

    /**
     * Cancels a write-off: a posted one is reversed in the ledger, as if it had never been; a draft is simply set
     * aside. Cancelling twice is refused.
     */
    @Transactional
    public WriteOff cancel(UUID id, Long version) {
        WriteOff writeOff = get(id);
        checkVersion(writeOff, version, WriteOff.class);
        if (writeOff.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "writeOff.alreadyCancelled");
        }
        boolean posted = writeOff.getStatus() == Status.POSTED;
        writeOff.cancelled(clock.instant());
        writeOffs.saveAndFlush(writeOff);
        if (posted) {
            ledger.reverse(id);
        }
        audit.record("cancelled", "write-off", id, "Write-off cancelled");
        return writeOff;
    }

    private void postNow(WriteOff writeOff) {
        notInFuture(writeOff.getWrittenOffAt(), "writtenOffAt");
        writeOff.posted(clock.instant());
        writeOffs.saveAndFlush(writeOff);
        ledger.post(posting(writeOff));
        audit.record("posted", "write-off", writeOff.getId(), "Write-off posted");
    }

    private static Posting posting(WriteOff writeOff) {
        return new Posting(WriteOff.DOCUMENT_KIND, writeOff.getId(), writeOff.getWrittenOffAt(),
                writeOff.getLines().stream().map(l -> Entry.out(Kind.WRITE_OFF, writeOff.getStorageId(),
                        l.getIngredientId(), l.getBaseQuantity())).toList());
    }

    private record Prepared(Instant moment, Storage storage, String comment, List<WriteOffLine> lines) {
    }

    private Prepared prepare(Details details) {
        Storage storage = storage("storageId", details.storageId());
        Instant moment = moment(details.moment(), details.localMoment(), storage, venues, clock);
        String comment = text("comment", details.comment(), MAX_COMMENT);
        List<LineInput> inputs = details.lines() == null ? List.of() : details.lines();
        checkLineCount(inputs, "writeOff.tooManyLines");
        Map<UUID, Ingredient> known = ingredientsOf(ingredients, inputs.stream().map(l -> l == null ? null
                : l.ingredientId()).toList());
        List<WriteOffLine> lines = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String at = "lines[" + i + "].";
            LineInput input = inputs.get(i);
            if (input == null) {
                throw new RuleViolation(at + "ingredientId", "validation.required");
            }
            Ingredient ingredient = ingredient(known, input.ingredientId(), at + "ingredientId",
                    "writeOff.unknownIngredient");
            EnteredUnit unit = EnteredUnit.parse(at + "unit", input.unit());
            BigDecimal base = StockQuantities.toBase(ingredient, input.quantity(), unit, at + "quantity",
                    at + "unit");
            Reason reason = Reason.parse(at + "reason", input.reason());
            String note = text(at + "note", input.note(), MAX_NOTE);
            lines.add(new WriteOffLine(ingredient.getId(), StockQuantities.plain(input.quantity()),
                    unit == null ? EnteredUnit.of(ingredient.getDimension().base()) : unit, base, reason, note));
        }
        return new Prepared(moment, storage, comment, lines);
    }

    private Storage storage(String field, UUID id) {
        if (id == null) {
            throw new RuleViolation(field, "validation.required");
        }
        try {
            return storages.get(id);
        } catch (NotFoundException e) {
            throw new RuleViolation(field, "writeOff.unknownStorage");
        }
    }

    private void notInFuture(Instant moment, String field) {
        if (moment.isAfter(clock.instant())) {
            throw new RuleViolation(field, "writeOff.inFuture");
        }
    }

    // What write-offs and transfers share: they are documents of the same kind, one with a reason per line.

    /**
     * The moment a document is entered for: an instant as given, a local date and time in the time zone of the
     * storage's venue, or now. Kept to the microsecond, as the database does, so what is read back is what was set.
     */
    static Instant moment(Instant moment, LocalDateTime local, Storage storage, Venues venues, Clock clock) {
        Instant at;
        if (moment != null) {
            at = moment;
        } else if (local != null) {
            at = local.atZone(venues.get(storage.getVenueId()).getTimezone()).toInstant();
        } else {
            at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static void checkLineCount(List<?> lines, String tooManyKey) {
        if (lines.isEmpty()) {
            throw new RuleViolation("lines", "stock.noLines");
        }
        if (lines.size() > MAX_LINES) {
            throw new RuleViolation("lines", tooManyKey, MAX_LINES);
        }
    }

    static Map<UUID, Ingredient> ingredientsOf(IngredientRepository ingredients, Collection<UUID> ids) {
        Set<UUID> wanted = ids.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        return wanted.isEmpty() ? Map.of() : ingredients.findAllById(wanted).stream()
                .collect(Collectors.toMap(Ingredient::getId, Function.identity()));
    }

    static Ingredient ingredient(Map<UUID, Ingredient> known, UUID id, String field, String unknownKey) {
        if (id == null) {
            throw new RuleViolation(field, "validation.required");
        }
        Ingredient ingredient = known.get(id);
        if (ingredient == null) {
            throw new RuleViolation(field, unknownKey);
        }
        return ingredient;
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new RuleViolation(field, "validation.tooLong", max);
        }
        return trimmed;
    }

    static void checkVersion(app.larder.platform.tenancy.TenantOwned document, Long version, Class<?> type) {
        if (version != null && !version.equals(document.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(type, document.getId());
        }
    }

    /**
     * Shares each item's value among the lines of that item, in proportion to their quantities; the last line of an
     * item takes what rounding leaves, so the lines add up to the item's value exactly.
     */
    static List<BigDecimal> allocate(Map<UUID, BigDecimal> valueByItem, List<UUID> items, List<BigDecimal> quantities) {
        Map<UUID, BigDecimal> quantityByItem = new HashMap<>();
        Map<UUID, Integer> lastLine = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            quantityByItem.merge(items.get(i), quantities.get(i), BigDecimal::add);
            lastLine.put(items.get(i), i);
        }
        Map<UUID, BigDecimal> given = new LinkedHashMap<>();
        List<BigDecimal> shares = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            UUID item = items.get(i);
            BigDecimal value = valueByItem.getOrDefault(item, BigDecimal.ZERO);
            BigDecimal share;
            if (lastLine.get(item) == i) {
                share = value.subtract(given.getOrDefault(item, BigDecimal.ZERO));
            } else {
                share = value.multiply(quantities.get(i)).divide(quantityByItem.get(item), StockLedger.VALUE_SCALE,
                        java.math.RoundingMode.HALF_EVEN);
                given.merge(item, share, BigDecimal::add);
            }
            shares.add(share);
        }
        return shares;
    }

    /** What taking {@code quantity} would cost at the level's average; null when the storage has none in stock. */
    static BigDecimal estimate(StockLedger.Level level, BigDecimal quantity) {
        BigDecimal unitCost = level.unitCostPerBase();
        return unitCost == null ? null : quantity.multiply(unitCost).setScale(StockLedger.VALUE_SCALE,
                java.math.RoundingMode.HALF_EVEN);
    }

    static String like(String text) {
        return "%" + text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
    }

    /** ORDER BY for a page's sort, limited to the columns named; ties broken by id so pages do not overlap. */
    static String orderBy(Sort sort, Map<String, String> columns, String fallback) {
        List<String> parts = new ArrayList<>();
        for (Sort.Order order : sort) {
            String column = columns.get(order.getProperty());
            if (column != null) {
                parts.add(column + (order.isDescending() ? " DESC" : " ASC"));
            }
        }
        if (parts.isEmpty()) {
            parts.add(fallback + " DESC");
        }
        parts.add("id");
        return String.join(", ", parts);
    }

    interface WriteOffRepository extends JpaRepository<WriteOff, UUID> {
    }
}
