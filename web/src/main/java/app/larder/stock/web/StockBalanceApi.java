package app.larder.stock.web;

import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.shared.Unit;
import app.larder.stock.StockBalances;
import app.larder.stock.StockBalances.Amount;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockMinimums;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Balances, movement reports and minimum levels. Everyone reads (accountants too); owners and managers set minimums.
 * Quantities are in base units (g, ml, pcs) with the stock unit's figure beside them ({@code stockQuantity}, in
 * {@code unit}: kg, l, pcs); unit costs per stock unit; values in the business's currency, not rounded.
 */
@RestController
@Tag(name = "Stock balances")
class StockBalanceApi {

    private final StockBalances balances;
    private final StockMinimums minimums;
    private final StockBalanceMoments moments;
    private final Clock clock;

    StockBalanceApi(StockBalances balances, StockMinimums minimums, StockBalanceMoments moments, Clock clock) {
        this.balances = balances;
        this.minimums = minimums;
        this.moments = moments;
        this.clock = clock;
    }

    record BalanceResponse(UUID storageId, String storageName, UUID itemId, String itemName, String category,
                           String quantity, String stockQuantity, String unit, String unitCost, String value,
                           boolean negative) {
        static BalanceResponse of(StockBalances.BalanceRow r) {
            return new BalanceResponse(r.storageId(), r.storageName(), r.item().id(), r.item().name(),
                    r.item().category(), Decimals.plain(r.quantity()), Decimals.plain(r.stockQuantity()),
                    r.item().stockUnit().symbol(), Decimals.plain(r.unitCost()), Decimals.plain(r.value()),
                    r.negative());
        }
    }

    record BalancesResponse(Instant at, UUID storageId, List<BalanceResponse> items, int page, int size,
                            long totalItems, int totalPages, String totalValue, long negativeItems) {
    }

    record AmountResponse(String quantity, String stockQuantity, String value) {
        static AmountResponse of(Amount a, Unit unit) {
            return new AmountResponse(Decimals.plain(a.quantity()),
                    Decimals.plain(a.quantity().divide(unit.baseUnits(), java.math.MathContext.DECIMAL128)),
                    Decimals.plain(a.value()));
        }
    }

    record ItemReportResponse(UUID itemId, String itemName, String unit, AmountResponse opening,
                              Map<Kind, AmountResponse> in, AmountResponse inTotal, Map<Kind, AmountResponse> out,
                              AmountResponse outTotal, AmountResponse closing) {
        static ItemReportResponse of(StockBalances.ItemReport r) {
            Unit unit = r.item().stockUnit();
            Map<Kind, AmountResponse> in = new LinkedHashMap<>();
            Map<Kind, AmountResponse> out = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                if (kind.incoming()) {
                    in.put(kind, AmountResponse.of(r.of(kind), unit));
                } else {
                    out.put(kind, AmountResponse.of(r.of(kind).negate(), unit));
                }
            }
            return new ItemReportResponse(r.item().id(), r.item().name(), unit.symbol(),
                    AmountResponse.of(r.opening(), unit), in, AmountResponse.of(r.in(), unit), out,
                    AmountResponse.of(r.out(), unit), AmountResponse.of(r.closing(), unit));
        }
    }

    record LineResponse(UUID id, Instant moment, Kind kind, String documentKind, UUID documentId, UUID storageId,
                        String quantity, String value, boolean revalued, String balanceQuantity,
                        String balanceValue) {
        static LineResponse of(StockBalances.Line l) {
            return new LineResponse(l.movementId(), l.moment(), l.kind(), l.documentKind(), l.documentId(),
                    l.storageId(), Decimals.plain(l.quantity()), Decimals.plain(l.value()), l.revalued(),
                    Decimals.plain(l.balance().quantity()), Decimals.plain(l.balance().value()));
        }
    }

    record MovementReportResponse(UUID storageId, Instant from, Instant to, List<ItemReportResponse> items,
                                  List<LineResponse> movements) {
    }

    record MinimumResponse(UUID id, UUID itemId, String itemName, UUID storageId, String storageName,
                           String quantity, String stockQuantity, String unit) {
        static MinimumResponse of(StockMinimums.Minimum m) {
            return new MinimumResponse(m.id(), m.item().id(), m.item().name(), m.storageId(), m.storageName(),
                    Decimals.plain(m.quantity()), Decimals.plain(m.stockQuantity()), m.item().stockUnit().symbol());
        }
    }

    /**
     * {@code quantity} in {@code unit} (g, kg, ml, l, pcs; the item's base unit when absent); null or 0 removes the
     * minimum. {@code storageId} null: the minimum of the item's total over all storages.
     */
    record MinimumRequest(@NotNull UUID itemId, UUID storageId, BigDecimal quantity, String unit) {
    }

    record MinimumsRequest(@NotNull @Valid List<@Valid MinimumRequest> minimums) {
    }

    record BelowResponse(UUID itemId, String itemName, UUID storageId, String storageName, String unit,
                         String minimum, String quantity, String missing) {
        static BelowResponse of(StockMinimums.Below b) {
            return new BelowResponse(b.minimum().item().id(), b.minimum().item().name(), b.minimum().storageId(),
                    b.minimum().storageName(), b.minimum().item().stockUnit().symbol(),
                    Decimals.plain(b.minimum().stockQuantity()), Decimals.plain(b.stockQuantity()),
                    Decimals.plain(b.stockMissing()));
        }
    }

    @GetMapping("/api/v1/stock/balances")
    @Operation(summary = "Balances of every item of a storage (or of every storage you may see) as of a moment",
            description = "One row per storage and item with a quantity or value other than zero. `at`: an instant "
                    + "(2026-03-01T10:00:00Z), a local date-time in the venue's time zone (2026-03-01T10:00) or a "
                    + "date (its end); now when absent. Sort by name, category, storage, quantity, unitCost, value. "
                    + "`totalValue` and `negativeItems` count every matching row, not only the page.")
    BalancesResponse balances(@RequestParam(required = false) UUID storageId,
                              @RequestParam(required = false) String at,
                              @Parameter(description = "part of the item's name") @RequestParam(required = false)
                              String q,
                              @RequestParam(required = false) String category,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size,
                              @RequestParam(required = false) String sort, CurrentUser me) {
        ZoneId zone = moments.zone(storageId, me);
        Instant moment = StockBalanceMoments.at(at, zone, clock.instant());
        StockBalances.Balances found = balances.balances(new StockBalances.BalanceQuery(storageId, moment, q,
                category), Paging.of(page, size, sort, StockBalances.SORTS, "name"));
        var rows = found.rows();
        return new BalancesResponse(found.at(), storageId, rows.getContent().stream().map(BalanceResponse::of)
                .toList(), rows.getNumber(), rows.getSize(), rows.getTotalElements(), rows.getTotalPages(),
                Decimals.plain(found.totalValue()), found.negativeRows());
    }

    @GetMapping("/api/v1/stock/movements")
    @Operation(summary = "Movement report: opening, in and out by kind, closing, and the item's movements",
            description = "Over `from` (inclusive) to `to` (exclusive; a date means the end of that day), of one "
                    + "item (`itemId`) or of every item, at one storage or every storage you may see. Corrections "
                    + "and cancellations count with the kind of the movement they set right. `movements` lists the "
                    + "item's movements (only with `itemId`) with corrections folded in and the balance after each; "
                    + "cancelled ones are left out.")
    MovementReportResponse movements(@RequestParam(required = false) UUID itemId,
                                     @RequestParam(required = false) UUID storageId,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to, CurrentUser me) {
        ZoneId zone = moments.zone(storageId, me);
        StockBalances.MovementReport report = balances.movements(storageId, itemId,
                StockBalanceMoments.from(from, zone), StockBalanceMoments.to(to, zone));
        return new MovementReportResponse(storageId, report.from(), report.to(),
                report.items().stream().map(ItemReportResponse::of).toList(),
                report.lines().stream().map(LineResponse::of).toList());
    }

    @GetMapping("/api/v1/stock/minimums")
    @Operation(summary = "Minimum levels: per item, for all storages together or for one storage")
    List<MinimumResponse> minimums() {
        return minimums.list().stream().map(MinimumResponse::of).toList();
    }

    @PutMapping("/api/v1/stock/minimums")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Set minimum levels (a quantity of 0 or null removes one); all or none",
            description = "Minimums not named stay as they are. Answers every minimum after the change.")
    List<MinimumResponse> setMinimums(@Valid @RequestBody MinimumsRequest request) {
        List<StockMinimums.Setting> settings = new ArrayList<>();
        for (int i = 0; i < request.minimums().size(); i++) {
            MinimumRequest m = request.minimums().get(i);
            Unit unit = m.unit() == null || m.unit().isBlank() ? null
                    : Decimals.unit("minimums[" + i + "].unit", m.unit());
            settings.add(new StockMinimums.Setting(m.itemId(), m.storageId(), m.quantity(), unit));
        }
        minimums.set(settings);
        return minimums();
    }

    @GetMapping("/api/v1/stock/below-minimum")
    @Operation(summary = "Items whose balance now is below their minimum, the largest shortfall first",
            description = "Quantities in the item's stock unit (kg, l, pcs).")
    List<BelowResponse> belowMinimum() {
        return minimums.belowMinimum().stream().map(BelowResponse::of).toList();
    }
}
