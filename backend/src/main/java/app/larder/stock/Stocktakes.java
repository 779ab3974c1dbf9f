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
import app.larder.stock.StockLedger.Level;
import app.larder.stock.StockLedger.Movement;
import app.larder.stock.StockLedger.Posting;
import app.larder.stock.StockQuantities.EnteredUnit;
import app.larder.stock.Stocktake.Status;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stocktakes of the current business: a count of a storage at a moment, kept as a draft while people count, then
 * posted into the stock ledger as a surplus or a shortage per counted item, or cancelled.
 * <p>
 * The rules: the moment of a count is never in the future (stock cannot be counted ahead); what is expected of an
 * item is the ledger's level at that moment, read again when the stocktake is posted (it may have moved since the
 * draft was opened) and kept on the line; an item not counted books nothing; a count may be zero, never below it. A
 * surplus comes in and a shortage goes out at the storage's weighted average unit cost, as the ledger values them.
 * A user limited to some venues sees only the stocktakes of their storages; anything else is not found.
 */
@Service
public class Stocktakes {

    static final int MAX_COMMENT = 4000;
    static final int MAX_COUNTS = 5000;
    /** Sortable columns of the list, as the API names them, and what they sort by. */
    public static final Map<String, String> SORTS = Map.of("countedAt", "counted_at", "createdAt", "created_at",
            "status", "status", "storage", "lower(storage_name)", "net", "net");

    private final StocktakeRepository stocktakes;
    private final IngredientRepository ingredients;
    private final Ingredients ingredientCosts;
    private final Storages storages;
    private final Venues venues;
    private final StockLedger ledger;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    Stocktakes(StocktakeRepository stocktakes, IngredientRepository ingredients, Ingredients ingredientCosts,
               Storages storages, Venues venues, StockLedger ledger, AuditLog audit, NamedParameterJdbcTemplate jdbc,
               Clock clock) {
        this.stocktakes = stocktakes;
        this.ingredients = ingredients;
        this.ingredientCosts = ingredientCosts;
        this.storages = storages;
        this.venues = venues;
        this.ledger = ledger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A new stocktake. Its moment is {@code moment}, or {@code localMoment} read in the time zone of the storage's
     * venue, or now when both are null. {@code category}: an ingredient category to count, or null for every item.
     */
    public record Details(UUID storageId, Instant moment, LocalDateTime localMoment, String category,
                         String comment) {
    }

    /**
     * The count of one item. {@code counted} in {@code unit} (kg, g, l, ml, pcs or purchase; null: the item's stock
     * unit, kg, l or pcs); a null {@code counted} forgets the count, so the item is not counted.
     */
    public record Count(UUID itemId, BigDecimal counted, String unit) {
    }

    /**
     * A change of a draft: every part optional. The moment as in {@link Details} (both null: unchanged);
     * {@code comment} null keeps it, blank clears it; {@code counts} set or forget the counts of the items named and
     * leave the others as they are.
     */
    public record Change(Instant moment, LocalDateTime localMoment, String comment, List<Count> counts) {
    }

    /** What to list; every part optional. {@code from} inclusive, {@code to} exclusive. */
    public record Query(UUID storageId, Instant from, Instant to, Status status) {
    }

    /**
     * A row of the list, with the time zone of the storage's venue: how many items were counted, and what a posted stocktake booked (corrections included; 0
     * for a draft or a cancelled one). {@code shortage} is negative or zero.
     */
    public record Row(UUID id, Instant countedAt, ZoneId zone, UUID storageId, String storageName,
                      String category, String comment, Status status, int countedItems, BigDecimal surplus,
                      BigDecimal shortage, BigDecimal net) {
    }

    /**
     * One item of the count sheet. Quantities in base units (g, ml, pcs): {@code expected} is the ledger's level at
     * the moment (as used when posted, for a counted item of a posted stocktake); {@code counted} and
     * {@code difference} null when the item was not counted. {@code unitCost} per stock unit (kg, l, pcs): the
     * storage's average at the moment, or the ingredient's unit cost when there is none in stock (null if never
     * set). {@code value} of the difference: what the ledger booked once posted, an estimate at the average for a
     * draft, null when not counted or cancelled.
     */
    public record SheetLine(Ingredient item, BigDecimal expected, BigDecimal counted, BigDecimal difference,
                            BigDecimal unitCost, BigDecimal value) {

        public boolean isCounted() {
            return counted != null;
        }

        /** {@code base} in the item's stock unit (kg, l, pcs), exactly. */
        public BigDecimal inStockUnit(BigDecimal base) {
            return base == null ? null
                    : StockQuantities.plain(base.divide(item.getStockUnit().baseUnits(), MathContext.DECIMAL128));
        }
    }

    /**
     * The variance of the counted items in money: {@code surplus} (≥ 0), {@code shortage} (≤ 0) and {@code net}, and
     * how many items were counted out of those on the sheet, and how many came out over and under.
     */
    public record Variance(BigDecimal surplus, BigDecimal shortage, BigDecimal net, int countedItems, int items,
                           int surplusItems, int shortageItems) {
    }

    /**
     * A stocktake with its storage, the time zone of the storage's venue, every item of its group with what is
     * expected and counted, and the variance. {@code valued}: the money is the ledger's (posted), not an estimate.
     */
    public record Sheet(Stocktake stocktake, Storage storage, ZoneId zone, List<SheetLine> lines, Variance variance,
                        boolean valued) {
    }

    @Transactional(readOnly = true)
    public Stocktake get(UUID id) {
        Stocktake stocktake = stocktakes.findById(id).orElseThrow(() -> new NotFoundException("stocktake", id));
        try {
            storages.get(stocktake.getStorageId());
        } catch (NotFoundException e) {
            throw new NotFoundException("stocktake", id);
        }
        return stocktake;
    }

    /**
     * The count sheet: the items of the stocktake's group (archived ones only when they have stock there or were
     * counted), in name order, and whatever was counted outside the group since.
     */
    @Transactional(readOnly = true)
    public Sheet sheet(UUID id) {
        Stocktake stocktake = get(id);
        Storage storage = storages.get(stocktake.getStorageId());
        ZoneId zone = venues.get(storage.getVenueId()).getTimezone();
        Map<UUID, StocktakeLine> counted = stocktake.getLines();
        Map<UUID, Level> levels = ledger.levels(storage.getId(), stocktake.getCountedAt()).stream()
                .collect(Collectors.toMap(Level::itemId, l -> l));
        Map<UUID, Ingredient> items = new LinkedHashMap<>();
        for (Ingredient item : ingredients.findAll(inGroup(stocktake.getCategory()), Sort.by("name", "id"))) {
            Level level = levels.get(item.getId());
            boolean inStock = level != null && level.quantity().signum() != 0;
            if (!item.isArchived() || inStock || counted.containsKey(item.getId())) {
                items.put(item.getId(), item);
            }
        }
        Set<UUID> outside = new HashSet<>(counted.keySet());
        outside.removeAll(items.keySet());
        if (!outside.isEmpty()) {
            List<Ingredient> more = new ArrayList<>(ingredients.findAllById(outside));
            more.sort(Comparator.comparing(Ingredient::getName).thenComparing(Ingredient::getId));
            more.forEach(i -> items.put(i.getId(), i));
        }
        Map<UUID, BigDecimal> unitCosts = ingredientCosts.currentUnitCosts(items.keySet());
        Status status = stocktake.getStatus();
        Map<UUID, BigDecimal> booked = new HashMap<>();
        if (status == Status.POSTED) {
            for (Movement m : ledger.ofDocument(id)) {
                booked.merge(m.itemId(), m.value(), BigDecimal::add);
            }
        }
        List<SheetLine> lines = new ArrayList<>();
        for (Ingredient item : items.values()) {
            Level level = levels.get(item.getId());
            BigDecimal perBase = level == null ? null : level.unitCostPerBase();
            BigDecimal current = unitCosts.get(item.getId());
            if (perBase == null && current != null) {
                perBase = current.divide(item.getStockUnit().baseUnits(), MathContext.DECIMAL128);
            }
            BigDecimal unitCost = perBase == null ? null : perBase.multiply(item.getStockUnit().baseUnits())
                    .setScale(4, RoundingMode.HALF_EVEN);
            StocktakeLine line = counted.get(item.getId());
            BigDecimal expected = line != null && line.getExpected() != null ? line.getExpected()
                    : level == null ? BigDecimal.ZERO : level.quantity();
            BigDecimal difference = line == null ? null : line.getCounted().subtract(expected);
            BigDecimal value = null;
            if (line != null && status == Status.POSTED) {
                value = booked.getOrDefault(item.getId(), BigDecimal.ZERO);
            } else if (line != null && status == Status.DRAFT) {
                value = difference.signum() == 0 ? BigDecimal.ZERO : perBase == null ? null
                        : difference.multiply(perBase).setScale(StockLedger.VALUE_SCALE, RoundingMode.HALF_EVEN);
            }
            lines.add(new SheetLine(item, expected, line == null ? null : line.getCounted(), difference, unitCost,
                    value));
        }
        return new Sheet(stocktake, storage, zone, lines, variance(lines), status == Status.POSTED);
    }

    private static Variance variance(List<SheetLine> lines) {
        BigDecimal surplus = BigDecimal.ZERO;
        BigDecimal shortage = BigDecimal.ZERO;
        int counted = 0;
        int over = 0;
        int under = 0;
        for (SheetLine line : lines) {
            if (!line.isCounted()) {
                continue;
            }
            counted++;
            over += line.difference().signum() > 0 ? 1 : 0;
            under += line.difference().signum() < 0 ? 1 : 0;
            if (line.value() != null) {
                if (line.value().signum() > 0) {
                    surplus = surplus.add(line.value());
                } else {
                    shortage = shortage.add(line.value());
                }
            }
        }
        return new Variance(surplus, shortage, surplus.add(shortage), counted, lines.size(), over, under);
    }

    /** The variance report as CSV: one row per counted item, quantities in its stock unit, then the totals. */
    @Transactional(readOnly = true)
    public String varianceCsv(UUID id) {
        Sheet sheet = sheet(id);
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader("item", "category", "unit", "expected",
                "counted", "difference", "unit_cost", "value").get().print(out)) {
            for (SheetLine line : sheet.lines()) {
                if (!line.isCounted()) {
                    continue;
                }
                printer.printRecord(line.item().getName(), line.item().getCategory(),
                        line.item().getStockUnit().symbol(), plain(line.inStockUnit(line.expected())),
                        plain(line.inStockUnit(line.counted())), plain(line.inStockUnit(line.difference())),
                        plain(line.unitCost()), plain(line.value()));
            }
            Variance v = sheet.variance();
            printer.printRecord("surplus", null, null, null, null, null, null, plain(v.surplus()));
            printer.printRecord("shortage", null, null, null, null, null, null, plain(v.shortage()));
            printer.printRecord("net", null, null, null, null, null, null, plain(v.net()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Transactional(readOnly = true)
    public Page<Row> search(Query query, Pageable page) {
        if (query.storageId() != null) {
            storages.get(query.storageId());
        }
        DocumentFilter filter = new DocumentFilter().visibleVenues("s.venue_id")
                .and("t.storage_id = :storage", "storage", query.storageId())
                .period("t.counted_at", query.from(), query.to())
                .and("t.status = :status", "status", query.status());
        MapSqlParameterSource params = filter.params();
        String where = filter.where();
        // What each one booked, by kind: a correction or a reversal has the kind of the movement it belongs to.
        String found = """
                WITH found AS (
                    SELECT t.id, t.counted_at, t.created_at, v.timezone, t.storage_id, s.name AS storage_name,
                           t.category, t.comment, t.status,
                           (SELECT count(*) FROM stocktake_line l WHERE l.stocktake_id = t.id) AS counted_items,
                           COALESCE(b.surplus, 0) AS surplus, COALESCE(b.shortage, 0) AS shortage,
                           COALESCE(b.surplus, 0) + COALESCE(b.shortage, 0) AS net
                    FROM stocktake t JOIN storage s ON s.id = t.storage_id JOIN venue v ON v.id = s.venue_id
                    LEFT JOIN LATERAL (
                        SELECT sum(m.value) FILTER (WHERE m.kind = 'SURPLUS') AS surplus,
                               sum(m.value) FILTER (WHERE m.kind = 'SHORTAGE') AS shortage
                        FROM stock_movement m WHERE m.document_id = t.id) b ON TRUE
                    WHERE %s)
                """.formatted(where);
        long count = Objects.requireNonNull(jdbc.queryForObject(found + "SELECT count(*) FROM found", params,
                Long.class));
        params.addValue("limit", page.getPageSize()).addValue("offset", page.getOffset());
        List<Row> rows = jdbc.query(found + "SELECT * FROM found ORDER BY " + orderBy(page.getSort())
                + " LIMIT :limit OFFSET :offset", params, (rs, n) -> new Row(rs.getObject("id", UUID.class),
                rs.getTimestamp("counted_at").toInstant(), ZoneId.of(rs.getString("timezone")),
                rs.getObject("storage_id", UUID.class),
                rs.getString("storage_name"), rs.getString("category"), rs.getString("comment"),
                Status.valueOf(rs.getString("status")), rs.getInt("counted_items"), rs.getBigDecimal("surplus"),
                rs.getBigDecimal("shortage"), rs.getBigDecimal("net")));
        return new PageImpl<>(rows, page, count);
    }

    /** The ingredient categories a stocktake can be limited to. */
    @Transactional(readOnly = true)
    public List<String> categories() {
        return ingredientCosts.categories();
    }

    /** Starts a draft. */
    @Transactional
    public Stocktake create(Details details) {
        Storage storage = storage(details.storageId());
        if (storage.isArchived()) {
            throw new RuleViolation("storageId", "stocktake.archivedStorage", storage.getName());
        }
        Instant moment = moment(details.moment(), details.localMoment(), storage);
        String category = category(details.category());
        Stocktake stocktake = new Stocktake(Ids.next(), storage.getId(), category, clock.instant());
        stocktake.describe(moment, text("comment", details.comment(), MAX_COMMENT));
        stocktakes.saveAndFlush(stocktake);
        audit.record("created", "stocktake", stocktake.getId(), "Stocktake of \"" + storage.getName() + "\""
                + (category == null ? "" : " (" + category + ")"));
        return stocktake;
    }

    /**
     * Changes a draft: its moment, its comment, and the counts named. {@code version}, when given, is the version
     * the change was made on: another change since is a conflict. Every count is checked before anything changes.
     */
    @Transactional
    public Stocktake change(UUID id, Long version, Change change) {
        Stocktake stocktake = get(id);
        checkVersion(stocktake, version);
        requireDraft(stocktake);
        Storage storage = storages.get(stocktake.getStorageId());
        Instant moment = change.moment() == null && change.localMoment() == null ? stocktake.getCountedAt()
                : moment(change.moment(), change.localMoment(), storage);
        String comment = change.comment() == null ? stocktake.getComment()
                : text("comment", change.comment(), MAX_COMMENT);
        Map<UUID, BigDecimal> counts = counts(stocktake, change.counts() == null ? List.of() : change.counts());
        boolean described = !moment.equals(stocktake.getCountedAt())
                || !Objects.equals(comment, stocktake.getComment());
        stocktake.describe(moment, comment);
        counts.forEach(stocktake::count);
        // Flushed here: the row is locked, and a concurrent change of it fails now with a conflict.
        stocktakes.saveAndFlush(stocktake);
        if (described) {
            audit.record("updated", "stocktake", id, "Stocktake of \"" + storage.getName() + "\" changed");
        }
        if (!counts.isEmpty()) {
            audit.record("counted", "stocktake", id, counts.size() + " count(s) entered at \""
                    + storage.getName() + "\"");
        }
        return stocktake;
    }

    /**
     * Posts a draft: reads what the ledger expects of each counted item at the moment of the count, keeps it on the
     * line, and books the difference as a SURPLUS (in, at the average) or a SHORTAGE (out, at the average). Posting
     * twice, a cancelled stocktake, nothing counted, or a moment still in the future is refused.
     */
    @Transactional
    public Stocktake post(UUID id, Long version) {
        Stocktake stocktake = get(id);
        checkVersion(stocktake, version);
        if (stocktake.getStatus() == Status.POSTED) {
            throw new RuleViolation(null, "stocktake.alreadyPosted");
        }
        requireDraft(stocktake);
        Map<UUID, StocktakeLine> lines = stocktake.getLines();
        if (lines.isEmpty()) {
            throw new RuleViolation("lines", "stocktake.nothingCounted");
        }
        notInFuture(stocktake.getCountedAt());
        Storage storage = storages.get(stocktake.getStorageId());
        Map<UUID, BigDecimal> expected = quantities(storage.getId(), stocktake.getCountedAt());
        stocktake.posted(expected, clock.instant());
        stocktakes.saveAndFlush(stocktake);
        List<Entry> entries = new ArrayList<>();
        lines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            BigDecimal difference = e.getValue().getCounted().subtract(expected.getOrDefault(e.getKey(),
                    BigDecimal.ZERO));
            if (difference.signum() > 0) {
                entries.add(Entry.in(Kind.SURPLUS, storage.getId(), e.getKey(), difference, null));
            } else if (difference.signum() < 0) {
                entries.add(Entry.out(Kind.SHORTAGE, storage.getId(), e.getKey(), difference.negate()));
            }
        });
        if (!entries.isEmpty()) {
            ledger.post(new Posting(Stocktake.DOCUMENT_KIND, id, stocktake.getCountedAt(), entries));
            // The ledger now holds these items locked. Had another document moved them between the reading of
            // the levels and the lock, the balance would not come out as counted: refuse rather than book that.
            Map<UUID, BigDecimal> after = quantities(storage.getId(), stocktake.getCountedAt());
            for (Entry entry : entries) {
                BigDecimal level = after.getOrDefault(entry.itemId(), BigDecimal.ZERO);
                if (level.compareTo(lines.get(entry.itemId()).getCounted()) != 0) {
                    throw new OptimisticLockingFailureException("stock moved while stocktake " + id
                            + " was posted");
                }
            }
        }
        audit.record("posted", "stocktake", id, "Stocktake of \"" + storage.getName() + "\" posted: "
                + lines.size() + " item(s) counted, " + entries.size() + " with a difference");
        return stocktake;
    }

    /**
     * Cancels a stocktake: a posted one is reversed in the ledger, as if it had never been; a draft is set aside.
     * Cancelling twice is refused.
     */
    @Transactional
    public Stocktake cancel(UUID id, Long version) {
        Stocktake stocktake = get(id);
        checkVersion(stocktake, version);
        if (stocktake.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "stocktake.alreadyCancelled");
        }
        boolean posted = stocktake.getStatus() == Status.POSTED;
        stocktake.cancelled(clock.instant());
        stocktakes.saveAndFlush(stocktake);
        // A stocktake that found everything as expected booked nothing, and has nothing to reverse.
        if (posted && !ledger.ofDocument(id).isEmpty()) {
            ledger.reverse(id);
        }
        audit.record("cancelled", "stocktake", id, "Stocktake cancelled");
        return stocktake;
    }

    private Map<UUID, BigDecimal> quantities(UUID storageId, Instant at) {
        Map<UUID, BigDecimal> quantities = new HashMap<>();
        ledger.levels(storageId, at).forEach(l -> quantities.put(l.itemId(), l.quantity()));
        return quantities;
    }

    /** The counts of a change, in base units, each checked; a field names the line at fault. */
    private Map<UUID, BigDecimal> counts(Stocktake stocktake, List<Count> counts) {
        if (counts.size() > MAX_COUNTS) {
            throw new RuleViolation("lines", "stocktake.tooManyCounts", MAX_COUNTS);
        }
        Set<UUID> ids = counts.stream().filter(Objects::nonNull).map(Count::itemId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<UUID, Ingredient> known = ids.isEmpty() ? Map.of() : ingredients.findAllById(ids).stream()
                .collect(Collectors.toMap(Ingredient::getId, i -> i));
        Map<UUID, StocktakeLine> already = stocktake.getLines();
        Map<UUID, BigDecimal> result = new LinkedHashMap<>();
        for (int i = 0; i < counts.size(); i++) {
            String at = "lines[" + i + "].";
            Count count = counts.get(i);
            if (count == null || count.itemId() == null) {
                throw new RuleViolation(at + "itemId", "validation.required");
            }
            Ingredient item = known.get(count.itemId());
            if (item == null) {
                throw new RuleViolation(at + "itemId", "stocktake.unknownItem", i + 1);
            }
            if (result.containsKey(item.getId())) {
                throw new RuleViolation(at + "itemId", "stocktake.countedTwice", item.getName());
            }
            if (!already.containsKey(item.getId()) && !inGroup(stocktake.getCategory(), item)) {
                throw new RuleViolation(at + "itemId", "stocktake.notInGroup", item.getName(),
                        stocktake.getCategory());
            }
            result.put(item.getId(), toBase(item, count.counted(), count.unit(), at));
        }
        return result;
    }

    /** A count in base units: zero is a count, below zero is refused; null stays null (not counted). */
    static BigDecimal toBase(Ingredient item, BigDecimal counted, String unitSymbol, String at) {
        EnteredUnit unit = EnteredUnit.parse(at + "unit", unitSymbol);
        if (counted == null) {
            return null;
        }
        if (counted.signum() < 0) {
            throw new RuleViolation(at + "counted", "stocktake.negativeCount", item.getName());
        }
        if (counted.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return StockQuantities.toBase(item, counted, unit == null ? EnteredUnit.of(item.getStockUnit()) : unit,
                at + "counted", at + "unit");
    }

    private Storage storage(UUID id) {
        if (id == null) {
            throw new RuleViolation("storageId", "validation.required");
        }
        try {
            return storages.get(id);
        } catch (NotFoundException e) {
            throw new RuleViolation("storageId", "stocktake.unknownStorage");
        }
    }

    /** The category as the ingredients spell it, or null for every item; one no ingredient has is refused. */
    private String category(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String wanted = text.trim();
        return ingredientCosts.categories().stream().filter(c -> c.equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new RuleViolation("category", "stocktake.unknownCategory", wanted));
    }

    private static Specification<Ingredient> inGroup(String category) {
        return category == null ? (r, q, cb) -> cb.conjunction()
                : (r, q, cb) -> cb.equal(cb.lower(r.get("category")), category.toLowerCase(Locale.ROOT));
    }

    private static boolean inGroup(String category, Ingredient item) {
        return category == null || category.equalsIgnoreCase(item.getCategory());
    }

    /**
     * The moment of a count: an instant as given, a local date and time in the time zone of the storage's venue,
     * or now; kept to the microsecond, as the database does. Never in the future.
     */
    private Instant moment(Instant moment, LocalDateTime local, Storage storage) {
        Instant at;
        if (moment != null) {
            at = moment;
        } else if (local != null) {
            at = local.atZone(venues.get(storage.getVenueId()).getTimezone()).toInstant();
        } else {
            at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
        notInFuture(at);
        return at;
    }

    private void notInFuture(Instant moment) {
        if (moment.isAfter(clock.instant())) {
            throw new RuleViolation("countedAt", "stocktake.inFuture");
        }
    }

    private static void requireDraft(Stocktake stocktake) {
        if (stocktake.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "stocktake.cancelledReadOnly");
        }
        if (stocktake.getStatus() == Status.POSTED) {
            throw new RuleViolation(null, "stocktake.postedReadOnly");
        }
    }

    private static void checkVersion(Stocktake stocktake, Long version) {
        if (version != null && !version.equals(stocktake.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(Stocktake.class, stocktake.getId());
        }
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new RuleViolation(field, "validation.tooLong", max);
        }
        return trimmed;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : StockQuantities.plain(value).toPlainString();
    }

    /** ORDER BY for a page's sort, limited to the columns declared; ties broken by id so pages do not overlap. */
    private static String orderBy(Sort sort) {
        List<String> parts = new ArrayList<>();
        for (Sort.Order order : sort) {
            String column = SORTS.get(order.getProperty());
            if (column != null) {
                parts.add(column + (order.isDescending() ? " DESC" : " ASC"));
            }
        }
        if (parts.isEmpty()) {
            parts.add("counted_at DESC");
        }
        parts.add("id");
        return String.join(", ", parts);
    }

    interface StocktakeRepository extends JpaRepository<Stocktake, UUID> {
    }
}
