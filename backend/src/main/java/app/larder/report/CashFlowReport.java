package app.larder.report;

import app.larder.finance.CashFlow;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cash flow by account over a period as finance computes it ({@link CashFlow}): opening, in, out and closing per
 * account; the template's sums are the business's (or the venue's) totals, and each closing is the account's
 * balance at the end of the period.
 */
@Component
class CashFlowReport implements Report {

    private final CashFlow cashFlow;

    CashFlowReport(CashFlow cashFlow) {
        this.cashFlow = cashFlow;
    }

    @Override
    public String name() {
        return "cash-flow";
    }

    @Override
    public Audience audience() {
        return Audience.FINANCIAL;
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("account", "report.column.account"), Column.text("kind", "report.column.kind"),
                Column.money("opening", "report.column.opening"), Column.money("in", "report.column.moneyIn"),
                Column.money("out", "report.column.moneyOut"), Column.money("closing", "report.column.closing"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        return Rows.of(cashFlow.of(request.from(), request.to(), request.venueId()).lines().stream().map(line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account", line.name());
            row.put("kind", scope.text().apply("finance.account.kind." + line.kind().name()));
            row.put("opening", line.opening());
            row.put("in", line.in());
            row.put("out", line.out());
            row.put("closing", line.closing());
            return row;
        }).toList());
    }
}
