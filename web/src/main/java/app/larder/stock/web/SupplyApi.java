package app.larder.stock.web;

import app.larder.business.Storages;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.stock.Suppliers;
import app.larder.stock.Supplies;
import app.larder.stock.Supply;
import app.larder.stock.SupplyLine;
import app.larder.stock.SupplySettingsService;
import io.swagger.v3.oas.annotations.Operation;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Supplies: drafts, posting into the stock ledger, edits of posted supplies and cancellations. Everyone reads;
 * owners and managers write.
 */
@RestController
@Tag(name = "Supplies")
class SupplyApi {

    static final Set<String> SORTS = Set.of("suppliedAt", "invoiceNumber", "total", "status", "createdAt");

    private final Supplies supplies;
    private final Suppliers suppliers;
    private final Storages storages;
    private final SupplySettingsService settings;

    SupplyApi(Supplies supplies, Suppliers suppliers, Storages storages, SupplySettingsService settings) {
        this.supplies = supplies;
        this.suppliers = suppliers;
        this.storages = storages;
        this.settings = settings;
    }

    /**
     * {@code unit}: g, kg, ml, l, pcs, or {@code purchase} for the ingredient's purchase unit (a sack, a box);
     * missing means the base unit (g, ml, pcs). Send {@code price} (per that unit) or {@code total} of the line,
     * not both; {@code vatRate} in percent is included in them.
     */
    record LineRequest(UUID ingredientId, BigDecimal quantity, String unit, BigDecimal price, BigDecimal total,
                       BigDecimal vatRate) {
    }

    /**
     * {@code suppliedAt}: an ISO date and time; without an offset it is read in the time zone of the storage's
     * venue. {@code amountPaid}, or {@code paid: true} for paid in full. {@code post: true} posts it at once (or
     * posts a draft being changed). {@code version}, on a change, is the version you edited: 409 if it moved on.
     */
    record SupplyRequest(String suppliedAt, UUID storageId, UUID supplierId, @Size(max = 100) String invoiceNumber,
                         @Size(max = 4000) String comment, Boolean paid, BigDecimal amountPaid,
                         List<LineRequest> lines, Boolean post, Long version) {
    }

    record VersionRequest(Long version) {
    }

    record LineResponse(int index, UUID ingredientId, String ingredientName, String quantity, String unit,
                        String unitName, String baseQuantity, String baseUnit, String pricedBy, String price,
                        String total, String vatRate, String vatAmount, String pricePerStockUnit, String stockUnit,
                        String lastPrice, String priceDeviationPercent, boolean priceDeviates) {
    }

    record SupplyResponse(UUID id, long version, String status, Instant suppliedAt, LocalDateTime localSuppliedAt,
                          String timezone, UUID storageId, String storageName, UUID supplierId, String supplierName,
                          String invoiceNumber, String comment, String total, String vatTotal, boolean paid,
                          String amountPaid, String payable, Instant postedAt, Instant cancelledAt,
                          String priceDeviationThreshold, List<LineResponse> lines) {
    }

    record SupplyRow(UUID id, long version, String status, Instant suppliedAt, UUID storageId, String storageName,
                     UUID supplierId, String supplierName, String invoiceNumber, String total, String vatTotal,
                     boolean paid, String amountPaid, String payable) {
    }

    record TotalsResponse(long count, String total, String vatTotal, String amountPaid, String payable) {
    }

    /** A page of supplies and the sums over everything the filters find. */
    record SupplyPage(List<SupplyRow> items, int page, int size, long totalItems, int totalPages,
                      TotalsResponse totals) {
    }

    record SettingsRequest(@NotNull BigDecimal priceDeviationThreshold) {
    }

    record SettingsResponse(String priceDeviationThreshold) {
    }

    @GetMapping("/api/v1/supplies")
    @Operation(summary = "Supplies by period (dates in the business's time zone, both inclusive), storage, "
            + "supplier, status (DRAFT, POSTED, CANCELLED), paid, and invoice number (q); with totals of the filter")
    SupplyPage list(@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                    @RequestParam(required = false) UUID storageId, @RequestParam(required = false) UUID supplierId,
                    @RequestParam(required = false) String status, @RequestParam(required = false) Boolean paid,
                    @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                    @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
                    CurrentUser me) {
        Supplies.SupplyQuery query = query(from, to, storageId, supplierId, status, paid, q, me.timezone());
        Page<Supply> found = supplies.search(query, Paging.of(page, size, sort, SORTS, "suppliedAt,desc"));
        Map<UUID, String> supplierNames = new HashMap<>();
        suppliers.byId(found.map(Supply::getSupplierId).toSet())
                .forEach((id, s) -> supplierNames.put(id, s.getName()));
        Map<UUID, String> storageNames = new HashMap<>();
        List<SupplyRow> rows = found.getContent().stream().map(s -> new SupplyRow(s.getId(), s.getVersion(),
                s.getStatus().name(), s.getSuppliedAt(), s.getStorageId(),
                storageNames.computeIfAbsent(s.getStorageId(), id -> storages.get(id).getName()),
                s.getSupplierId(), supplierNames.get(s.getSupplierId()), s.getInvoiceNumber(),
                Decimals.plain(s.getTotal()), Decimals.plain(s.getVatTotal()), s.isPaid(),
                Decimals.plain(s.getAmountPaid()), Decimals.plain(s.getPayable()))).toList();
        Supplies.Totals totals = supplies.totals(query);
        return new SupplyPage(rows, found.getNumber(), found.getSize(), found.getTotalElements(),
                found.getTotalPages(), new TotalsResponse(totals.count(), Decimals.plain(totals.total()),
                Decimals.plain(totals.vat()), Decimals.plain(totals.paid()), Decimals.plain(totals.payable())));
    }

    @GetMapping("/api/v1/supplies/{id}")
    @Operation(summary = "A supply with its lines; each line's price per stock unit, the last price before it and "
            + "its deviation in percent (priceDeviates when above the business's threshold)")
    SupplyResponse get(@PathVariable UUID id) {
        return response(supplies.get(id));
    }

    @PostMapping("/api/v1/supplies")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Create a supply as a draft, or posted at once with post: true")
    SupplyResponse create(@Valid @RequestBody SupplyRequest request) {
        return response(supplies.get(supplies.create(input(request), Boolean.TRUE.equals(request.post())).getId()));
    }

    @PutMapping("/api/v1/supplies/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a draft or a posted supply (a posted one is reposted: later stock values and unit "
            + "costs follow); a cancelled supply cannot change")
    SupplyResponse change(@PathVariable UUID id, @Valid @RequestBody SupplyRequest request) {
        supplies.change(id, request.version(), input(request), Boolean.TRUE.equals(request.post()));
        return response(supplies.get(id));
    }

    @PostMapping("/api/v1/supplies/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Post a draft into the stock ledger; posting twice is refused")
    SupplyResponse post(@PathVariable UUID id, @RequestBody(required = false) VersionRequest request) {
        supplies.post(id, request == null ? null : request.version());
        return response(supplies.get(id));
    }

    @PostMapping("/api/v1/supplies/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Cancel a supply: a posted one is taken out of stock as if never posted; twice is refused")
    SupplyResponse cancel(@PathVariable UUID id, @RequestBody(required = false) VersionRequest request) {
        supplies.cancel(id, request == null ? null : request.version());
        return response(supplies.get(id));
    }

    @GetMapping("/api/v1/supply-settings")
    SettingsResponse settings() {
        return new SettingsResponse(Decimals.plain(settings.priceDeviationThreshold()));
    }

    @PutMapping("/api/v1/supply-settings")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "The price deviation, in percent, above which a supply line is flagged (default 10)")
    SettingsResponse changeSettings(@Valid @RequestBody SettingsRequest request) {
        settings.setPriceDeviationThreshold(request.priceDeviationThreshold());
        return settings();
    }

    static Supplies.SupplyQuery query(LocalDate from, LocalDate to, UUID storageId, UUID supplierId, String status,
                                      Boolean paid, String q, ZoneId zone) {
        Supply.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = Supply.Status.valueOf(status.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new RuleViolation("status", "supply.status");
            }
        }
        return new Supplies.SupplyQuery(from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(), storageId, supplierId, wanted,
                paid, q);
    }

    private static Supplies.SupplyInput input(SupplyRequest r) {
        Instant at = null;
        LocalDateTime local = null;
        if (r.suppliedAt() != null && !r.suppliedAt().isBlank()) {
            String text = r.suppliedAt().trim();
            try {
                at = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    local = LocalDateTime.parse(text);
                } catch (DateTimeParseException e2) {
                    throw new RuleViolation("suppliedAt", "validation.dateTime");
                }
            }
        }
        List<Supplies.LineInput> lines = r.lines() == null ? null : r.lines().stream()
                .map(l -> l == null ? null : new Supplies.LineInput(l.ingredientId(), l.quantity(), l.unit(),
                        l.price(), l.total(), l.vatRate()))
                .collect(Collectors.toList());
        return new Supplies.SupplyInput(at, local, r.storageId(), r.supplierId(), r.invoiceNumber(), r.comment(),
                r.paid(), r.amountPaid(), lines);
    }

    private static SupplyResponse response(Supplies.SupplyView view) {
        Supply s = view.supply();
        List<LineResponse> lines = new java.util.ArrayList<>();
        for (int i = 0; i < view.lines().size(); i++) {
            Supplies.LineView l = view.lines().get(i);
            SupplyLine line = l.line();
            String unitName = line.getUnit() == SupplyLine.LineUnit.PURCHASE ? l.purchaseUnitName()
                    : line.getUnit().symbol();
            lines.add(new LineResponse(i, line.getIngredientId(), l.ingredientName(),
                    Decimals.plain(line.getQuantity()), line.getUnit().symbol(), unitName,
                    Decimals.plain(line.getBaseQuantity()), l.stockUnit().dimension().base().symbol(),
                    line.getPricedBy().name(), Decimals.plain(line.getPrice()), Decimals.plain(line.getTotal()),
                    Decimals.plain(line.getVatRate()), Decimals.plain(line.getVatAmount()),
                    Decimals.plain(l.pricePerStockUnit()), l.stockUnit().symbol(), Decimals.plain(l.lastPrice()),
                    Decimals.plain(l.deviationPercent()), l.deviates()));
        }
        return new SupplyResponse(s.getId(), s.getVersion(), s.getStatus().name(), s.getSuppliedAt(),
                view.localSuppliedAt(), view.zone().getId(), s.getStorageId(), view.storageName(), s.getSupplierId(),
                view.supplierName(), s.getInvoiceNumber(), s.getComment(), Decimals.plain(s.getTotal()),
                Decimals.plain(s.getVatTotal()), s.isPaid(), Decimals.plain(s.getAmountPaid()),
                Decimals.plain(s.getPayable()), s.getPostedAt(), s.getCancelledAt(),
                Decimals.plain(view.threshold()), lines);
    }
}
