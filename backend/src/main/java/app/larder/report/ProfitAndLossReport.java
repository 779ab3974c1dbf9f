package app.larder.report;

import app.larder.finance.ProfitAndLoss;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The P&L of a period as finance computes and lays it out ({@link ProfitAndLoss#lines}, as on the page), one row a
 * line: the section, the line (indented by its depth) and the amount, costs negative. The template sums nothing:
 * the totals are rows of their own.
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
        // The page's layout, this period's column only (the previous one is the same report, unused).
        return Rows.of(ProfitAndLoss.lines(pnl, pnl).stream().map(line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("section", text.apply("finance.pnl." + line.section()));
            row.put("line", "  ".repeat(line.depth())
                    + (line.labelKey() != null ? text.apply(line.labelKey()) : line.name()));
            row.put("amount", line.current());
            return row;
        }).toList());
    }
}
