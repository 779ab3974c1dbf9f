package app.larder.pos.web;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.pos.CashShifts;
import app.larder.pos.SalesReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Page;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Sales as terminals pushed them: receipts with filters and totals, one receipt with what it wrote off and its gross
 * profit, cash shifts, and the figures of a day. Owners, managers and accountants read them; a user limited to some
 * venues sees only theirs. Money is a decimal string with at least the currency's minor unit, never rounded here.
 */
@RestController
@Tag(name = "Sales")
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER', 'ACCOUNTANT')")
class SalesApi {

    private final SalesReports reports;

    SalesApi(SalesReports reports) {
        this.reports = reports;
    }

    record ReceiptRow(UUID id, String number, Instant closedAt, LocalDateTime localClosedAt, UUID venueId,
                      String venueName, UUID deviceId, String deviceName, String waiter, boolean refund,
                      UUID refundOf, List<String> paymentMethods, String total, String revenue, String cost,
                      String grossProfit) {
    }

    record TotalsResponse(long receipts, long sales, long refunds, String salesAmount, String refundsAmount,
                          String revenue, String cost, String grossProfit) {
    }

    /** A page of receipts and the sums over everything the filters find. */
    record ReceiptPage(List<ReceiptRow> items, int page, int size, long totalItems, int totalPages,
                       TotalsResponse totals) {
    }

    record ModifierResponse(UUID optionId, String name, String group, String quantity, String priceDelta) {
    }

    record LineResponse(int position, UUID menuItemId, String name, String quantity, String unitPrice,
                        List<ModifierResponse> modifiers, String discount, String amount) {
    }

    record PaymentResponse(String method, String amount) {
    }

    record LinkResponse(UUID id, String number, Instant closedAt, String total) {
    }

    /** {@code quantity} in the ingredient's base unit ({@code unit}: g, ml or pcs); a refund's return is negative. */
    record WrittenOffResponse(UUID ingredientId, String ingredientName, String quantity, String unit,
                              UUID storageId, String storageName, String cost) {
    }

    record ReceiptResponse(UUID id, String number, Instant openedAt, Instant closedAt, LocalDateTime localClosedAt,
                           String timezone, UUID venueId, String venueName, UUID deviceId, String deviceName,
                           UUID shiftId, String waiter, UUID customerId, boolean refund, LinkResponse refundOf,
                           List<LinkResponse> refunds, List<LineResponse> lines, List<PaymentResponse> payments,
                           String discount, String total, String revenue, List<WrittenOffResponse> writtenOff,
                           String cost, String grossProfit, Instant receivedAt) {
    }

    /** Amounts null where the event has not arrived: {@code countedCash} and {@code discrepancy} while open. */
    record ShiftResponse(UUID shiftId, UUID venueId, String venueName, Instant openedAt, Instant closedAt,
                         String openingCash, String cashSales, String cashRefunds, String cashIn, String cashOut,
                         String expectedCash, String countedCash, String discrepancy, int cashReceipts) {
    }

    record ShiftEventResponse(UUID id, String type, Instant at, String amount, String comment, String deviceName) {
    }

    record ShiftDetailResponse(ShiftResponse shift, List<ShiftEventResponse> events) {
    }

    record TopItemResponse(UUID menuItemId, String name, String quantity, String revenue) {
    }

    record HourResponse(int hour, String revenue, long receipts) {
    }

    record DayResponse(LocalDate date, UUID venueId, long receipts, long refunds, String salesAmount,
                       String refundsAmount, String revenue, String averageCheck, String cost, String grossProfit,
                       List<TopItemResponse> topItems, List<HourResponse> revenueByHour) {
    }

    @GetMapping("/api/v1/receipts")
    @Operation(summary = "Receipts by venue, period (dates in each venue's time zone, both inclusive), device, "
            + "waiter (a part of the name), payment method (cash, card, other), total from/to, type (all, sales, "
            + "refunds), number (q) and shift; sorted by closedAt (default, newest first), total or number; with the "
            + "totals of everything the filters find: revenue = sales − refunds, cost, gross profit")
    ReceiptPage list(@RequestParam(required = false) UUID venueId, @RequestParam(required = false) LocalDate from,
                     @RequestParam(required = false) LocalDate to, @RequestParam(required = false) UUID deviceId,
                     @RequestParam(required = false) String waiter,
                     @RequestParam(required = false) String paymentMethod,
                     @RequestParam(required = false) BigDecimal amountFrom,
                     @RequestParam(required = false) BigDecimal amountTo,
                     @RequestParam(required = false) String type, @RequestParam(required = false) String q,
                     @RequestParam(required = false) UUID shiftId, @RequestParam(required = false) Integer page,
                     @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
                     CurrentUser me) {
        SalesReports.ReceiptQuery query = new SalesReports.ReceiptQuery(venueId, from, to, deviceId, waiter,
                paymentMethod, amountFrom, amountTo, kind(type), q, shiftId);
        SalesReports.ReceiptPage found = reports.receipts(query,
                Paging.of(page, size, sort, SalesReports.SORTS.keySet(), "closedAt,desc"));
        Currency currency = me.currency();
        Page<SalesReports.ReceiptRow> rows = found.rows();
        return new ReceiptPage(rows.getContent().stream().map(r -> new ReceiptRow(r.id(), r.number(), r.closedAt(),
                r.closedAtLocal(), r.venueId(), r.venueName(), r.deviceId(), r.deviceName(), r.waiter(), r.refund(),
                r.refundOf(), r.paymentMethods(), money(r.total(), currency), money(r.revenue(), currency),
                money(r.cost(), currency), money(r.grossProfit(), currency))).toList(), rows.getNumber(),
                rows.getSize(), rows.getTotalElements(), rows.getTotalPages(), totals(found.totals(), currency));
    }

    @GetMapping("/api/v1/receipts/{id}")
    @Operation(summary = "A receipt: lines with options and discounts, payments, device, shift, refunds of it or the "
            + "receipt it refunds, the ingredients it wrote off with their cost (as the ledger values them now), and "
            + "its gross profit")
    ReceiptResponse get(@PathVariable UUID id, CurrentUser me) {
        SalesReports.ReceiptDetail r = reports.receipt(id);
        Currency currency = me.currency();
        return new ReceiptResponse(r.id(), r.number(), r.openedAt(), r.closedAt(), r.closedAtLocal(),
                r.zone().getId(), r.venueId(), r.venueName(), r.deviceId(), r.deviceName(), r.shiftId(), r.waiter(),
                r.customerId(), r.refund(), link(r.refundOf(), currency),
                r.refunds().stream().map(l -> link(l, currency)).toList(),
                r.lines().stream().map(l -> new LineResponse(l.position(), l.menuItemId(), l.itemName(),
                        Decimals.plain(l.quantity()), money(l.unitPrice(), currency),
                        l.modifiers().stream().map(m -> new ModifierResponse(m.optionId(), m.optionName(),
                                m.groupName(), Decimals.plain(m.quantity()), money(m.priceDelta(), currency)))
                                .toList(), money(l.discount(), currency), money(l.amount(), currency))).toList(),
                r.payments().stream().map(p -> new PaymentResponse(p.method(), money(p.amount(), currency))).toList(),
                money(r.discount(), currency), money(r.total(), currency), money(r.revenue(), currency),
                r.writtenOff().stream().map(w -> new WrittenOffResponse(w.ingredientId(), w.ingredientName(),
                        Decimals.plain(w.quantity()), w.unit().symbol(), w.storageId(), w.storageName(),
                        money(w.value(), currency))).toList(),
                money(r.cost(), currency), money(r.grossProfit(), currency), r.receivedAt());
    }

    @GetMapping("/api/v1/cash-shifts")
    @Operation(summary = "Cash shifts open at some time in a period (dates in the venue's time zone, or the "
            + "business's without a venue; the last 7 days by default), newest first, with the expected cash and "
            + "the discrepancy (counted − expected: below zero, cash missing)")
    List<ShiftResponse> shifts(@RequestParam(required = false) UUID venueId,
                               @RequestParam(required = false) LocalDate from,
                               @RequestParam(required = false) LocalDate to, CurrentUser me) {
        LocalDate end = to != null ? to : reports.today(venueId);
        LocalDate start = from != null ? from : end.minusDays(6);
        Currency currency = me.currency();
        return reports.shifts(venueId, start, end).stream().map(row -> shift(row, currency)).toList();
    }

    @GetMapping("/api/v1/cash-shifts/{id}")
    @Operation(summary = "One cash shift with every event its till sent (opening, cash in and out with their "
            + "comments, the close), in the order they happened")
    ShiftDetailResponse shift(@PathVariable UUID id, CurrentUser me) {
        SalesReports.ShiftDetail detail = reports.shift(id)
                .orElseThrow(() -> new NotFoundException("cash shift", id));
        Currency currency = me.currency();
        return new ShiftDetailResponse(shift(detail.row(), currency), detail.events().stream()
                .map(e -> new ShiftEventResponse(e.event().id(), e.event().type(), e.event().at(),
                        money(e.event().amount(), currency), e.event().comment(), e.event().deviceName()))
                .toList());
    }

    private static ShiftResponse shift(SalesReports.ShiftRow row, Currency currency) {
        CashShifts.Shift s = row.shift();
        return new ShiftResponse(s.shiftId(), s.venueId(), row.venueName(), s.openedAt(), s.closedAt(),
                money(s.openingCash(), currency), money(s.cashSales(), currency),
                money(s.cashRefunds(), currency), money(s.cashIn(), currency), money(s.cashOut(), currency),
                money(s.expectedCash(), currency), money(s.countedCash(), currency),
                money(s.discrepancy(), currency), s.receipts());
    }

    @GetMapping("/api/v1/sales/today")
    @Operation(summary = "The figures of one day (today by default, in the venue's time zone, or the business's "
            + "without a venue): revenue (sales − refunds), receipts, average check (sales ÷ their number), cost, "
            + "gross profit, the top 10 items by revenue and the revenue of each local hour 0–23")
    DayResponse today(@RequestParam(required = false) UUID venueId, @RequestParam(required = false) LocalDate date,
                      CurrentUser me) {
        SalesReports.Dashboard d = reports.dashboard(venueId, date);
        Currency currency = me.currency();
        SalesReports.Totals t = d.totals();
        return new DayResponse(d.date(), d.venueId(), t.sales(), t.refunds(), money(t.salesAmount(), currency),
                money(t.refundsAmount(), currency), money(t.revenue(), currency), money(d.averageCheck(), currency),
                money(t.cost(), currency), money(t.grossProfit(), currency),
                d.topItems().stream().map(i -> new TopItemResponse(i.menuItemId(), i.name(),
                        Decimals.plain(i.quantity()), money(i.revenue(), currency))).toList(),
                d.byHour().stream().map(h -> new HourResponse(h.hour(), money(h.revenue(), currency), h.receipts()))
                        .toList());
    }

    /** all, sales or refunds (any case); missing is all. */
    static SalesReports.Kind kind(String type) {
        if (type == null || type.isBlank()) {
            return SalesReports.Kind.ALL;
        }
        try {
            return SalesReports.Kind.valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("type", "sales.receiptType");
        }
    }

    static TotalsResponse totals(SalesReports.Totals t, Currency currency) {
        return new TotalsResponse(t.receipts(), t.sales(), t.refunds(), money(t.salesAmount(), currency),
                money(t.refundsAmount(), currency), money(t.revenue(), currency), money(t.cost(), currency),
                money(t.grossProfit(), currency));
    }

    private static LinkResponse link(SalesReports.ReceiptLink link, Currency currency) {
        return link == null ? null : new LinkResponse(link.id(), link.number(), link.closedAt(),
                money(link.total(), currency));
    }

    private static String money(BigDecimal value, Currency currency) {
        return Decimals.money(value, currency);
    }
}
