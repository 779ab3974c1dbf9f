package app.larder.report;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.stock.StockBalances;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Per item over a period: opening balance, what came in, what went out and the closing balance, in quantity (the
 * item's stock unit) and value. Opening + in − out = closing, per item and in the totals.
 */
@Component
class StockMovementReport implements Report {

    private final StockBalances balances;
    private final Storages storages;

    StockMovementReport(StockBalances balances, Storages storages) {
        this.balances = balances;
        this.storages = storages;
    }

    @Override
    public String name() {
        return "stock-movement";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("storageId", "itemId");
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("item", "report.column.item"), Column.text("unit", "report.column.unit"),
                Column.quantity("openingQuantity", "report.column.openingQuantity"),
                Column.money("openingValue", "report.column.openingValue"),
                Column.quantity("inQuantity", "report.column.inQuantity"),
                Column.money("inValue", "report.column.inValue"),
                Column.quantity("outQuantity", "report.column.outQuantity"),
                Column.money("outValue", "report.column.outValue"),
                Column.quantity("closingQuantity", "report.column.closingQuantity"),
                Column.money("closingValue", "report.column.closingValue"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        UUID storageId = request.id("storageId");
        UUID itemId = request.id("itemId");
        List<StockBalances.MovementReport> reports = new ArrayList<>();
        if (storageId == null && request.venueId() != null) {
            for (Storage storage : storages.ofVenue(request.venueId())) {
                reports.add(balances.movements(storage.getId(), itemId, scope.start(), scope.end()));
            }
        } else {
            reports.add(balances.movements(storageId, itemId, scope.start(), scope.end()));
        }
        // One row per item, its storages added up; by name as the ledger's reports sort.
        Map<String, Sums> byItem = new TreeMap<>();
        for (StockBalances.MovementReport report : reports) {
            for (StockBalances.ItemReport item : report.items()) {
                byItem.computeIfAbsent(item.item().name() + "\u0000" + item.item().id(), k -> new Sums(item.item()))
                        .add(item);
            }
        }
        return Rows.of(byItem.values().stream().map(Sums::row).toList());
    }

    private static final class Sums {
        private final StockBalances.Item item;
        private StockBalances.Amount opening = StockBalances.Amount.ZERO;
        private StockBalances.Amount in = StockBalances.Amount.ZERO;
        private StockBalances.Amount out = StockBalances.Amount.ZERO;
        private StockBalances.Amount closing = StockBalances.Amount.ZERO;

        Sums(StockBalances.Item item) {
            this.item = item;
        }

        void add(StockBalances.ItemReport report) {
            opening = opening.plus(report.opening());
            in = in.plus(report.in());
            out = out.plus(report.out());
            closing = closing.plus(report.closing());
        }

        Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("item", item.name());
            row.put("unit", item.stockUnit().symbol());
            row.put("openingQuantity", stock(opening.quantity()));
            row.put("openingValue", opening.value());
            row.put("inQuantity", stock(in.quantity()));
            row.put("inValue", in.value());
            row.put("outQuantity", stock(out.quantity()));
            row.put("outValue", out.value());
            row.put("closingQuantity", stock(closing.quantity()));
            row.put("closingValue", closing.value());
            return row;
        }

        private BigDecimal stock(BigDecimal base) {
            return base.divide(item.stockUnit().baseUnits(), MathContext.DECIMAL128);
        }
    }
}
