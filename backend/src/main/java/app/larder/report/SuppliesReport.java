package app.larder.report;

import app.larder.business.Storages;
import app.larder.stock.Supplier;
import app.larder.stock.Suppliers;
import app.larder.stock.Supplies;
import app.larder.stock.Supply;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** The posted supplies of a period, oldest first: supplier, storage, total, VAT, paid and still payable. */
@Component
class SuppliesReport implements Report {

    static final int PAGE = 500;
    static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Supplies supplies;
    private final Suppliers suppliers;
    private final Storages storages;

    SuppliesReport(Supplies supplies, Suppliers suppliers, Storages storages) {
        this.supplies = supplies;
        this.suppliers = suppliers;
        this.storages = storages;
    }

    @Override
    public String name() {
        return "supplies";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("storageId", "supplierId");
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("date", "report.column.date"), Column.text("invoice", "report.column.invoice"),
                Column.text("supplier", "report.column.supplier"), Column.text("storage", "report.column.storage"),
                Column.money("total", "report.column.total"), Column.money("vat", "report.column.vat"),
                Column.money("paid", "report.column.paid"), Column.money("payable", "report.column.payable"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        UUID storageId = request.id("storageId");
        UUID supplierId = request.id("supplierId");
        if (storageId != null) {
            storages.get(storageId);
        }
        if (supplierId != null) {
            suppliers.get(supplierId);
        }
        Map<UUID, String> storageNames = new HashMap<>();
        storages.search(new Storages.StorageQuery(request.venueId(), null, true), Pageable.unpaged())
                .forEach(s -> storageNames.put(s.getId(), s.getName()));
        Supplies.SupplyQuery query = new Supplies.SupplyQuery(scope.start(), scope.end(), storageId, supplierId,
                Supply.Status.POSTED, null, null);
        long expected = supplies.totals(query).count();
        AtomicInteger page = new AtomicInteger();
        return Rows.inPages(expected, last -> {
            Page<Supply> found = supplies.search(query, PageRequest.of(page.getAndIncrement(), PAGE,
                    Sort.by("suppliedAt", "id")));
            if (found.isEmpty()) {
                return null;
            }
            Map<UUID, Supplier> names = suppliers.byId(found.getContent().stream().map(Supply::getSupplierId)
                    .collect(Collectors.toSet()));
            // Supplies into storages of another venue than the one asked for are left out.
            return found.getContent().stream().filter(s -> storageNames.containsKey(s.getStorageId())).map(s -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("date", DAY_AND_TIME.format(LocalDateTime.ofInstant(s.getSuppliedAt(), scope.zone())));
                row.put("invoice", s.getInvoiceNumber());
                Supplier supplier = names.get(s.getSupplierId());
                row.put("supplier", supplier == null ? null : supplier.getName());
                row.put("storage", storageNames.get(s.getStorageId()));
                row.put("total", s.getTotal());
                row.put("vat", s.getVatTotal());
                row.put("paid", s.getAmountPaid());
                row.put("payable", s.getPayable());
                return row;
            }).toList();
        });
    }
}
