package app.larder.stock.web;

import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.stock.Ingredient;
import app.larder.stock.Transfer;
import app.larder.stock.TransferLine;
import app.larder.stock.Transfers;
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
import java.util.List;
import java.util.UUID;

/** Transfers of stock between storages, at the sender's unit cost. Everyone reads; owners and managers edit. */
@RestController
@Tag(name = "Transfers")
class TransferApi {

    private final Transfers transfers;

    TransferApi(Transfers transfers) {
        this.transfers = transfers;
    }

    @Schema(description = "One line. quantity in unit: g, kg, ml, l, pcs (of the ingredient's dimension) or purchase "
            + "(its purchase unit); without a unit, the base unit (g, ml, pcs).")
    record LineRequest(@NotNull UUID ingredientId, @NotNull BigDecimal quantity, String unit) {
    }

    @Schema(description = "transferredAt: an ISO date and time, with an offset or without one (read in the time zone "
            + "of the sending storage's venue); blank means now. The two storages must differ; they may belong to "
            + "different venues. post: post it at once. version (on update): the version you read.")
    record TransferRequest(String transferredAt, @NotNull UUID fromStorageId, @NotNull UUID toStorageId,
                           @Size(max = 4000) String comment, @NotNull @Valid List<@Valid LineRequest> lines,
                           Boolean post, Long version) {
    }

    @Schema(description = "value: what the line moved, at the sender's unit cost (the ledger's once posted, "
            + "corrections included; an estimate for a draft; null when unknown or cancelled). stockBefore: the "
            + "sender's stock just before, in base units; belowZero: the line takes more than that.")
    record LineResponse(UUID ingredientId, String ingredientName, String quantity, String unit, String baseQuantity,
                        String baseUnit, String value, String stockBefore, boolean belowZero) {
    }

    @Schema(description = "transferredAt in the time zone of the sender's venue; total: the value moved.")
    record TransferResponse(UUID id, String status, String transferredAt, UUID fromStorageId, String fromStorageName,
                            UUID toStorageId, String toStorageName, String comment, List<LineResponse> lines,
                            String total, boolean valued, boolean belowZero, long version, Instant createdAt,
                            Instant postedAt, Instant cancelledAt) {

        static TransferResponse of(Transfers.View view) {
            Transfer t = view.transfer();
            return new TransferResponse(t.getId(), t.getStatus().name(),
                    t.getTransferredAt().atZone(view.zone()).toOffsetDateTime().toString(), t.getFromStorageId(),
                    view.from().getName(), t.getToStorageId(), view.to().getName(), t.getComment(),
                    view.lines().stream().map(TransferResponse::line).toList(), Decimals.plain(view.total()),
                    view.valued(), view.belowZero(), t.getVersion(), t.getCreatedAt(), t.getPostedAt(),
                    t.getCancelledAt());
        }

        private static LineResponse line(Transfers.LineView l) {
            TransferLine line = l.line();
            Ingredient i = l.ingredient();
            return new LineResponse(line.getIngredientId(), i.getName(), Decimals.plain(line.getQuantity()),
                    line.getUnit().symbol(), Decimals.plain(line.getBaseQuantity()), i.getDimension().base().symbol(),
                    Decimals.plain(l.value()), Decimals.plain(l.stockBefore()), l.belowZero());
        }
    }

    record TransferRow(UUID id, String status, Instant transferredAt, UUID fromStorageId, String fromStorageName,
                       UUID toStorageId, String toStorageName, String comment, int lineCount, String total) {
        static TransferRow of(Transfers.Row r) {
            return new TransferRow(r.id(), r.status().name(), r.transferredAt(), r.fromStorageId(),
                    r.fromStorageName(), r.toStorageId(), r.toStorageName(), r.comment(), r.lineCount(),
                    Decimals.plain(r.total()));
        }
    }

    @Schema(description = "A page of transfers; totalValue is the value moved by every transfer found.")
    record TransferList(List<TransferRow> items, int page, int size, long totalItems, int totalPages,
                        String totalValue) {
    }

    @GetMapping("/api/v1/transfers")
    @Operation(summary = "Transfers, newest first, filtered by period, storage (either end) and status, searched by "
            + "comment or ingredient; sort by transferredAt, total or status")
    TransferList list(@Parameter(description = "from this date (in the business's time zone) or moment")
                      @RequestParam(required = false) String from,
                      @Parameter(description = "up to this date, inclusive, or before this moment")
                      @RequestParam(required = false) String to,
                      @RequestParam(required = false) UUID storageId,
                      @Parameter(description = "DRAFT, POSTED or CANCELLED") @RequestParam(required = false) String status,
                      @RequestParam(required = false) String q,
                      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                      @RequestParam(required = false) String sort, CurrentUser me) {
        Transfers.Query query = new Transfers.Query(WriteOffApi.periodStart("from", from, me.timezone()),
                WriteOffApi.periodEnd("to", to, me.timezone()), storageId,
                WriteOffApi.choice("status", status, Transfer.Status::valueOf), q);
        Transfers.Found found = transfers.search(query, Paging.of(page, size, sort, Transfers.SORTS.keySet(),
                "transferredAt,desc"));
        Page<Transfers.Row> p = found.page();
        return new TransferList(p.getContent().stream().map(TransferRow::of).toList(), p.getNumber(), p.getSize(),
                p.getTotalElements(), p.getTotalPages(), Decimals.plain(found.total()));
    }

    @GetMapping("/api/v1/transfers/{id}")
    TransferResponse get(@PathVariable UUID id) {
        return TransferResponse.of(transfers.view(id));
    }

    @PostMapping("/api/v1/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Create a transfer as a draft, or posted at once with post: true")
    TransferResponse create(@Valid @RequestBody TransferRequest request) {
        Transfer created = transfers.create(details(request), Boolean.TRUE.equals(request.post()));
        return TransferResponse.of(transfers.view(created.getId()));
    }

    @PutMapping("/api/v1/transfers/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a draft or a posted transfer (a posted one is reversed and posted again); "
            + "post: true posts a draft")
    TransferResponse update(@PathVariable UUID id, @Valid @RequestBody TransferRequest request) {
        transfers.update(id, request.version(), details(request), Boolean.TRUE.equals(request.post()));
        return TransferResponse.of(transfers.view(id));
    }

    @PostMapping("/api/v1/transfers/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Post a draft: stock leaves the sender at its weighted average and arrives at that value")
    TransferResponse post(@PathVariable UUID id, @RequestParam(required = false) Long version) {
        transfers.post(id, version);
        return TransferResponse.of(transfers.view(id));
    }

    @PostMapping("/api/v1/transfers/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Cancel a transfer: a posted one is reversed at both storages")
    TransferResponse cancel(@PathVariable UUID id, @RequestParam(required = false) Long version) {
        transfers.cancel(id, version);
        return TransferResponse.of(transfers.view(id));
    }

    private static Transfers.Details details(TransferRequest r) {
        WriteOffApi.Moment moment = WriteOffApi.moment("transferredAt", r.transferredAt());
        return new Transfers.Details(moment.instant(), moment.local(), r.fromStorageId(), r.toStorageId(),
                r.comment(), r.lines().stream().map(l -> l == null ? null : new Transfers.LineInput(
                        l.ingredientId(), l.quantity(), l.unit())).toList());
    }
}
