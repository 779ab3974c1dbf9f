package app.larder.stock.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import app.larder.stock.Stocktake;
import app.larder.stock.Stocktakes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stocktakes: inventory counts of a storage at a moment, their counts, posting and cancelling, and the variance.
 * Everyone reads; owners and managers count, post and cancel.
 */
@RestController
@Tag(name = "Stocktakes")
class StocktakeApi {

    private final Stocktakes stocktakes;

    StocktakeApi(Stocktakes stocktakes) {
        this.stocktakes = stocktakes;
    }

    /**
     * {@code countedAt}: an ISO date and time; without an offset it is read in the time zone of the storage's venue;
     * missing means now. Never in the future. {@code category}: an ingredient category to count; missing counts
     * every item.
     */
    record CreateRequest(UUID storageId, String countedAt, @Size(max = 100) String category,
                         @Size(max = 4000) String comment) {
    }

    /**
     * The count of one item: {@code counted} in {@code unit} (kg, g, l, ml, pcs or purchase; missing: the item's
     * stock unit, kg, l or pcs). Zero is a count; {@code counted: null} forgets the count (the item is not counted).
     */
    record CountRequest(UUID itemId, BigDecimal counted, String unit) {
    }

    /**
     * Changes a draft. {@code countedAt} and {@code comment} when given (a blank comment clears it); {@code lines}
     * set the counts of the items named and leave the others as they are. {@code version}: the version you edited,
     * 409 if it moved on.
     */
    record ChangeRequest(String countedAt, @Size(max = 4000) String comment, List<CountRequest> lines,
                         Long version) {
    }

    record VersionRequest(Long version) {
    }

    /**
     * One item: quantities in its {@code unit} (kg, l, pcs). {@code expected} is the ledger's level at the moment
     * (for a posted stocktake, as read when it was posted); {@code counted}, {@code difference} and {@code value}
     * are null when the item was not counted. {@code unitCost} per unit. {@code value}: what the ledger booked
     * (posted), an estimate at the average (draft).
     */
    record LineResponse(UUID itemId, String itemName, String category, String unit, boolean archived,
                        String expected, String counted, String difference, String unitCost, String value) {
    }

    /** Surplus (≥ 0), shortage (≤ 0) and net in money; {@code valued}: booked in the ledger, not an estimate. */
    record VarianceResponse(String surplus, String shortage, String net, boolean valued, int countedItems,
                            int items, int surplusItems, int shortageItems) {
    }

    record StocktakeResponse(UUID id, long version, String status, Instant countedAt, LocalDateTime localCountedAt,
                             String timezone, UUID storageId, String storageName, String category, String comment,
                             Instant createdAt, Instant postedAt, Instant cancelledAt, VarianceResponse variance,
                             List<LineResponse> lines) {
    }

    record StocktakeRow(UUID id, String status, Instant countedAt, UUID storageId, String storageName,
                        String category, String comment, int countedItems, String surplus, String shortage,
                        String net) {
    }

    @GetMapping("/api/v1/stocktakes")
    @Operation(summary = "Stocktakes by storage, period (dates in the business's time zone, both inclusive) and "
            + "status (DRAFT, POSTED, CANCELLED), with what each booked; sort by countedAt, createdAt, storage, "
            + "status or net")
    PageOf<StocktakeRow> list(@RequestParam(required = false) UUID storageId,
                              @RequestParam(required = false) LocalDate from,
                              @RequestParam(required = false) LocalDate to,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size,
                              @RequestParam(required = false) String sort, CurrentUser me) {
        return PageOf.of(stocktakes.search(query(storageId, from, to, status, me.timezone()),
                Paging.of(page, size, sort, Stocktakes.SORTS.keySet(), "countedAt,desc")), r -> new StocktakeRow(
                r.id(), r.status().name(), r.countedAt(), r.storageId(), r.storageName(), r.category(), r.comment(),
                r.countedItems(), Decimals.plain(r.surplus()), Decimals.plain(r.shortage()),
                Decimals.plain(r.net())));
    }

    @GetMapping("/api/v1/stocktakes/{id}")
    @Operation(summary = "A stocktake with every item of its group (expected, counted, difference, unit cost, "
            + "value) and its variance; counted=true lists only the counted items")
    StocktakeResponse get(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean counted) {
        return response(stocktakes.sheet(id), counted);
    }

    @GetMapping(value = "/api/v1/stocktakes/{id}/variance.csv", produces = "text/csv")
    @Operation(summary = "The variance report as CSV: each counted item, then the surplus, shortage and net")
    ResponseEntity<String> varianceCsv(@PathVariable UUID id) {
        return csv(id, stocktakes.varianceCsv(id));
    }

    @PostMapping("/api/v1/stocktakes")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Start a stocktake (a draft) of a storage at a moment, of every item or of a category")
    StocktakeResponse create(@Valid @RequestBody CreateRequest request) {
        Moment moment = moment(request.countedAt());
        Stocktake created = stocktakes.create(new Stocktakes.Details(request.storageId(), moment.at(),
                moment.local(), request.category(), request.comment()));
        return response(stocktakes.sheet(created.getId()), false);
    }

    @PutMapping("/api/v1/stocktakes/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a draft: enter or forget counts (partial counts are kept), its moment or comment")
    StocktakeResponse change(@PathVariable UUID id, @Valid @RequestBody ChangeRequest request) {
        Moment moment = moment(request.countedAt());
        List<Stocktakes.Count> counts = request.lines() == null ? List.of() : request.lines().stream()
                .map(l -> l == null ? null : new Stocktakes.Count(l.itemId(), l.counted(), l.unit()))
                .collect(Collectors.toList());
        stocktakes.change(id, request.version(), new Stocktakes.Change(moment.at(), moment.local(),
                request.comment(), counts));
        return response(stocktakes.sheet(id), false);
    }

    @PostMapping("/api/v1/stocktakes/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Post a draft: each counted item's difference from the ledger's level at the moment is "
            + "booked as a surplus or a shortage at the average unit cost; posting twice is refused")
    StocktakeResponse post(@PathVariable UUID id, @RequestBody(required = false) VersionRequest request) {
        stocktakes.post(id, request == null ? null : request.version());
        return response(stocktakes.sheet(id), false);
    }

    @PostMapping("/api/v1/stocktakes/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Cancel a stocktake: a posted one is taken out of the ledger as if never posted; twice is "
            + "refused")
    StocktakeResponse cancel(@PathVariable UUID id, @RequestBody(required = false) VersionRequest request) {
        stocktakes.cancel(id, request == null ? null : request.version());
        return response(stocktakes.sheet(id), false);
    }

    static ResponseEntity<String> csv(UUID id, String body) {
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType(
                        "text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"stocktake-" + id + ".csv\"")
                .body(body);
    }

    static Stocktakes.Query query(UUID storageId, LocalDate from, LocalDate to, String status, ZoneId zone) {
        Stocktake.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = Stocktake.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuleViolation("status", "stocktake.status");
            }
        }
        return new Stocktakes.Query(storageId, from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(), wanted);
    }

    /** A moment from a request: with an offset it is an instant, without one a local time of the venue. */
    record Moment(Instant at, LocalDateTime local) {
    }

    static Moment moment(String text) {
        if (text == null || text.isBlank()) {
            return new Moment(null, null);
        }
        String trimmed = text.trim();
        try {
            return new Moment(OffsetDateTime.parse(trimmed).toInstant(), null);
        } catch (DateTimeParseException e) {
            try {
                return new Moment(null, LocalDateTime.parse(trimmed));
            } catch (DateTimeParseException e2) {
                throw new RuleViolation("countedAt", "validation.dateTime");
            }
        }
    }

    private static StocktakeResponse response(Stocktakes.Sheet sheet, boolean countedOnly) {
        Stocktake s = sheet.stocktake();
        List<LineResponse> lines = sheet.lines().stream().filter(l -> !countedOnly || l.isCounted())
                .map(l -> new LineResponse(l.item().getId(), l.item().getName(), l.item().getCategory(),
                        l.item().getStockUnit().symbol(), l.item().isArchived(),
                        Decimals.plain(l.inStockUnit(l.expected())), Decimals.plain(l.inStockUnit(l.counted())),
                        Decimals.plain(l.inStockUnit(l.difference())), Decimals.plain(l.unitCost()),
                        Decimals.plain(l.value())))
                .toList();
        Stocktakes.Variance v = sheet.variance();
        return new StocktakeResponse(s.getId(), s.getVersion(), s.getStatus().name(), s.getCountedAt(),
                LocalDateTime.ofInstant(s.getCountedAt(), sheet.zone()), sheet.zone().getId(), s.getStorageId(),
                sheet.storage().getName(), s.getCategory(), s.getComment(), s.getCreatedAt(), s.getPostedAt(),
                s.getCancelledAt(), new VarianceResponse(Decimals.plain(v.surplus()), Decimals.plain(v.shortage()),
                Decimals.plain(v.net()), sheet.valued(), v.countedItems(), v.items(), v.surplusItems(),
                v.shortageItems()), lines);
    }
}
