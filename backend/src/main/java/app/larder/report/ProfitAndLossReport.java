package app.larder.report;

import app.larder.finance.ProfitAndLoss;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The P&L of a period as finance computes it ({@link ProfitAndLoss}), one row a line in reading order: the section,
 * the line (categories indented by their depth) and the amount, costs as negative amounts so that each section's
 * lines add up to its total. The template sums nothing: the totals are rows, as on the page.
 */
@Component
class ProfitAndLossReport implements Report {

    private final ProfitAndLoss profitAndLoss;

    ProfitAndLossReport(ProfitAndLoss profitAndLoss) {
        this.profitAndLoss = profitAndLoss;
    }

    @Override
    public String name() {
        return "profit-and-loss";
    }

    @Override
    public Audience audience() {
        return Audience.FINANCIAL;
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("section", "report.column.section"), Column.text("line", "report.column.line"),
                Column.money("amount", "report.column.amount"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        // The request's period includes its last day; the P&L's end is exclusive.
        ProfitAndLoss.Report pnl = profitAndLoss.report(request.venueId(), request.from(), request.to().plusDays(1));
        Function<String, String> text = scope.text();
        List<Map<String, Object>> rows = new ArrayList<>();
        String revenue = text.apply("finance.pnl.revenue");
        add(rows, revenue, text.apply("finance.pnl.salesBeforeDiscounts"), pnl.sales().salesBeforeDiscounts());
        add(rows, revenue, text.apply("finance.pnl.discounts"), pnl.sales().discounts().negate());
        add(rows, revenue, text.apply("finance.pnl.refunds"), pnl.sales().refundsAmount().negate());
        add(rows, revenue, text.apply("finance.pnl.revenue"), pnl.revenue());
        String cost = text.apply("finance.pnl.costOfGoodsSold");
        add(rows, cost, text.apply("finance.pnl.costOfGoodsSold"), pnl.costOfGoodsSold().negate());
        add(rows, cost, text.apply("finance.pnl.grossProfit"), pnl.grossProfit());
        String losses = text.apply("finance.pnl.writeOffs");
        pnl.writeOffsByReason().forEach((reason, amount) ->
                add(rows, losses, "  " + text.apply("writeOff.reason." + reason), amount.negate()));
        add(rows, losses, text.apply("finance.pnl.writeOffs"), pnl.writeOffs().negate());
        add(rows, losses, text.apply("finance.pnl.shortages"), pnl.shortages().negate());
        add(rows, losses, text.apply("finance.pnl.surpluses"), pnl.surpluses());
        String expenses = text.apply("finance.pnl.expenses");
        for (ProfitAndLoss.CategoryLine line : ProfitAndLoss.Report.flat(pnl.expenses())) {
            add(rows, expenses, "  ".repeat(line.depth() + 1) + line.name(), line.total().negate());
        }
        add(rows, expenses, text.apply("finance.pnl.expenses"), pnl.expensesTotal().negate());
        String income = text.apply("finance.pnl.otherIncome");
        for (ProfitAndLoss.CategoryLine line : ProfitAndLoss.Report.flat(pnl.otherIncome())) {
            add(rows, income, "  ".repeat(line.depth() + 1) + line.name(), line.total());
        }
        add(rows, income, text.apply("finance.pnl.otherIncome"), pnl.otherIncomeTotal());
        add(rows, text.apply("finance.pnl.netProfit"), text.apply("finance.pnl.netProfit"), pnl.netProfit());
        return Rows.of(rows);
    }

    private static void add(List<Map<String, Object>> rows, String section, String line, BigDecimal amount) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("section", section);
        row.put("line", line);
        row.put("amount", amount);
        rows.add(row);
    }
}
