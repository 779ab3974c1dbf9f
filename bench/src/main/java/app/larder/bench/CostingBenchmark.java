package app.larder.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmarks of the issues "Menu, ingredients and tech cards" ({@link CostingRuns}) and "Warehouse"
 * ({@link StockRuns}, with {@code --bench.only=stock} or {@code all}; {@link LateSaleRuns} with
 * {@code --bench.only=late-sales}): the backend's services (no web layer) on a
 * throw-away embedded PostgreSQL, a generated large business, and the timings. Run it with the commands in
 * {@code bench/README.md}; it prints its figures and exits.
 */
@SpringBootApplication(scanBasePackages = "app.larder")
public class CostingBenchmark {

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("larder-bench-pg-");
        SpringApplication application = new SpringApplication(CostingBenchmark.class);
        application.setDefaultProperties(Map.of("larder.database.embedded.data-dir", dataDir.toString()));
        boolean ok;
        try (ConfigurableApplicationContext context = application.run(args)) {
            System.out.printf("Started the backend on an embedded PostgreSQL in %s in %d ms%n", dataDir,
                    (System.nanoTime() - started) / 1_000_000);
            // bench.only: costing (the default: cost recalculation and the menu list), stock (the warehouse),
            // late-sales (a late sale below zero), all.
            String only = context.getEnvironment().getProperty("bench.only", "costing");
            ok = true;
            if (only.equals("costing") || only.equals("all")) {
                ok = context.getBean(CostingRuns.class).run();
            }
            if (only.equals("stock") || only.equals("all")) {
                ok &= context.getBean(StockRuns.class).run();
            }
            if (only.equals("late-sales") || only.equals("all")) {
                ok &= context.getBean(LateSaleRuns.class).run();
            }
        }
        System.exit(ok ? 0 : 1);
    }
}
