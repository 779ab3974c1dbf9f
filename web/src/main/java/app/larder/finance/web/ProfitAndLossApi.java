package app.larder.finance.web;

import app.larder.finance.ProfitAndLoss;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Decimals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The P&L as JSON, for owners and accountants (an accountant limited to some venues reads those). Money is
 * a decimal string with at least the currency's minor unit, exact, never rounded here; a bad period is 422 and an
 * unknown venue 404, both problem+json.
 */
@RestController
@Tag(name = "Finance")
@PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
class ProfitAndLossApi {

    private final ProfitAndLoss pnl;

    ProfitAndLossApi(ProfitAndLoss pnl) {
        this.pnl = pnl;
    }

    /** A finance category with its own sum and the subtotal of everything under it. */
    record CategoryResponse(UUID id, String name, String amount, String total, List<CategoryResponse> children) {
    }

    record SalesResponse(long receipts, long sales, long refunds, String salesBeforeDiscounts, String discounts,
                         String salesAmount, String refundsAmount) {
    }

    record StockResponse(String salesWriteOffs, String returnedByRefunds, String writeOffs,
                         Map<String, String> writeOffsByReason, String stocktakeShortages,
                         String stocktakeSurpluses, String stockLosses) {
    }

    record PnlResponse(LocalDate from, LocalDate to, UUID venueId, String currency, String revenue,
                       SalesResponse sales, String costOfGoodsSold, String grossProfit, String grossMarginPercent,
                       StockResponse stock, String expensesTotal, List<CategoryResponse> expenses,
                       String otherIncomeTotal, List<CategoryResponse> otherIncome, String netProfit) {
    }

    @GetMapping("/api/v1/finance/pnl")
    @Operation(summary = "Profit and loss of a period [from, to) in local dates (each venue's time zone; the "
            + "current month of the business by default), of one venue or of every venue the user sees: revenue "
            + "(sales − refunds, net of discounts), cost of goods sold (sales write-offs − refunds returned to "
            + "stock), gross profit and margin, write-offs by reason, stocktake shortages and surpluses, expenses and "
            + "other income by finance category with subtotals, net profit")
    PnlResponse get(@Parameter(description = "first day, inclusive") @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @Parameter(description = "the day after the last, exclusive") @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    @RequestParam(required = false) UUID venueId, CurrentUser me) {
        if (from == null && to == null) {
            from = LocalDate.now(me.timezone()).withDayOfMonth(1);
            to = from.plusMonths(1);
        }
        ProfitAndLoss.Report r = pnl.report(venueId, from, to);
        Currency c = r.currency();
        var s = r.sales();
        var stock = r.stock();
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        r.writeOffsByReason().forEach((reason, value) -> reasons.put(reason, money(value, c)));
        return new PnlResponse(r.from(), r.to(), r.venueId(), c.getCurrencyCode(), money(r.revenue(), c),
                new SalesResponse(s.receipts(), s.sales(), s.refunds(), money(s.salesBeforeDiscounts(), c),
                        money(s.discounts(), c), money(s.salesAmount(), c), money(s.refundsAmount(), c)),
                money(r.costOfGoodsSold(), c), money(r.grossProfit(), c), Decimals.plain(r.grossMargin()),
                new StockResponse(money(stock.salesWriteOffs(), c), money(stock.returnedByRefunds(), c),
                        money(r.writeOffs(), c), reasons, money(r.shortages(), c), money(r.surpluses(), c),
                        money(r.stockLosses(), c)),
                money(r.expensesTotal(), c), categories(r.expenses(), c), money(r.otherIncomeTotal(), c),
                categories(r.otherIncome(), c), money(r.netProfit(), c));
    }

    private static List<CategoryResponse> categories(List<ProfitAndLoss.CategoryLine> lines, Currency c) {
        return lines.stream().map(l -> new CategoryResponse(l.id(), l.name(), money(l.own(), c), money(l.total(), c),
                categories(l.children(), c))).toList();
    }

    private static String money(BigDecimal value, Currency currency) {
        return Decimals.money(value, currency);
    }
}
