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
import app.larder.stock.Transfer.Status;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Transfers of the current business between its storages, of one venue or two: drafts, posting into the stock ledger
 * at the sender's unit cost, editing (a posted one is reversed and posted again, in one transaction) and cancelling.
 * A transfer names two storages, so a user limited to some venues sees it only when they see both; otherwise it is
 * not found, and the name of a storage they may not see is never shown to them.
 */
@Service
public class Transfers {

    /** Sortable columns of the list, as the API names them, and what they sort by. */
    public static final Map<String, String> SORTS = Map.of("transferredAt", "transferred_at", "total", "total",
            "status", "status");

    private final TransferRepository transfers;
    private final IngredientRepository ingredients;
    private final Storages storages;
    private final Venues venues;
    private final StockLedger ledger;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    Transfers(TransferRepository transfers, IngredientRepository ingredients, Storages storages, Venues venues,
              StockLedger ledger, AuditLog audit, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.transfers = transfers;
        this.ingredients = ingredients;
        this.storages = storages;
        this.venues = venues;
        this.ledger = ledger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One line as entered. {@code unit}: g, kg, ml, l, pcs or purchase (null: the base unit). */
    public record LineInput(UUID ingredientId, BigDecimal quantity, String unit) {
    }

    /**
     * A transfer as entered. Its moment is {@code moment}, or {@code localMoment} read in the time zone of the
     * sending storage's venue, or now when both are null.
     */
    public record Details(Instant moment, LocalDateTime localMoment, UUID fromStorageId, UUID toStorageId,
                          String comment, List<LineInput> lines) {
    }

    /** What to list; every part optional. {@code storageId} matches either end. {@code to} is exclusive. */
    public record Query(Instant from, Instant to, UUID storageId, Status status, String text) {
    }

    /** A row of the list; {@code total} is the value a posted transfer moved, corrections included (0 otherwise). */
    public record Row(UUID id, Instant transferredAt, UUID fromStorageId, String fromStorageName, UUID toStorageId,
                      String toStorageName, String comment, Status status, int lineCount, BigDecimal total) {
    }

    /** A page of the list, and the count and value of everything the query found. */
    public record Found(Page<Row> page, long count, BigDecimal total) {
    }

    /**
     * A line as shown: the value it moved (from the ledger once posted; estimated at the sender's average for a
     * draft; null when unknown or cancelled), the sender's stock before it, and whether it takes more than that.
     */
    public record LineView(TransferLine line, Ingredient ingredient, BigDecimal value, BigDecimal stockBefore,
                           boolean belowZero) {
    }

    /** A transfer with both storages, the time zone of the sender's venue, its lines and the value moved. */
    public record View(Transfer transfer, Storage from, Storage to, ZoneId zone, List<LineView> lines,
                       BigDecimal total, boolean valued) {

        public boolean belowZero() {
            return lines.stream().anyMatch(LineView::belowZero);
        }
    }

    @Transactional(readOnly = true)
    public Transfer get(UUID id) {
        Transfer transfer = transfers.findById(id).orElseThrow(() -> new NotFoundException("transfer", id));
        try {
            storages.get(transfer.getFromStorageId());
            storages.get(transfer.getToStorageId());
        } catch (NotFoundException e) {
            throw new NotFoundException("transfer", id);
        }
        return transfer;
    }

    @Transactional(readOnly = true)
    public View view(UUID id) {
        Transfer transfer = get(id);
        Storage from = storages.get(transfer.getFromStorageId());
        Storage to = storages.get(transfer.getToStorageId());
        ZoneId zone = venues.get(from.getVenueId()).getTimezone();
        List<TransferLine> lines = transfer.getLines();
        Map<UUID, Ingredient> byId = WriteOffs.ingredientsOf(ingredients,
                lines.stream().map(TransferLine::getIngredientId).toList());
        Map<UUID, BigDecimal> taken = new HashMap<>();
        lines.forEach(l -> taken.merge(l.getIngredientId(), l.getBaseQuantity(), BigDecimal::add));
        Map<UUID, StockLedger.Level> levels = new HashMap<>();
        taken.keySet().forEach(item -> levels.put(item, ledger.level(from.getId(), item,
                transfer.getTransferredAt())));
        boolean posted = transfer.getStatus() == Status.POSTED;
        List<BigDecimal> values;
        if (posted) {
            Map<UUID, BigDecimal> out = new HashMap<>();
            for (Movement m : ledger.ofDocument(id)) {
                if (m.kind() == Kind.TRANSFER_OUT) {
                    out.merge(m.itemId(), m.value().negate(), BigDecimal::add);
                }
            }
            values = WriteOffs.allocate(out, lines.stream().map(TransferLine::getIngredientId).toList(),
                    lines.stream().map(TransferLine::getBaseQuantity).toList());
        } else if (transfer.getStatus() == Status.DRAFT) {
            values = lines.stream().map(l -> WriteOffs.estimate(levels.get(l.getIngredientId()),
                    l.getBaseQuantity())).toList();
        } else {
            values = lines.stream().map(l -> (BigDecimal) null).toList();
        }
        List<LineView> views = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            TransferLine line = lines.get(i);
            BigDecimal level = levels.get(line.getIngredientId()).quantity();
            BigDecimal all = taken.get(line.getIngredientId());
            BigDecimal before = posted ? level.add(all) : level;
            boolean short_ = transfer.getStatus() != Status.CANCELLED && before.subtract(all).signum() < 0;
            views.add(new LineView(line, byId.get(line.getIngredientId()), values.get(i), before, short_));
        }
        BigDecimal total = values.stream().anyMatch(Objects::isNull) ? null
                : values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new View(transfer, from, to, zone, views, total, posted);
    }

    @Transactional(readOnly = true)
    public Found search(Query query, Pageable page) {
        if (query.storageId() != null) {
            storages.get(query.storageId());
        }
        DocumentFilter filter = new DocumentFilter().visibleVenues("f.venue_id", "r.venue_id")
                .and("t.from_storage_id = :storage OR t.to_storage_id = :storage", "storage", query.storageId())
                .period("t.transferred_at", query.from(), query.to())
                .and("t.status = :status", "status", query.status());
        MapSqlParameterSource params = filter.params();
        StringBuilder where = new StringBuilder(filter.where());
        if (query.text() != null && !query.text().isBlank()) {
            where.append(" AND (lower(t.comment) LIKE :like ESCAPE '\\' OR EXISTS (SELECT 1 FROM transfer_line x"
                    + " JOIN ingredient i ON i.id = x.ingredient_id WHERE x.transfer_id = t.id"
                    + " AND lower(i.name) LIKE :like ESCAPE '\\'))");
            params.addValue("like", WriteOffs.like(query.text()));
        }
        String found = """
                WITH found AS (
                    SELECT t.id, t.transferred_at, t.from_storage_id, f.name AS from_name, t.to_storage_id,
                           r.name AS to_name, t.comment, t.status,
                           (SELECT count(*) FROM transfer_line l WHERE l.transfer_id = t.id) AS line_count,
                           -COALESCE((SELECT sum(m.value) FROM stock_movement m
                                      WHERE m.document_id = t.id AND m.kind = 'TRANSFER_OUT'), 0) AS total
                    FROM transfer t JOIN storage f ON f.id = t.from_storage_id JOIN storage r ON r.id = t.to_storage_id
                    WHERE %s)
                """.formatted(where);
        Map<String, Object> summary = jdbc.queryForMap(found + "SELECT count(*) AS n, COALESCE(sum(total), 0) AS total"
                + " FROM found", params);
        params.addValue("limit", page.getPageSize()).addValue("offset", page.getOffset());
        List<Row> rows = jdbc.query(found + "SELECT * FROM found ORDER BY " + WriteOffs.orderBy(page.getSort(), SORTS,
                "transferred_at") + " LIMIT :limit OFFSET :offset", params, (rs, n) -> new Row(
                rs.getObject("id", UUID.class), rs.getTimestamp("transferred_at").toInstant(),
                rs.getObject("from_storage_id", UUID.class), rs.getString("from_name"),
                rs.getObject("to_storage_id", UUID.class), rs.getString("to_name"), rs.getString("comment"),
                Status.valueOf(rs.getString("status")), rs.getInt("line_count"), rs.getBigDecimal("total")));
        long count = ((Number) summary.get("n")).longValue();
        return new Found(new PageImpl<>(rows, page, count), count, (BigDecimal) summary.get("total"));
    }

    /** Saves a new transfer as a draft, and posts it if {@code post}. */
    @Transactional
    public Transfer create(Details details, boolean post) {
        Prepared prepared = prepare(details);
        Transfer transfer = new Transfer(Ids.next(), clock.instant());
        describe(transfer, prepared);
        transfers.saveAndFlush(transfer);
        audit.record("created", "transfer", transfer.getId(), summary(prepared));
        if (post) {
            postNow(transfer);
        }
        return transfer;
    }

    /**
     * Changes a draft or a posted transfer; a posted one is reversed in the ledger and posted again as it now
     * stands. {@code version}, when given, is the version the change was made on. {@code post} posts a draft.
     */
    @Transactional
    public Transfer update(UUID id, Long version, Details details, boolean post) {
        Transfer transfer = get(id);
        WriteOffs.checkVersion(transfer, version, Transfer.class);
        if (transfer.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "transfer.cancelledReadOnly");
        }
        Prepared prepared = prepare(details);
        describe(transfer, prepared);
        // Flushed first: the row is locked, and a concurrent change of it fails here rather than after the ledger.
        transfers.saveAndFlush(transfer);
        audit.record("updated", "transfer", id, summary(prepared) + " changed");
        if (transfer.getStatus() == Status.POSTED) {
            notInFuture(transfer.getTransferredAt());
            ledger.reverse(id);
            ledger.post(posting(transfer));
        } else if (post) {
            postNow(transfer);
        }
        return transfer;
    }

    /** Books a draft into the ledger. Posting twice, or a cancelled transfer, is refused. */
    @Transactional
    public Transfer post(UUID id, Long version) {
        Transfer transfer = get(id);
        WriteOffs.checkVersion(transfer, version, Transfer.class);
        if (transfer.getStatus() != Status.DRAFT) {
            throw new RuleViolation(null, transfer.getStatus() == Status.POSTED ? "transfer.alreadyPosted"
                    : "transfer.cancelledReadOnly");
        }
        postNow(transfer);
        return transfer;
    }

    /** Cancels a transfer: a posted one is reversed in the ledger; a draft is set aside. Twice is refused. */
    @Transactional
    public Transfer cancel(UUID id, Long version) {
        Transfer transfer = get(id);
        WriteOffs.checkVersion(transfer, version, Transfer.class);
        if (transfer.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "transfer.alreadyCancelled");
        }
        boolean posted = transfer.getStatus() == Status.POSTED;
        transfer.cancelled(clock.instant());
        transfers.saveAndFlush(transfer);
        if (posted) {
            ledger.reverse(id);
        }
        audit.record("cancelled", "transfer", id, "Transfer cancelled");
        return transfer;
    }

    private void postNow(Transfer transfer) {
        notInFuture(transfer.getTransferredAt());
        transfer.posted(clock.instant());
        transfers.saveAndFlush(transfer);
        ledger.post(posting(transfer));
        audit.record("posted", "transfer", transfer.getId(), "Transfer posted");
    }

    private static Posting posting(Transfer transfer) {
        List<Entry> entries = new ArrayList<>();
        for (TransferLine line : transfer.getLines()) {
            entries.addAll(Entry.transfer(transfer.getFromStorageId(), transfer.getToStorageId(),
                    line.getIngredientId(), line.getBaseQuantity()));
        }
        return new Posting(Transfer.DOCUMENT_KIND, transfer.getId(), transfer.getTransferredAt(), entries);
    }

    private void notInFuture(Instant moment) {
        if (moment.isAfter(clock.instant())) {
            throw new RuleViolation("transferredAt", "transfer.inFuture");
        }
    }

    private record Prepared(Instant moment, Storage from, Storage to, String comment, List<TransferLine> lines) {
    }

    private static void describe(Transfer transfer, Prepared p) {
        transfer.describe(p.moment(), p.from().getId(), p.to().getId(), p.comment(), p.lines());
    }

    private static String summary(Prepared p) {
        return "Transfer of " + p.lines().size() + " line(s) from \"" + p.from().getName() + "\" to \""
                + p.to().getName() + "\"";
    }

    private Prepared prepare(Details details) {
        Storage from = storage("fromStorageId", details.fromStorageId());
        Storage to = storage("toStorageId", details.toStorageId());
        if (from.getId().equals(to.getId())) {
            throw new RuleViolation("toStorageId", "transfer.sameStorage");
        }
        Instant moment = WriteOffs.moment(details.moment(), details.localMoment(), from, venues, clock);
        String comment = WriteOffs.text("comment", details.comment(), WriteOffs.MAX_COMMENT);
        List<LineInput> inputs = details.lines() == null ? List.of() : details.lines();
        WriteOffs.checkLineCount(inputs, "transfer.tooManyLines");
        Map<UUID, Ingredient> known = WriteOffs.ingredientsOf(ingredients, inputs.stream()
                .map(l -> l == null ? null : l.ingredientId()).collect(Collectors.toList()));
        List<TransferLine> lines = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String at = "lines[" + i + "].";
            LineInput input = inputs.get(i);
            if (input == null) {
                throw new RuleViolation(at + "ingredientId", "validation.required");
            }
            Ingredient ingredient = WriteOffs.ingredient(known, input.ingredientId(), at + "ingredientId",
                    "transfer.unknownIngredient");
            EnteredUnit unit = EnteredUnit.parse(at + "unit", input.unit());
            BigDecimal base = StockQuantities.toBase(ingredient, input.quantity(), unit, at + "quantity",
                    at + "unit");
            lines.add(new TransferLine(ingredient.getId(), StockQuantities.plain(input.quantity()),
                    unit == null ? EnteredUnit.of(ingredient.getDimension().base()) : unit, base));
        }
        return new Prepared(moment, from, to, comment, lines);
    }

    private Storage storage(String field, UUID id) {
        if (id == null) {
            throw new RuleViolation(field, "validation.required");
        }
        try {
            return storages.get(id);
        } catch (NotFoundException e) {
            throw new RuleViolation(field, "transfer.unknownStorage");
        }
    }

    interface TransferRepository extends JpaRepository<Transfer, UUID> {
    }
}
