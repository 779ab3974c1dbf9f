package app.larder.report;

import app.larder.pos.ReceiptJournal;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every receipt of a period in the order it was closed, with its revenue (a refund negative), cost and gross
 * profit. Read a thousand at a time after the last one read: a year of receipts streams into the document.
 */
@Component
class ReceiptsReport implements Report {

    static final int PAGE = 1000;

    private final ReceiptJournal journal;

    ReceiptsReport(ReceiptJournal journal) {
        this.journal = journal;
    }

    @Override
    public String name() {
        return "receipts";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("closedAt", "report.column.closedAt"),
                Column.text("number", "report.column.number"), Column.text("venue", "report.column.venue"),
                Column.text("waiter", "report.column.waiter"), Column.text("payment", "report.column.payment"),
                Column.text("kind", "report.column.kind"), Column.money("revenue", "report.column.revenue"),
                Column.money("cost", "report.column.cost"), Column.money("grossProfit", "report.column.grossProfit"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        long expected = journal.count(request.venueId(), request.from(), request.to());
        String sale = scope.text().apply("report.kind.sale");
        String refund = scope.text().apply("report.kind.refund");
        return Rows.inPages(expected, last -> {
            ReceiptJournal.Cursor after = last == null ? null : (ReceiptJournal.Cursor) last.get("cursor");
            List<ReceiptJournal.Entry> page = journal.page(request.venueId(), request.from(), request.to(), after,
                    PAGE);
            return page.isEmpty() ? null : page.stream().map(e -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("closedAt", SuppliesReport.DAY_AND_TIME.format(e.closedAtLocal()));
                row.put("number", e.number());
                row.put("venue", e.venueName());
                row.put("waiter", e.waiter());
                row.put("payment", String.join(", ", e.paymentMethods().stream()
                        .map(m -> scope.text().apply("sales.method." + m)).toList()));
                row.put("kind", e.refund() ? refund : sale);
                row.put("revenue", e.revenue());
                row.put("cost", e.cost());
                row.put("grossProfit", e.grossProfit());
                row.put("cursor", e.cursor());
                return row;
            }).toList();
        });
    }
}
