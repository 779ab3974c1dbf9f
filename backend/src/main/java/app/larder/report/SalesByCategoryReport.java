package app.larder.report;

import app.larder.pos.SalesByItem;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Each menu category's portions and money over a period, refunds taken off; largest revenue first. */
@Component
class SalesByCategoryReport implements Report {

    private final SalesByItem sales;

    SalesByCategoryReport(SalesByItem sales) {
        this.sales = sales;
    }

    @Override
    public String name() {
        return "sales-by-category";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("category", "report.column.category"),
                Column.quantity("quantity", "report.column.quantitySold"),
                Column.money("salesAmount", "report.column.salesAmount"),
                Column.money("refundsAmount", "report.column.refundsAmount"),
                Column.money("revenue", "report.column.revenue"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        return Rows.of(sales.categories(request.venueId(), request.from(), request.to()).stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("category", s.category() == null ? scope.text().apply("report.deletedItem") : s.category());
            row.put("quantity", s.quantity());
            row.put("salesAmount", s.salesAmount());
            row.put("refundsAmount", s.refundsAmount());
            row.put("revenue", s.revenue());
            return row;
        }).toList());
    }
}
