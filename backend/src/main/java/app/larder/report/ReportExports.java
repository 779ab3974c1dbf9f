package app.larder.report;

import app.larder.platform.NotFoundException;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports that run in the background: started at once with a job the user can follow (status, progress), the file
 * written to a folder on the server and offered for download when done, deleted with its job after
 * {@code larder.reports.keep} (a day). A job runs as the user who started it, with the venues they had then, in a
 * small pool of its own ({@code larder.reports.workers}); the rows are read in short transactions as the document is
 * filled. Only the user who started a job sees it; anyone else's, or another business's, is not found.
 */
@Service
public class ReportExports {

    private static final Logger log = LoggerFactory.getLogger(ReportExports.class);

    private final Reports reports;
    private final ReportExportRepository exports;
    private final TransactionTemplate transactions;
    private final TenantDirectory directory;
    private final Clock clock;
    private final Path folder;
    private final Duration keep;
    private final ExecutorService workers;

    ReportExports(Reports reports, ReportExportRepository exports, PlatformTransactionManager transactionManager,
                  TenantDirectory directory, Clock clock,
                  @Value("${larder.reports.directory:${java.io.tmpdir}/larder-reports}") Path folder,
                  @Value("${larder.reports.keep:P1D}") Duration keep,
                  @Value("${larder.reports.workers:2}") int workers) {
        this.reports = reports;
        this.exports = exports;
        this.transactions = new TransactionTemplate(transactionManager);
        this.directory = directory;
        this.clock = clock;
        this.folder = folder;
        this.keep = keep;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "report-export-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where a finished export's file lies, and what to call it. */
    public record ExportFile(Path path, String fileName, ReportFormat format) {
    }

    /**
     * Checks the request as the current user and queues it; answers the job at once. Call within the user's tenant
     * context and after checking the user's role may export the report.
     */
    public ReportExport start(ReportRequest request) {
        TenantContext.Actor actor = TenantContext.current()
                .orElseThrow(() -> new IllegalStateException("No user to export for"));
        Reports.Checked checked = reports.check(request);
        ReportExport export = transactions.execute(s -> exports.save(new ReportExport(Ids.next(), actor.userId(),
                request, checked.report().needsPeriod(), checked.format(), Reports.fileName(checked),
                clock.instant())));
        workers.submit(() -> TenantContext.runAs(actor, () -> run(export.getId(), checked)));
        return export;
    }

    /** A job of the current user. */
    public ReportExport get(UUID id) {
        UUID user = TenantContext.current().map(TenantContext.Actor::userId).orElse(null);
        return transactions.execute(s -> exports.findById(id)).map(e -> e.getUserId().equals(user) ? e : null)
                .orElseThrow(() -> new NotFoundException("report export", id));
    }

    /** The current user's latest jobs, newest first. */
    public List<ReportExport> mine(int limit) {
        UUID user = TenantContext.current().map(TenantContext.Actor::userId).orElse(null);
        return transactions.execute(s -> exports.findByUserIdOrderByCreatedAtDesc(user, Limit.of(limit)));
    }

    /** The file of a finished job of the current user; not found while it runs, after it failed or expired. */
    public ExportFile file(UUID id) {
        ReportExport export = get(id);
        Path path = pathOf(export.getId(), export.getFormat());
        if (export.getStatus() != ReportExport.Status.DONE || !Files.exists(path)) {
            throw new NotFoundException("report file", id);
        }
        return new ExportFile(path, export.getFileName(), export.getFormat());
    }

    private void run(UUID id, Reports.Checked checked) {
        update(id, ReportExport::running);
        Path target = pathOf(id, checked.format());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(folder);
            long rows;
            try (OutputStream out = Files.newOutputStream(partial)) {
                rows = reports.export(checked, out, (done, expected) -> update(id, e -> e.progressed(done,
                        expected <= 0 ? 0 : (int) (done * 100 / expected))));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            long size = Files.size(target);
            update(id, e -> e.done(rows, size, clock.instant()));
        } catch (Exception | LinkageError e) {
            // An export that fails says so, whatever broke: a job must never stay "running" for ever.
            log.warn("Report export {} ({}) failed", id, checked.report().name(), e);
            ReportDocuments.deleteQuietly(partial);
            update(id, x -> x.failed(e instanceof NotFoundException ? "report.failedNotFound" : "report.failed",
                    clock.instant()));
        }
    }

    private void update(UUID id, java.util.function.Consumer<ReportExport> change) {
        transactions.executeWithoutResult(s -> exports.findById(id).ifPresent(change));
    }

    private Path pathOf(UUID id, ReportFormat format) {
        return folder.resolve(id + "." + format.extension());
    }

    /**
     * Every hour, business by business, deletes the jobs older than {@code larder.reports.keep} with their files.
     */
    @Scheduled(fixedDelayString = "${larder.reports.clean-every:PT1H}",
            initialDelayString = "${larder.reports.clean-after-start:PT5M}")
    public void deleteOld() {
        Instant before = clock.instant().minus(keep);
        for (UUID tenant : directory.tenants()) {
            try {
                TenantContext.runAs(TenantContext.Actor.system(tenant), () -> transactions.executeWithoutResult(s -> {
                    for (ReportExport old : exports.findByCreatedAtBefore(before)) {
                        ReportDocuments.deleteQuietly(pathOf(old.getId(), old.getFormat()));
                        exports.delete(old);
                    }
                }));
            } catch (RuntimeException e) {
                log.warn("Could not delete old report exports of business {}", tenant, e);
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    interface ReportExportRepository extends JpaRepository<ReportExport, UUID> {

        List<ReportExport> findByUserIdOrderByCreatedAtDesc(UUID userId, Limit limit);

        List<ReportExport> findByCreatedAtBefore(Instant before);
    }
}
