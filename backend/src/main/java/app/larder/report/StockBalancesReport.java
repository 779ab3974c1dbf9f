package app.larder.report;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.stock.StockBalances;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** What is in stock as of a moment, per storage and item, valued at the storage's average; the total value. */
@Component
class StockBalancesReport implements Report {

    private final StockBalances balances;
    private final Storages storages;

    StockBalancesReport(StockBalances balances, Storages storages) {
        this.balances = balances;
        this.storages = storages;
    }

    @Override
    public String name() {
        return "stock-balances";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public boolean needsPeriod() {
        return false;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("storageId", "at");
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("storage", "report.column.storage"), Column.text("item", "report.column.item"),
                Column.text("category", "report.column.category"),
                Column.quantity("quantity", "report.column.quantity"), Column.text("unit", "report.column.unit"),
                Column.money("unitCost", "report.column.unitCost"), Column.money("value", "report.column.value"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        UUID storageId = request.id("storageId");
        Set<UUID> ofVenue = request.venueId() == null || storageId != null ? null
                : storages.ofVenue(request.venueId()).stream().map(Storage::getId).collect(Collectors.toSet());
        StockBalances.Balances found = balances.balances(new StockBalances.BalanceQuery(storageId, scope.at(), null,
                null), Pageable.unpaged(Sort.by("storage", "name")));
        return Rows.of(found.rows().stream().filter(r -> ofVenue == null || ofVenue.contains(r.storageId()))
                .map(r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("storage", r.storageName());
                    row.put("item", r.item().name());
                    row.put("category", r.item().category());
                    row.put("quantity", r.stockQuantity());
                    row.put("unit", r.item().stockUnit().symbol());
                    row.put("unitCost", r.unitCost());
                    row.put("value", r.value());
                    return row;
                }).toList());
    }
}
