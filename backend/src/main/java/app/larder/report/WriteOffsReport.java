package app.larder.report;

import app.larder.business.Storages;
import app.larder.stock.WriteOff;
import app.larder.stock.WriteOffs;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The posted write-offs of a period, oldest first, with what each cost as the ledger values it now. */
@Component
class WriteOffsReport implements Report {

    private final WriteOffs writeOffs;
    private final Storages storages;

    WriteOffsReport(WriteOffs writeOffs, Storages storages) {
        this.writeOffs = writeOffs;
        this.storages = storages;
    }

    @Override
    public String name() {
        return "write-offs";
    }

    @Override
    public Audience audience() {
        return Audience.OPERATIONAL;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("storageId");
    }

    @Override
    public List<Column> columns() {
        return List.of(Column.text("date", "report.column.date"), Column.text("storage", "report.column.storage"),
                Column.text("comment", "report.column.comment"), Column.number("lines", "report.column.lines"),
                Column.money("total", "report.column.cost"));
    }

    @Override
    public Rows rows(ReportRequest request, ReportScope scope) {
        UUID storageId = request.id("storageId");
        Set<UUID> ofVenue = new HashSet<>();
        storages.search(new Storages.StorageQuery(request.venueId(), null, true), Pageable.unpaged())
                .forEach(s -> ofVenue.add(s.getId()));
        WriteOffs.Query query = new WriteOffs.Query(scope.start(), scope.end(), storageId, WriteOff.Status.POSTED,
                null, null);
        long expected = writeOffs.search(query, PageRequest.of(0, 1)).count();
        AtomicInteger page = new AtomicInteger();
        return Rows.inPages(expected, last -> {
            List<WriteOffs.Row> found = writeOffs.search(query, PageRequest.of(page.getAndIncrement(),
                    SuppliesReport.PAGE, Sort.by("writtenOffAt"))).page().getContent();
            return found.isEmpty() ? null : found.stream().filter(w -> ofVenue.contains(w.storageId()))
                .map(w -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("date", SuppliesReport.DAY_AND_TIME.format(LocalDateTime.ofInstant(w.writtenOffAt(),
                            scope.zone())));
                    row.put("storage", w.storageName());
                    row.put("comment", w.comment());
                    row.put("lines", w.lineCount());
                    row.put("total", w.total());
                    return row;
                }).toList();
        });
    }
}
