package app.larder.pos;

import app.larder.business.Businesses;
import app.larder.menu.MenuItem;
import app.larder.menu.PosCatalog;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.SecretHashes;
import app.larder.sales.SalesSettings;
import app.larder.shared.Money;
import app.larder.sales.SalesWriteOffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Receipts pushed by terminals: each one accepted once, with its sales write-off in the same transaction, or
 * recognised as a repeat, or rejected with nothing of it applied. The sales of a batch that pass the checks commit
 * together in one transaction (see {@link #accept}); when that fails, each receipt goes in a transaction of its own,
 * so a rejected receipt leaves the others alone.
 * <p>
 * The id is the terminal's, so a repeat finds the receipt it already sent. Two uploads of the same receipt at once
 * meet at the primary key: the second waits for the first to commit, finds the row, and answers duplicate (or
 * conflict, when the content differs). Its write-off, made meanwhile, is rolled back with its savepoint.
 */
@Service
public class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    public static final int MAX_BATCH = 500;
    /** Terminal clocks drift; a receipt from further ahead than this is a wrong clock, not a sale. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(10);
    /** A terminal whose clock was reset (to 1970, say) sends times before this: a wrong clock, not a sale. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final BigDecimal MAX_QUANTITY = new BigDecimal("100000");
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    static final Set<String> PAYMENT_METHODS = Set.of("cash", "card", "other");

    private final NamedParameterJdbcTemplate jdbc;
    private final PosCatalog catalog;
    private final SalesWriteOffs writeOffs;
    private final SalesSettings settings;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final SalesTotals totals;
    private final Businesses businesses;

    Receipts(NamedParameterJdbcTemplate jdbc, PosCatalog catalog, SalesWriteOffs writeOffs, SalesSettings settings,
             Clock clock, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
             SalesTotals totals, Businesses businesses) {
        this.businesses = businesses;
        this.events = events;
        this.totals = totals;
        this.settings = settings;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.writeOffs = writeOffs;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * {@code priceDelta}, optional (a server extension of the contract): what the terminal charged for one of this
     * option. Without it the option's price in the catalog now is taken, which a receipt closed before a change of
     * that price and sent after it no longer adds up to.
     */
    public record ModifierInput(String optionId, String quantity, String priceDelta) {

        public ModifierInput(String optionId, String quantity) {
            this(optionId, quantity, null);
        }
    }

    public record LineInput(String itemId, String quantity, String unitPrice, List<ModifierInput> modifiers,
                            String discount) {
    }

    public record PaymentInput(String method, String amount) {
    }

    /** A receipt as the terminal sent it, every value still a string: each is checked and named when wrong. */
    public record ReceiptInput(String id, String number, String openedAt, String closedAt, String shiftId,
                               String waiter, String customerId, List<LineInput> lines, List<PaymentInput> payments,
                               String total, String refundOf) {
    }

    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    /** A field of the receipt and the message key (with arguments) of what is wrong with it. */
    public record Problem(String field, String messageKey, Object... args) {
    }

    public record Result(String id, Status status, List<Problem> problems) {

        static Result rejected(String id, List<Problem> problems) {
            return new Result(id, Status.REJECTED, List.copyOf(problems));
        }
    }

    private record Modifier(UUID optionId, BigDecimal quantity, BigDecimal priceDelta) {
    }

    private record Line(UUID itemId, BigDecimal quantity, BigDecimal unitPrice, List<Modifier> modifiers,
                        BigDecimal discount, BigDecimal amount) {
    }

    private record Payment(String method, BigDecimal amount) {
    }

    private record Parsed(UUID id, String number, Instant openedAt, Instant closedAt, UUID shiftId, String waiter,
                          UUID customerId, List<Line> lines, List<Payment> payments, BigDecimal total,
                          UUID refundOf, String hash) {
    }

    /** A modifier as sent, parsed; {@code priceDelta} null when the terminal left it to the catalog. */
    private record ModifierDraft(UUID optionId, BigDecimal quantity, BigDecimal priceDelta) {
    }

    private record LineDraft(UUID itemId, BigDecimal quantity, BigDecimal unitPrice, List<ModifierDraft> modifiers,
                             BigDecimal discount) {
    }

    /**
     * A receipt whose every value parsed, not yet held against the catalog. Its hash is known already, so a repeat
     * of a stored receipt is recognised even when the catalog changed since (an option's price, an item deleted).
     */
    private record Draft(UUID id, String number, Instant openedAt, Instant closedAt, UUID shiftId, String waiter,
                         UUID customerId, List<LineDraft> lines, List<Payment> payments, BigDecimal total,
                         UUID refundOf, String hash) {
    }

    /**
     * Takes a batch from a device of a venue; one result per receipt, in order.
     * <p>
     * The sales of a batch are stored in one transaction with one write-off for all of them
     * ({@link SalesWriteOffs#writeOffAll}), which takes every stock lock of the batch at once, in one order, and
     * late: after the receipts are checked and inserted. When that fails for any reason (a concurrent upload of the
     * same receipt, a write-off refused), the batch's transaction rolls back whole and its receipts go again one by
     * one, each in a transaction of its own, so a bad receipt is rejected alone. Refunds always go one by one, after
     * the sales (a refund may refund a sale of the same batch).
     */
    public List<Result> accept(UUID deviceId, UUID venueId, List<ReceiptInput> inputs) {
        if (inputs.size() > MAX_BATCH) {
            throw new RuleViolation("receipts", "pos.batchTooLarge", MAX_BATCH);
        }
        Set<UUID> itemIds = new HashSet<>();
        for (ReceiptInput input : inputs) {
            if (input != null && input.lines() != null) {
                input.lines().stream().filter(l -> l != null).map(l -> uuidOrNull(l.itemId()))
                        .filter(id -> id != null).forEach(itemIds::add);
            }
        }
        Instant now = clock.instant();
        Result[] results = new Result[inputs.size()];
        Parsed[] parsed = new Parsed[inputs.size()];
        List<Integer> sales = new ArrayList<>();
        List<Integer> oneByOne = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        Map<UUID, PosCatalog.SaleItem> items = new HashMap<>();
        // The catalog is read in the sales' transaction: one transaction for a batch that goes through, which is
        // every upload of a terminal that sends each receipt as it closes.
        boolean[] sorted = {false};
        try {
            transaction.executeWithoutResult(status -> {
                items.putAll(catalog.saleItems(itemIds));
                sort(inputs, items, venueId, now, results, parsed, sales, oneByOne, repeats);
                sorted[0] = true;
                if (!sales.isEmpty()) {
                    acceptSales(sales, parsed, results, deviceId, venueId, items, now);
                }
            });
        } catch (RuntimeException e) {
            if (!sorted[0]) {
                throw e;   // the catalog could not be read, or a receipt not parsed: nothing was stored
            }
            log.debug("A batch of {} sales goes again one by one: {}", sales.size(), e.toString());
            sales.forEach(i -> results[i] = null);
            oneByOne.addAll(0, sales);
        }
        for (int i : oneByOne) {
            Parsed receipt = parsed[i];
            results[i] = transaction.execute(status -> acceptOne(receipt, deviceId, venueId, items, now));
        }
        for (int i : repeats) {
            Parsed receipt = parsed[i];
            Result stored = transaction.execute(status -> sameAsStored(receipt.id(), receipt.hash()));
            results[i] = stored != null ? stored
                    : transaction.execute(status -> acceptOne(receipt, deviceId, venueId, items, now));
        }
        return List.of(results);
    }

    /**
     * Parses each receipt of a batch against the catalog and sorts it: rejected (its result set here), a sale, a
     * refund (one by one, after the sales), or a repeat of an id earlier in the batch. A receipt that no longer
     * passes the catalog's checks but is stored with the same content is a duplicate: the terminal sends again what
     * was accepted before an option's price changed or an item was deleted.
     */
    private void sort(List<ReceiptInput> inputs, Map<UUID, PosCatalog.SaleItem> items, UUID venueId, Instant now,
                      Result[] results, Parsed[] parsed, List<Integer> sales, List<Integer> oneByOne,
                      List<Integer> repeats) {
        int moneyDigits = Money.minorDigits(businesses.current().getCurrency());
        Draft[] drafts = new Draft[inputs.size()];
        List<List<Problem>> problems = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ReceiptInput input = inputs.get(i);
            problems.add(new ArrayList<>());
            drafts[i] = input == null ? null : draft(input, now, moneyDigits, problems.get(i));
            if (drafts[i] == null) {
                if (problems.get(i).isEmpty()) {
                    problems.get(i).add(new Problem(null, "pos.receiptUnreadable"));
                }
                results[i] = Result.rejected(input == null ? null : input.id(), problems.get(i));
            }
        }
        Map<UUID, UUID> venueOfShift = venuesOfShifts(Arrays.stream(drafts).filter(Objects::nonNull)
                .map(Draft::shiftId).filter(Objects::nonNull).collect(Collectors.toSet()));
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Draft draft = drafts[i];
            if (draft == null) {
                continue;
            }
            UUID shiftVenue = draft.shiftId() == null ? null : venueOfShift.get(draft.shiftId());
            if (shiftVenue != null && !shiftVenue.equals(venueId)) {
                problems.get(i).add(new Problem("shiftId", "pos.shiftOfAnotherVenue"));
            }
            Parsed receipt = problems.get(i).isEmpty() ? check(draft, items, moneyDigits, problems.get(i)) : null;
            if (receipt == null) {
                failed.add(i);
                continue;
            }
            parsed[i] = receipt;
        }
        Map<UUID, String> stored = storedHashes(failed.stream().map(i -> drafts[i].id()).toList());
        for (int i : failed) {
            Draft draft = drafts[i];
            String hash = stored.get(draft.id());
            results[i] = hash == null ? Result.rejected(draft.id().toString(), problems.get(i))
                    : sameAs(draft.id(), draft.hash(), hash);
        }
        Set<UUID> seenInBatch = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Parsed receipt = parsed[i];
            if (receipt == null) {
                continue;
            }
            if (!seenInBatch.add(receipt.id())) {
                repeats.add(i);
            } else if (receipt.refundOf() == null) {
                sales.add(i);
            } else {
                oneByOne.add(i);
            }
        }
    }

    /** The venue of each shift some event of which is stored; a shift none of whose events arrived yet is absent. */
    private Map<UUID, UUID> venuesOfShifts(Set<UUID> shiftIds) {
        Map<UUID, UUID> venues = new HashMap<>();
        if (!shiftIds.isEmpty()) {
            jdbc.query("SELECT DISTINCT shift_id, venue_id FROM cash_shift_event WHERE shift_id IN (:ids)",
                    Map.of("ids", shiftIds), rs -> {
                        venues.put(rs.getObject("shift_id", UUID.class), rs.getObject("venue_id", UUID.class));
                    });
        }
        return venues;
    }

    /** The content hash of each of these receipts that is stored. */
    private Map<UUID, String> storedHashes(List<UUID> ids) {
        Map<UUID, String> stored = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, content_hash FROM receipt WHERE id IN (:ids)", Map.of("ids", ids), rs -> {
                stored.put(rs.getObject("id", UUID.class), rs.getString("content_hash"));
            });
        }
        return stored;
    }

    /**
     * The sales of a batch in the caller's transaction: repeats answered from what is stored, the rest inserted
     * set-based and written off together. Throws (for the caller to go one by one) when any of it fails.
     */
    private void acceptSales(List<Integer> indexes, Parsed[] parsed, Result[] results, UUID deviceId, UUID venueId,
                             Map<UUID, PosCatalog.SaleItem> items, Instant now) {
        Map<UUID, String> stored = storedHashes(indexes.stream().map(i -> parsed[i].id()).toList());
        List<Parsed> fresh = new ArrayList<>();
        for (int i : indexes) {
            Parsed receipt = parsed[i];
            String hash = stored.get(receipt.id());
            if (hash == null) {
                fresh.add(receipt);
                results[i] = new Result(receipt.id().toString(), Status.ACCEPTED, List.of());
            } else {
                results[i] = sameAs(receipt.id(), receipt.hash(), hash);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        // A plain insert: an upload of the same receipt committed meanwhile fails the batch, which then goes again
        // one by one and finds it stored. In the order of ids, so two such uploads wait for each other, not deadlock.
        fresh.sort(Comparator.comparing(Parsed::id));
        insertAll(fresh, deviceId, venueId, now);
        events.publishEvent(new ReceiptsAccepted(fresh.stream().map(receipt -> accepted(receipt, venueId))
                .toList()));
        writeOffs.writeOffAll(fresh.stream().map(receipt -> new SalesWriteOffs.Sale(receipt.id(), venueId,
                receipt.closedAt(), soldLines(receipt, items))).toList());
    }

    private static ReceiptAccepted accepted(Parsed receipt, UUID venueId) {
        return new ReceiptAccepted(receipt.id(), venueId, receipt.shiftId(), receipt.number(), receipt.closedAt(),
                receipt.refundOf(), receipt.total(), receipt.payments().stream()
                .map(p -> new ReceiptAccepted.Payment(p.method(), p.amount())).toList());
    }

    private Result acceptOne(Parsed receipt, UUID deviceId, UUID venueId, Map<UUID, PosCatalog.SaleItem> items,
                             Instant now) {
        Result stored = sameAsStored(receipt.id(), receipt.hash());
        if (stored != null) {
            return stored;
        }
        // Savepoints in SQL: the JPA transaction manager offers none, and the ledger and receipts write through JDBC.
        savepoint("SAVEPOINT receipt");
        try {
            List<Problem> problems = new ArrayList<>();
            if (receipt.refundOf() != null) {
                // Refunds of one sale one at a time: two at once must not both take back its last portion.
                jdbc.query("SELECT pg_advisory_xact_lock(:key)", Map.of("key",
                        receipt.refundOf().getMostSignificantBits() ^ receipt.refundOf().getLeastSignificantBits()),
                        rs -> {
                        });
                checkRefund(receipt, venueId, problems);
            }
            if (!problems.isEmpty()) {
                savepoint("ROLLBACK TO SAVEPOINT receipt");
                return Result.rejected(receipt.id().toString(), problems);
            }
            int inserted = insert(receipt, deviceId, venueId, now);
            if (inserted == 0) {
                // Another upload of the same id committed while this one was being checked.
                savepoint("ROLLBACK TO SAVEPOINT receipt");
                Result again = sameAsStored(receipt.id(), receipt.hash());
                return again != null ? again : Result.rejected(receipt.id().toString(),
                        List.of(new Problem("id", "pos.receiptConflict")));
            }
            // Finance books the receipt before its stock is locked, so the locks are held for the stock alone.
            events.publishEvent(accepted(receipt, venueId));
            if (receipt.refundOf() == null) {
                writeOffs.writeOff(new SalesWriteOffs.Sale(receipt.id(), venueId, receipt.closedAt(),
                        soldLines(receipt, items)));
            } else if (settings.returnsStockOnRefund(venueId)) {
                Instant sold = jdbc.queryForObject("SELECT closed_at FROM receipt WHERE id = :id",
                        Map.of("id", receipt.refundOf()), Timestamp.class).toInstant();
                writeOffs.returnToStock(receipt.id(), receipt.refundOf(), sold, new SalesWriteOffs.Sale(
                        receipt.id(), venueId, receipt.closedAt(), soldLines(receipt, items)));
            }
            savepoint("RELEASE SAVEPOINT receipt");
            return new Result(receipt.id().toString(), Status.ACCEPTED, List.of());
        } catch (RuleViolation e) {
            savepoint("ROLLBACK TO SAVEPOINT receipt");
            return Result.rejected(receipt.id().toString(), List.of(new Problem(e.field(), e.messageKey(),
                    e.args())));
        } catch (DataAccessException e) {
            savepoint("ROLLBACK TO SAVEPOINT receipt");
            Result again = sameAsStored(receipt.id(), receipt.hash());
            if (again != null) {
                return again;
            }
            throw e;
        }
    }

    private void savepoint(String sql) {
        jdbc.getJdbcTemplate().execute(sql);
    }

    /** Duplicate when a receipt with this id and content is stored, a conflict when its content differs. */
    private Result sameAsStored(UUID id, String hash) {
        List<String> hashes = jdbc.queryForList("SELECT content_hash FROM receipt WHERE id = :id",
                Map.of("id", id), String.class);
        return hashes.isEmpty() ? null : sameAs(id, hash, hashes.get(0));
    }

    private static Result sameAs(UUID id, String hash, String storedHash) {
        return storedHash.equals(hash) ? new Result(id.toString(), Status.DUPLICATE, List.of())
                : Result.rejected(id.toString(), List.of(new Problem("id", "pos.receiptConflict")));
    }

    /**
     * A refund takes back no more than its sale had left: per item, per item and option, and in money (the sale's
     * total less earlier refunds'), at or after the sale's moment. The caller holds the sale's lock.
     */
    private void checkRefund(Parsed refund, UUID venueId, List<Problem> problems) {
        List<Map<String, Object>> original = jdbc.queryForList("""
                SELECT venue_id, refund_of, closed_at,
                       total - COALESCE((SELECT SUM(e.total) FROM receipt e WHERE e.refund_of = :id), 0) AS money_left
                FROM receipt WHERE id = :id""", Map.of("id", refund.refundOf()));
        if (original.isEmpty() || !venueId.equals(original.get(0).get("venue_id"))) {
            problems.add(new Problem("refundOf", "pos.refundOfUnknown"));
            return;
        }
        if (original.get(0).get("refund_of") != null) {
            problems.add(new Problem("refundOf", "pos.refundOfRefund"));
            return;
        }
        // What may still be refunded per item and per item and option: sold, less what earlier refunds took back.
        Map<UUID, BigDecimal> left = new HashMap<>();
        jdbc.query("""
                SELECT l.menu_item_id,
                       SUM(CASE WHEN r.id = :original THEN l.quantity ELSE -l.quantity END) AS left_to_refund
                FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
                WHERE r.id = :original OR r.refund_of = :original
                GROUP BY l.menu_item_id""", Map.of("original", refund.refundOf()), rs -> {
            left.put(rs.getObject("menu_item_id", UUID.class), rs.getBigDecimal("left_to_refund"));
        });
        Map<List<UUID>, BigDecimal> optionsLeft = new HashMap<>();
        jdbc.query("""
                SELECT l.menu_item_id, m.option_id,
                       SUM(CASE WHEN r.id = :original THEN m.quantity ELSE -m.quantity END) AS left_to_refund
                FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
                JOIN receipt_modifier m ON m.receipt_id = l.receipt_id AND m.line_position = l.position
                WHERE r.id = :original OR r.refund_of = :original
                GROUP BY l.menu_item_id, m.option_id""", Map.of("original", refund.refundOf()), rs -> {
            optionsLeft.put(List.of(rs.getObject("menu_item_id", UUID.class), rs.getObject("option_id", UUID.class)),
                    rs.getBigDecimal("left_to_refund"));
        });
        Map<UUID, BigDecimal> asked = new LinkedHashMap<>();
        Map<UUID, Integer> firstLine = new HashMap<>();
        Map<List<UUID>, BigDecimal> askedOptions = new LinkedHashMap<>();
        Map<List<UUID>, String> firstModifier = new HashMap<>();
        for (int i = 0; i < refund.lines().size(); i++) {
            Line line = refund.lines().get(i);
            asked.merge(line.itemId(), line.quantity(), BigDecimal::add);
            firstLine.putIfAbsent(line.itemId(), i);
            for (int j = 0; j < line.modifiers().size(); j++) {
                List<UUID> key = List.of(line.itemId(), line.modifiers().get(j).optionId());
                askedOptions.merge(key, line.modifiers().get(j).quantity(), BigDecimal::add);
                firstModifier.putIfAbsent(key, "lines[" + i + "].modifiers[" + j + "].quantity");
            }
        }
        asked.forEach((item, quantity) -> {
            if (quantity.compareTo(left.getOrDefault(item, BigDecimal.ZERO)) > 0) {
                problems.add(new Problem("lines[" + firstLine.get(item) + "].quantity", "pos.refundTooMuch",
                        plain(left.getOrDefault(item, BigDecimal.ZERO))));
            }
        });
        askedOptions.forEach((key, quantity) -> {
            if (quantity.compareTo(optionsLeft.getOrDefault(key, BigDecimal.ZERO)) > 0) {
                problems.add(new Problem(firstModifier.get(key), "pos.refundTooMuch",
                        plain(optionsLeft.getOrDefault(key, BigDecimal.ZERO))));
            }
        });
        if (refund.closedAt().isBefore(((Timestamp) original.get(0).get("closed_at")).toInstant())) {
            problems.add(new Problem("closedAt", "pos.refundBeforeSale"));
        }
        BigDecimal moneyLeft = (BigDecimal) original.get(0).get("money_left");
        if (refund.total().compareTo(moneyLeft) > 0) {
            problems.add(new Problem("total", "pos.refundTooMuchMoney", plain(moneyLeft)));
        }
    }

    private static final String INSERT_RECEIPT = """
            INSERT INTO receipt (tenant_id, id, venue_id, device_id, number, opened_at, closed_at, shift_id,
                                 waiter, customer_id, total, refund_of, content_hash, received_at)
            VALUES (larder_current_tenant(), :id, :venue, :device, :number, :openedAt, :closedAt, :shift,
                    :waiter, :customer, :total, :refundOf, :hash, :now)""";

    /** One receipt, unless its id is stored already (then 0 and nothing else is written). */
    private int insert(Parsed r, UUID deviceId, UUID venueId, Instant now) {
        int inserted = jdbc.update(INSERT_RECEIPT + " ON CONFLICT DO NOTHING", receiptRow(r, deviceId, venueId, now));
        if (inserted == 0) {
            return 0;
        }
        insertContents(List.of(r));
        addToTotals(venueId, List.of(r));
        return inserted;
    }

    /** Receipts none of which is stored yet: one batch a table. */
    private void insertAll(List<Parsed> receipts, UUID deviceId, UUID venueId, Instant now) {
        jdbc.batchUpdate(INSERT_RECEIPT, receipts.stream().map(r -> receiptRow(r, deviceId, venueId, now))
                .toArray(SqlParameterSource[]::new));
        insertContents(receipts);
        addToTotals(venueId, receipts);
    }

    /** The P&L's derived revenue moves with the receipts, in the same transaction and savepoint. */
    private void addToTotals(UUID venueId, List<Parsed> receipts) {
        totals.add(venueId, receipts.stream().map(r -> new SalesTotals.Added(r.closedAt(), r.refundOf() != null,
                r.total(), r.lines().stream().map(Line::discount).reduce(BigDecimal.ZERO, BigDecimal::add)))
                .toList());
    }

    private static SqlParameterSource receiptRow(Parsed r, UUID deviceId, UUID venueId, Instant now) {
        return new MapSqlParameterSource("id", r.id()).addValue("venue", venueId)
                .addValue("device", deviceId).addValue("number", r.number())
                .addValue("openedAt", r.openedAt() == null ? null : Timestamp.from(r.openedAt()))
                .addValue("closedAt", Timestamp.from(r.closedAt())).addValue("shift", r.shiftId())
                .addValue("waiter", r.waiter()).addValue("customer", r.customerId()).addValue("total", r.total())
                .addValue("refundOf", r.refundOf()).addValue("hash", r.hash()).addValue("now", Timestamp.from(now));
    }

    /** The lines, modifiers and payments of receipts just inserted. */
    private void insertContents(List<Parsed> receipts) {
        List<SqlParameterSource> lines = new ArrayList<>();
        List<SqlParameterSource> modifiers = new ArrayList<>();
        List<SqlParameterSource> payments = new ArrayList<>();
        for (Parsed r : receipts) {
            for (int i = 0; i < r.lines().size(); i++) {
                Line line = r.lines().get(i);
                lines.add(new MapSqlParameterSource("receipt", r.id()).addValue("position", i)
                        .addValue("item", line.itemId()).addValue("quantity", line.quantity())
                        .addValue("unitPrice", line.unitPrice()).addValue("discount", line.discount())
                        .addValue("amount", line.amount()));
                for (int j = 0; j < line.modifiers().size(); j++) {
                    Modifier m = line.modifiers().get(j);
                    modifiers.add(new MapSqlParameterSource("receipt", r.id()).addValue("line", i)
                            .addValue("position", j).addValue("option", m.optionId())
                            .addValue("quantity", m.quantity()).addValue("priceDelta", m.priceDelta()));
                }
            }
            for (int i = 0; i < r.payments().size(); i++) {
                Payment p = r.payments().get(i);
                payments.add(new MapSqlParameterSource("receipt", r.id()).addValue("position", i)
                        .addValue("method", p.method()).addValue("amount", p.amount()));
            }
        }
        jdbc.batchUpdate("""
                INSERT INTO receipt_line (receipt_id, position, menu_item_id, quantity, unit_price, discount, amount)
                VALUES (:receipt, :position, :item, :quantity, :unitPrice, :discount, :amount)""",
                lines.toArray(SqlParameterSource[]::new));
        if (!modifiers.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO receipt_modifier (receipt_id, line_position, position, option_id, quantity, price_delta)
                    VALUES (:receipt, :line, :position, :option, :quantity, :priceDelta)""",
                    modifiers.toArray(SqlParameterSource[]::new));
        }
        if (!payments.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO receipt_payment (receipt_id, position, method, amount)
                    VALUES (:receipt, :position, :method, :amount)""", payments.toArray(SqlParameterSource[]::new));
        }
    }

    /**
     * The write-off's lines. An option applies to as many whole portions of its line as its quantity says (oat milk
     * ×1 on 2 cappuccinos: one with oat milk, one without); portions with the same options are written off together.
     */
    private static List<SalesWriteOffs.SoldLine> soldLines(Parsed receipt, Map<UUID, PosCatalog.SaleItem> items) {
        List<SalesWriteOffs.SoldLine> sold = new ArrayList<>();
        for (Line line : receipt.lines()) {
            if (line.modifiers().isEmpty()) {
                sold.add(new SalesWriteOffs.SoldLine(line.itemId(), line.quantity(), List.of()));
                continue;
            }
            // Portions sorted by how many options reach them: the first min(q) portions have every option, ...
            List<BigDecimal> steps = line.modifiers().stream().map(m -> m.quantity().min(line.quantity()))
                    .distinct().sorted().collect(Collectors.toCollection(ArrayList::new));
            BigDecimal done = BigDecimal.ZERO;
            for (BigDecimal step : steps) {
                List<UUID> options = line.modifiers().stream().filter(m -> m.quantity().compareTo(step) >= 0)
                        .map(Modifier::optionId).distinct().toList();
                sold.add(new SalesWriteOffs.SoldLine(line.itemId(), step.subtract(done), options));
                done = step;
            }
            if (done.compareTo(line.quantity()) < 0) {
                sold.add(new SalesWriteOffs.SoldLine(line.itemId(), line.quantity().subtract(done), List.of()));
            }
        }
        sold.removeIf(l -> l.quantity().signum() <= 0);
        return sold;
    }

    /**
     * The receipt's values, each parsed and named when wrong; null (with the problems) when any is. What needs the
     * catalog is {@link #check}'s.
     */
    private static Draft draft(ReceiptInput in, Instant now, int moneyDigits, List<Problem> problems) {
        UUID id = uuid("id", in.id(), true, problems);
        Instant closedAt = instant("closedAt", in.closedAt(), true, problems);
        Instant openedAt = instant("openedAt", in.openedAt(), false, problems);
        if (closedAt != null && closedAt.isAfter(now.plus(MAX_AHEAD))) {
            problems.add(new Problem("closedAt", "pos.inTheFuture"));
        }
        if (closedAt != null && closedAt.isBefore(EARLIEST)) {
            problems.add(new Problem("closedAt", "pos.tooLongAgo"));
        }
        if (openedAt != null && closedAt != null && openedAt.isAfter(closedAt)) {
            problems.add(new Problem("openedAt", "pos.openedAfterClosed"));
        }
        UUID shiftId = uuid("shiftId", in.shiftId(), false, problems);
        UUID customerId = uuid("customerId", in.customerId(), false, problems);
        UUID refundOf = uuid("refundOf", in.refundOf(), false, problems);
        if (refundOf != null && refundOf.equals(id)) {
            problems.add(new Problem("refundOf", "pos.refundOfUnknown"));
        }
        String number = text("number", in.number(), 50, problems);
        String waiter = text("waiter", in.waiter(), 100, problems);
        List<LineDraft> lines = new ArrayList<>();
        if (in.lines() == null || in.lines().isEmpty()) {
            problems.add(new Problem("lines", "pos.noLines"));
        } else {
            for (int i = 0; i < in.lines().size(); i++) {
                LineDraft line = lineDraft("lines[" + i + "]", in.lines().get(i), moneyDigits, problems);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        List<Payment> payments = new ArrayList<>();
        if (in.payments() != null) {
            for (int i = 0; i < in.payments().size(); i++) {
                String field = "payments[" + i + "]";
                PaymentInput p = in.payments().get(i);
                if (p == null) {
                    problems.add(new Problem(field, "validation.required"));
                    continue;
                }
                if (p.method() == null || !PAYMENT_METHODS.contains(p.method())) {
                    problems.add(new Problem(field + ".method", "pos.paymentMethod"));
                }
                BigDecimal amount = money(field + ".amount", p.amount(), true, moneyDigits, problems);
                if (amount != null && amount.signum() <= 0) {
                    problems.add(new Problem(field + ".amount", "validation.positive"));
                }
                if (amount != null) {
                    payments.add(new Payment(p.method(), amount));
                }
            }
        }
        BigDecimal total = money("total", in.total(), true, moneyDigits, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        BigDecimal paid = payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (paid.compareTo(total) != 0) {
            problems.add(new Problem("payments", "pos.paymentsMismatch", paid.setScale(moneyDigits).toPlainString()));
            return null;
        }
        return new Draft(id, number, openedAt, closedAt, shiftId, waiter, customerId, lines, payments, total,
                refundOf, hash(id, number, openedAt, closedAt, shiftId, waiter, customerId, lines, payments, total,
                refundOf));
    }

    private static LineDraft lineDraft(String field, LineInput in, int moneyDigits, List<Problem> problems) {
        if (in == null) {
            problems.add(new Problem(field, "validation.required"));
            return null;
        }
        int before = problems.size();
        UUID itemId = uuid(field + ".itemId", in.itemId(), true, problems);
        BigDecimal quantity = decimal(field + ".quantity", in.quantity(), true, problems);
        if (quantity != null && (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0)) {
            problems.add(new Problem(field + ".quantity", "pos.quantityRange"));
        }
        BigDecimal unitPrice = decimal(field + ".unitPrice", in.unitPrice(), true, problems);
        if (unitPrice != null && unitPrice.signum() < 0) {
            problems.add(new Problem(field + ".unitPrice", "validation.notNegative"));
        }
        BigDecimal discount = in.discount() == null ? BigDecimal.ZERO
                : money(field + ".discount", in.discount(), false, moneyDigits, problems);
        if (discount != null && discount.signum() < 0) {
            problems.add(new Problem(field + ".discount", "validation.notNegative"));
        }
        List<ModifierDraft> modifiers = new ArrayList<>();
        if (in.modifiers() != null) {
            for (int j = 0; j < in.modifiers().size(); j++) {
                String mField = field + ".modifiers[" + j + "]";
                ModifierInput m = in.modifiers().get(j);
                if (m == null) {
                    problems.add(new Problem(mField, "validation.required"));
                    continue;
                }
                UUID optionId = uuid(mField + ".optionId", m.optionId(), true, problems);
                BigDecimal mQuantity = m.quantity() == null ? BigDecimal.ONE
                        : decimal(mField + ".quantity", m.quantity(), true, problems);
                if (mQuantity != null && (mQuantity.signum() <= 0 || mQuantity.compareTo(MAX_QUANTITY) > 0
                        || mQuantity.stripTrailingZeros().scale() > 0)) {
                    problems.add(new Problem(mField + ".quantity", "pos.modifierQuantity"));
                }
                BigDecimal priceDelta = decimal(mField + ".priceDelta", m.priceDelta(), false, problems);
                modifiers.add(new ModifierDraft(optionId, mQuantity, priceDelta));
            }
        }
        return problems.size() > before ? null
                : new LineDraft(itemId, quantity, unitPrice, modifiers, discount == null ? BigDecimal.ZERO : discount);
    }

    /**
     * Holds a draft against the catalog: every item one of the business's, a dish sold in whole portions, every
     * option one of the item's; then its arithmetic. A line comes to quantity × unit price + its modifiers, rounded
     * once to the currency's minor unit (half-up: a weighed 0.333 kg at 45.00 is 14.99), less its discount; the
     * total is the sum of the lines. Null (with the problems) when anything does not hold.
     */
    private static Parsed check(Draft d, Map<UUID, PosCatalog.SaleItem> items, int moneyDigits,
                                List<Problem> problems) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < d.lines().size(); i++) {
            String field = "lines[" + i + "]";
            LineDraft in = d.lines().get(i);
            int before = problems.size();
            PosCatalog.SaleItem item = items.get(in.itemId());
            if (item == null) {
                problems.add(new Problem(field + ".itemId", "pos.unknownItem"));
                continue;
            }
            if (item.kind() == MenuItem.Kind.DISH && in.quantity().stripTrailingZeros().scale() > 0) {
                problems.add(new Problem(field + ".quantity", "pos.wholePortions"));
            }
            List<Modifier> modifiers = new ArrayList<>();
            for (int j = 0; j < in.modifiers().size(); j++) {
                ModifierDraft m = in.modifiers().get(j);
                BigDecimal price = item.optionPrices().get(m.optionId());
                if (price == null) {
                    problems.add(new Problem(field + ".modifiers[" + j + "].optionId", "pos.unknownModifier"));
                } else {
                    modifiers.add(new Modifier(m.optionId(), m.quantity(),
                            m.priceDelta() != null ? m.priceDelta() : price));
                }
            }
            if (problems.size() > before) {
                continue;
            }
            BigDecimal gross = in.quantity().multiply(in.unitPrice()).add(modifiers.stream()
                    .map(m -> m.quantity().multiply(m.priceDelta())).reduce(BigDecimal.ZERO, BigDecimal::add));
            if (gross.scale() > moneyDigits) {
                gross = gross.setScale(moneyDigits, RoundingMode.HALF_UP);
            }
            if (gross.signum() < 0) {
                problems.add(new Problem(field, "pos.lineBelowZero"));
                continue;
            }
            if (in.discount().compareTo(gross) > 0) {
                problems.add(new Problem(field + ".discount", "pos.discountTooLarge"));
                continue;
            }
            lines.add(new Line(in.itemId(), in.quantity(), in.unitPrice(), modifiers, in.discount(),
                    gross.subtract(in.discount())));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        BigDecimal computed = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (computed.compareTo(d.total()) != 0) {
            problems.add(new Problem("total", "pos.totalMismatch", computed.setScale(moneyDigits).toPlainString()));
            return null;
        }
        return new Parsed(d.id(), d.number(), d.openedAt(), d.closedAt(), d.shiftId(), d.waiter(), d.customerId(),
                lines, d.payments(), d.total(), d.refundOf(), d.hash());
    }

    /**
     * The receipt's content in one canonical form, so a repeat is recognised whatever its formatting. A modifier's
     * price is in it only when the terminal sent one, so receipts stored before that extension keep their hash.
     */
    private static String hash(UUID id, String number, Instant openedAt, Instant closedAt, UUID shiftId,
                               String waiter, UUID customerId, List<LineDraft> lines, List<Payment> payments,
                               BigDecimal total, UUID refundOf) {
        StringBuilder canonical = new StringBuilder().append(id).append('|').append(number).append('|')
                .append(openedAt).append('|').append(closedAt).append('|').append(shiftId).append('|')
                .append(waiter).append('|').append(customerId).append('|').append(plain(total)).append('|')
                .append(refundOf);
        for (LineDraft l : lines) {
            canonical.append("|L").append(l.itemId()).append(',').append(plain(l.quantity())).append(',')
                    .append(plain(l.unitPrice())).append(',').append(plain(l.discount()));
            for (ModifierDraft m : l.modifiers()) {
                canonical.append(",M").append(m.optionId()).append(':').append(plain(m.quantity()));
                if (m.priceDelta() != null) {
                    canonical.append('@').append(plain(m.priceDelta()));
                }
            }
        }
        for (Payment p : payments) {
            canonical.append("|P").append(p.method()).append(',').append(plain(p.amount()));
        }
        return SecretHashes.sha256(canonical.toString());
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    static UUID uuid(String field, String value, boolean required, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new Problem(field, "validation.required"));
            }
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(field, "pos.notAnId"));
            return null;
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Instant instant(String field, String value, boolean required, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new Problem(field, "validation.required"));
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Problem(field, "pos.notATime"));
            return null;
        }
    }

    private static BigDecimal decimal(String field, String value, boolean required, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new Problem(field, "validation.required"));
            }
            return null;
        }
        try {
            BigDecimal parsed = new BigDecimal(value.strip());
            if (parsed.abs().compareTo(MAX_AMOUNT) >= 0 || parsed.scale() > 6) {
                problems.add(new Problem(field, "pos.numberRange"));
                return null;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, "pos.notANumber"));
            return null;
        }
    }

    /** An amount of money: a decimal with no more decimals than the currency has. */
    private static BigDecimal money(String field, String value, boolean required, int digits,
                                    List<Problem> problems) {
        BigDecimal amount = decimal(field, value, required, problems);
        if (amount != null && amount.stripTrailingZeros().scale() > digits) {
            problems.add(new Problem(field, "pos.moneyDecimals", digits));
            return null;
        }
        return amount;
    }

    static String text(String field, String value, int max, List<Problem> problems) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            problems.add(new Problem(field, "validation.tooLong", max));
            return null;
        }
        // PostgreSQL's text cannot hold NUL: refused here, by itself, not as a database error for the whole batch.
        if (value.indexOf(0) >= 0) {
            problems.add(new Problem(field, "pos.controlCharacter"));
            return null;
        }
        return value;
    }
}
