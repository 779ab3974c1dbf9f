package app.larder.bench;

import app.larder.business.Businesses;
import app.larder.platform.tenancy.TenantContext;
import app.larder.report.ExportProgress;
import app.larder.report.ReportRequest;
import app.larder.report.Reports;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The report export benchmark of issue 6: the receipts report as a PDF of 1,000, 10,000 and 50,000 rows, filled
 * from {@code ReceiptJournal} a page at a time with Jasper's swap-file virtualizer, timed end to end (rows read,
 * document filled and written) and with the heap watched meanwhile: the peak used heap (sampled every 20 ms) and
 * the pools' own peaks. Run with a small heap to show that memory stays flat as the rows grow; the target is the
 * 10,000-row PDF under 10 s. The receipts are made with set-based SQL as the tenant, one every ten minutes of 2025
 * (50,000 fill the year); the time to read the rows alone is shown beside each export.
 */
@SpringBootApplication(scanBasePackages = "app.larder")
public class ExportBenchmark {

    /** The first run warms the JVM and Jasper up (fonts, extensions, JIT) and is shown apart. */
    private static final int[] SIZES = {1_000, 1_000, 10_000, 50_000};

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("larder-bench-pg-");
        SpringApplication application = new SpringApplication(ExportBenchmark.class);
        application.setDefaultProperties(Map.of("larder.database.embedded.data-dir", dataDir.toString(),
                "larder.reports.clean-after-start", "PT24H"));
        boolean ok = true;
        try (ConfigurableApplicationContext context = application.run(args)) {
            System.out.printf("Machine: %d cores, max heap %d MiB, load %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            Businesses businesses = context.getBean(Businesses.class);
            Businesses.SignedUp cafe = businesses.signUp(new Businesses.NewBusiness("Кафе «Бенч»", "Bench Owner",
                    "owner@export.bench.larder.app", "bench-password-1", "UAH", "Europe/Kyiv", "en"));
            TenantContext.Actor owner = new TenantContext.Actor(cafe.tenantId(), cafe.ownerId(), "bench", null);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            TransactionTemplate transactions = new TransactionTemplate(
                    context.getBean(PlatformTransactionManager.class));
            Reports reports = context.getBean(Reports.class);
            Path out = Files.createDirectories(Path.of("target/bench"));
            int made = 0;
            boolean warm = false;
            for (int size : SIZES) {
                int from = made;
                TenantContext.runAs(owner, () -> transactions.executeWithoutResult(s ->
                        receipts(jdbc, cafe.tenantId(), cafe.venueId(), from, size - from)));
                made = size;
                // The year the receipts fall in; each size adds receipts after the last ones.
                ReportRequest request = new ReportRequest("receipts", "PDF", LocalDate.of(2025, 1, 1),
                        LocalDate.of(2025, 12, 31), null, Map.of());
                long reading = System.nanoTime();
                long read = TenantContext.callAs(owner, () -> {
                    Reports.Checked checked = reports.check(request);
                    long n = 0;
                    for (var rows = checked.report().rows(checked.request(), checked.scope()); rows.hasNext(); ) {
                        rows.next();
                        n++;
                    }
                    return n;
                });
                long readMillis = (System.nanoTime() - reading) / 1_000_000;
                Path file = out.resolve("receipts-" + size + ".pdf");
                System.gc();
                long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                resetPeaks();
                HeapWatch watch = new HeapWatch();
                watch.start();
                long started = System.nanoTime();
                AtomicLong rows = new AtomicLong();
                TenantContext.runAs(owner, () -> {
                    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file))) {
                        rows.set(reports.export(reports.check(request), stream, ExportProgress.NONE));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long millis = (System.nanoTime() - started) / 1_000_000;
                watch.stop = true;
                watch.join();
                System.out.printf("PDF of %,6d receipts%s: %,6d ms (reading the %,d rows alone: %,d ms), %,5d KiB, "
                                + "%4d pages; heap used %3d MiB before, peak %4d MiB (sampled), %4d MiB (pools' peaks)%n",
                        rows.get(), warm ? "" : " (cold)", millis, read, readMillis, Files.size(file) >> 10,
                        pages(file), before >> 20, watch.peak >> 20, poolPeaks() >> 20);
                warm = true;
                if (rows.get() != size) {
                    System.out.printf("FAILED: %d rows expected, %d exported%n", size, rows.get());
                    ok = false;
                }
                if (size == 10_000 && millis > 10_000) {
                    ok = false;
                    System.out.println("MISSED: the 10,000-row PDF took more than 10 s");
                }
            }
            System.out.printf("Load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        }
        System.exit(ok ? 0 : 1);
    }

    /** {@code count} receipts after the first {@code from}, one every 10 minutes from 1 January 2025, cash or card. */
    private static void receipts(JdbcTemplate jdbc, UUID tenant, UUID venue, int from, int count) {
        UUID device = jdbc.query("SELECT id FROM pos_device LIMIT 1", (rs, n) -> rs.getObject(1, UUID.class))
                .stream().findFirst().orElseGet(() -> {
                    UUID id = UUID.randomUUID();
                    jdbc.update("INSERT INTO pos_device (tenant_id, id, venue_id, name, created_at, version) "
                            + "VALUES (?, ?, ?, 'Каса 1', now(), 0)", tenant, id, venue);
                    return id;
                });
        // The receipts and their payments in one statement: no anti-join over what is there already.
        jdbc.update("""
                WITH made AS (
                    INSERT INTO receipt (tenant_id, id, venue_id, device_id, number, closed_at, waiter, total,
                                         content_hash, received_at)
                    SELECT ?, gen_random_uuid(), ?, ?, 'Б-' || n,
                           timestamptz '2025-01-01 08:00+02' + n * interval '10 minutes',
                           (ARRAY['Олена', 'Петро', 'Sam'])[1 + n % 3], 40 + (n % 17) * 5, md5(n::text), now()
                    FROM generate_series(?, ?) AS n
                    RETURNING tenant_id, id, total)
                INSERT INTO receipt_payment (tenant_id, receipt_id, position, method, amount)
                SELECT tenant_id, id, 0, CASE WHEN random() < 0.5 THEN 'cash' ELSE 'card' END, total FROM made""",
                tenant, venue, device, from + 1, from + count);
        jdbc.execute("ANALYZE receipt");
        jdbc.execute("ANALYZE receipt_payment");
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long poolPeaks() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static int pages(Path pdf) throws Exception {
        String text = new String(Files.readAllBytes(pdf), java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.split("/Type\\s*/Page[^s]", -1).length - 1;
    }

    /** Samples the used heap until stopped, keeping the largest. */
    private static final class HeapWatch extends Thread {
        volatile boolean stop;
        volatile long peak;

        HeapWatch() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
