package app.larder.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark of the issue "Menu, ingredients and tech cards": the backend's services (no web layer) on a
 * throw-away embedded PostgreSQL, a generated large business, and the timings of cost recalculation. Run it with
 * the command in {@code bench/README.md}; it prints its figures and exits.
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
            ok = context.getBean(CostingRuns.class).run();
        }
        System.exit(ok ? 0 : 1);
    }
}
