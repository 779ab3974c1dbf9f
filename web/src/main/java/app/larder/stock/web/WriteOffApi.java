package app.larder.stock.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.stock.Ingredient;
import app.larder.stock.WriteOff;
import app.larder.stock.WriteOffLine;
import app.larder.stock.WriteOffs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
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
import java.util.function.Function;

/** Write-offs: stock leaving a storage without a sale, valued by the ledger. Everyone reads; owners and managers edit. */
@RestController
@Tag(name = "Write-offs")
class WriteOffApi {

    private final WriteOffs writeOffs;

    WriteOffApi(WriteOffs writeOffs) {
        this.writeOffs = writeOffs;
    }

    @Schema(description = "One line. quantity in unit: g, kg, ml, l, pcs (of the ingredient's dimension) or purchase "
            + "(its purchase unit); without a unit, the base unit (g, ml, pcs). reason: SPOILED, STAFF_MEAL, BREAKAGE, "
            + "TASTING or OTHER.")
    record LineRequest(@NotNull UUID ingredientId, @NotNull BigDecimal quantity, String unit, @NotNull String reason,
                       @Size(max = 500) String note) {
    }

    @Schema(description = "writtenOffAt: an ISO date and time, with an offset (2026-03-01T10:00:00Z) or without one "
            + "(2026-03-01T12:00, read in the time zone of the storage's venue); blank means now. post: post it at "
            + "once. version (on update): the version you read, to be told 409 if someone changed it since.")
    record WriteOffRequest(String writtenOffAt, @NotNull UUID storageId, @Size(max = 4000) String comment,
                           @NotNull @Valid List<@Valid LineRequest> lines, Boolean post, Long version) {
    }

    @Schema(description = "cost: what the line cost (the ledger's value once posted, corrections included; for a "
            + "draft an estimate at the storage's average at that moment; null when unknown or cancelled). "
            + "stockBefore: the storage's stock of the ingredient just before, in base units; belowZero: the "
            + "write-off takes more than that.")
    record LineResponse(UUID ingredientId, String ingredientName, String quantity, String unit, String baseQuantity,
                        String baseUnit, String reason, String note, String cost, String stockBefore,
                        boolean belowZero) {
    }

    @Schema(description = "writtenOffAt in the time zone of the storage's venue. total: Σ line costs; valued: true "
            + "when the costs are the ledger's (posted), false when estimated (draft).")
    record WriteOffResponse(UUID id, String status, String writtenOffAt, UUID storageId, String storageName,
                            String comment, List<LineResponse> lines, String total, boolean valued,
                            boolean belowZero, long version, Instant createdAt, Instant postedAt,
                            Instant cancelledAt) {

        static WriteOffResponse of(WriteOffs.View view) {
            WriteOff w = view.writeOff();
            return new WriteOffResponse(w.getId(), w.getStatus().name(),
                    w.getWrittenOffAt().atZone(view.zone()).toOffsetDateTime().toString(), w.getStorageId(),
                    view.storage().getName(), w.getComment(), view.lines().stream().map(WriteOffResponse::line)
                    .toList(), Decimals.plain(view.total()), view.valued(), view.belowZero(), w.getVersion(),
                    w.getCreatedAt(), w.getPostedAt(), w.getCancelledAt());
        }

        private static LineResponse line(WriteOffs.LineView l) {
            WriteOffLine line = l.line();
            Ingredient i = l.ingredient();
            return new LineResponse(line.getIngredientId(), i.getName(), Decimals.plain(line.getQuantity()),
                    line.getUnit().symbol(), Decimals.plain(line.getBaseQuantity()),
                    i.getDimension().base().symbol(), line.getReason().name(), line.getNote(),
                    Decimals.plain(l.cost()), Decimals.plain(l.stockBefore()), l.belowZero());
        }
    }

    record WriteOffRow(UUID id, String status, Instant writtenOffAt, UUID storageId, String storageName,
                       String comment, int lineCount, String total) {
        static WriteOffRow of(WriteOffs.Row r) {
            return new WriteOffRow(r.id(), r.status().name(), r.writtenOffAt(), r.storageId(), r.storageName(),
                    r.comment(), r.lineCount(), Decimals.plain(r.total()));
        }
    }

    @Schema(description = "A page of write-offs; totalCost is the cost of every write-off found, not only this page.")
    record WriteOffList(List<WriteOffRow> items, int page, int size, long totalItems, int totalPages,
                        String totalCost) {
    }

    @GetMapping("/api/v1/write-offs")
    @Operation(summary = "Write-offs, newest first, filtered by period, storage, status and reason, searched by "
            + "comment or ingredient; sort by writtenOffAt, total, storage or status")
    WriteOffList list(@Parameter(description = "from this date (in the business's time zone) or moment")
                      @RequestParam(required = false) String from,
                      @Parameter(description = "up to this date, inclusive, or before this moment")
                      @RequestParam(required = false) String to,
                      @RequestParam(required = false) UUID storageId,
                      @Parameter(description = "DRAFT, POSTED or CANCELLED") @RequestParam(required = false) String status,
                      @Parameter(description = "SPOILED, STAFF_MEAL, BREAKAGE, TASTING or OTHER")
                      @RequestParam(required = false) String reason,
                      @RequestParam(required = false) String q,
                      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                      @RequestParam(required = false) String sort, CurrentUser me) {
        WriteOffs.Query query = new WriteOffs.Query(periodStart("from", from, me.timezone()),
                periodEnd("to", to, me.timezone()), storageId, choice("status", status, WriteOff.Status::valueOf),
                reason == null || reason.isBlank() ? null : WriteOffLine.Reason.parse("reason", reason), q);
        WriteOffs.Found found = writeOffs.search(query, Paging.of(page, size, sort, WriteOffs.SORTS.keySet(),
                "writtenOffAt,desc"));
        Page<WriteOffs.Row> p = found.page();
        return new WriteOffList(p.getContent().stream().map(WriteOffRow::of).toList(), p.getNumber(), p.getSize(),
                p.getTotalElements(), p.getTotalPages(), Decimals.plain(found.total()));
    }

    @GetMapping("/api/v1/write-offs/{id}")
    WriteOffResponse get(@PathVariable UUID id) {
        return WriteOffResponse.of(writeOffs.view(id));
    }

    @PostMapping("/api/v1/write-offs")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Create a write-off as a draft, or posted at once with post: true")
    WriteOffResponse create(@Valid @RequestBody WriteOffRequest request) {
        WriteOff created = writeOffs.create(details(request), Boolean.TRUE.equals(request.post()));
        return WriteOffResponse.of(writeOffs.view(created.getId()));
    }

    @PutMapping("/api/v1/write-offs/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a draft or a posted write-off (a posted one is reversed and posted again, and what "
            + "came after it is revalued); post: true posts a draft")
    WriteOffResponse update(@PathVariable UUID id, @Valid @RequestBody WriteOffRequest request) {
        writeOffs.update(id, request.version(), details(request), Boolean.TRUE.equals(request.post()));
        return WriteOffResponse.of(writeOffs.view(id));
    }

    @PostMapping("/api/v1/write-offs/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Post a draft: its lines leave the storage at the weighted average unit cost")
    WriteOffResponse post(@PathVariable UUID id, @RequestParam(required = false) Long version) {
        writeOffs.post(id, version);
        return WriteOffResponse.of(writeOffs.view(id));
    }

    @PostMapping("/api/v1/write-offs/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Cancel a write-off: a posted one is reversed, as if it had never been posted")
    WriteOffResponse cancel(@PathVariable UUID id, @RequestParam(required = false) Long version) {
        writeOffs.cancel(id, version);
        return WriteOffResponse.of(writeOffs.view(id));
    }

    private static WriteOffs.Details details(WriteOffRequest r) {
        Moment moment = moment("writtenOffAt", r.writtenOffAt());
        return new WriteOffs.Details(moment.instant(), moment.local(), r.storageId(), r.comment(),
                r.lines().stream().map(l -> l == null ? null : new WriteOffs.LineInput(l.ingredientId(),
                        l.quantity(), l.unit(), l.reason(), l.note())).toList());
    }

    // Shared with transfers and the pages: how a document's moment and a list's period are read from a request.

    /** A moment as entered: an instant (it had an offset), a local date and time, or neither (now). */
    record Moment(Instant instant, LocalDateTime local) {
    }

    static Moment moment(String field, String text) {
        if (text == null || text.isBlank()) {
            return new Moment(null, null);
        }
        String trimmed = text.trim();
        try {
            return new Moment(OffsetDateTime.parse(trimmed).toInstant(), null);
        } catch (DateTimeParseException e) {
            try {
                return new Moment(null, LocalDateTime.parse(trimmed));
            } catch (DateTimeParseException again) {
                throw new RuleViolation(field, "validation.dateTime");
            }
        }
    }

    /** The start of a period: a date's first moment in {@code zone}, or a moment with an offset. */
    static Instant periodStart(String field, String text, ZoneId zone) {
        return periodBound(field, text, zone, false);
    }

    /** The end of a period, exclusive: the day after a date (the date is inclusive), or a moment with an offset. */
    static Instant periodEnd(String field, String text, ZoneId zone) {
        return periodBound(field, text, zone, true);
    }

    private static Instant periodBound(String field, String text, ZoneId zone, boolean end) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.trim());
            return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException again) {
                throw new RuleViolation(field, "writeOff.dateUnreadable");
            }
        }
    }

    /** One of an enum's values from a request, in any case; blank gives null, anything else is refused. */
    static <E> E choice(String field, String value, Function<String, E> valueOf) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf.apply(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleViolation(field, "writeOff.unknownValue");
        }
    }
}
