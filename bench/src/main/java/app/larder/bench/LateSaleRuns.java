package app.larder.bench;

import app.larder.business.Businesses;
import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Posting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A late sale in a café that never enters supplies (issue 5's known limit, {@code --bench.only=late-sales}): each
 * ingredient has a stretch below zero of 1,000, 10,000 or 100,000 sales over the last 60 days, generated set-based
 * and valued by the card as the ledger values them, and a write-off after them all. Then sales land before the
 * write-off (a terminal that was offline): a few hours late in the current month, and in the month before (over a
 * month's end). Each is a posting through {@link StockLedger#post}, timed until it commits. Before decision 78 such a
 * sale replayed the whole stretch, every sale since the first; now it replays from its own moment.
 */
@Component
class LateSaleRuns {

    private final Businesses businesses;
    private final StockLedger ledger;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcTemplate owner;

    @Value("${bench.late.stretches:1000,10000,100000}")
    long[] stretches;
    @Value("${bench.late.runs:5}")
    int runs;

    private TenantContext.Actor actor;

    LateSaleRuns(Businesses businesses, StockLedger ledger, NamedParameterJdbcTemplate jdbc,
                 PlatformTransactionManager transactionManager, @LiquibaseDataSource DataSource ownerDataSource) {
        this.businesses = businesses;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    boolean run() {
        System.out.printf("%n=== A late sale below zero in a café that never enters supplies ===%n");
        System.out.printf("Load average at the start: %s%n", Report.loadAverage());
        Businesses.SignedUp business = businesses.signUp(new Businesses.NewBusiness("Bench Late Sales Café",
                "Bench Late Owner", "owner@late.bench.larder.app", "bench-password-1", "UAH", "Europe/Kyiv", "en"));
        actor = new TenantContext.Actor(business.tenantId(), business.ownerId(), "bench", null);
        UUID storage = business.storageId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant monthStart = ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS).toInstant();
        // A late sale of this month lands an hour before the write-off; one of last month, a day before it ended.
        Instant writeOffAt = now.minus(10, ChronoUnit.MINUTES);
        Instant thisMonth = writeOffAt.minus(1, ChronoUnit.HOURS).isAfter(monthStart)
                ? writeOffAt.minus(1, ChronoUnit.HOURS) : null;
        Instant lastMonth = monthStart.minus(1, ChronoUnit.DAYS);

        boolean ok = true;
        List<String> table = new ArrayList<>();
        for (long stretch : stretches) {
            UUID item = generate(storage, stretch, now.minus(60, ChronoUnit.DAYS), writeOffAt);
            owner.execute("VACUUM (ANALYZE) stock_movement, stock_level, ingredient, ingredient_unit_cost");
            long corrections = count("SELECT count(*) FROM stock_movement WHERE valuation = 'CORRECTION'");
            long t = System.nanoTime();
            as(() -> ledger.post(new Posting("WRITE_OFF", UUID.randomUUID(), writeOffAt,
                    List.of(Entry.out(Kind.WRITE_OFF, storage, item, new BigDecimal("100"))))));
            double writeOff = (System.nanoTime() - t) / 1e6;
            System.out.printf("%,d sales below zero: the write-off after them %.1f ms%n", stretch, writeOff);
            double[] late = thisMonth == null ? new double[0] : lateSales(storage, item, thisMonth, "this month");
            double[] older = lateSales(storage, item, lastMonth, "last month");
            long corrected = count("SELECT count(*) FROM stock_movement WHERE valuation = 'CORRECTION'") - corrections;
            List<String> wrong = as(ledger::check);
            if (corrected != 0 || !wrong.isEmpty()) {
                System.out.printf("  CHECK FAILED: %d corrections, %d levels differ from the ledger%n", corrected,
                        wrong.size());
                ok = false;
            }
            table.add(String.format("| %,d | %.1f | %s | %s |", stretch, writeOff, median(late), median(older)));
        }
        System.out.printf("%n| sales in the stretch below zero | write-off after them, ms | late sale this month, "
                + "median ms | late sale last month, median ms |%n| --- | --- | --- | --- |%n");
        table.forEach(System.out::println);
        System.out.printf("%nLoad average at the end: %s%n", Report.loadAverage());
        return ok;
    }

    private double[] lateSales(UUID storage, UUID item, Instant at, String when) {
        double[] took = new double[runs];
        for (int i = 0; i < runs; i++) {
            Instant moment = at.plusSeconds(i);
            long t = System.nanoTime();
            as(() -> ledger.post(new Posting("RECEIPT", UUID.randomUUID(), moment,
                    List.of(Entry.out(Kind.SALE, storage, item, new BigDecimal("150"))))));
            took[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("  late sales %s: %s ms%n", when, Arrays.toString(Arrays.stream(took)
                .map(ms -> Math.round(ms * 10) / 10.0).toArray()));
        return took;
    }

    /**
     * An ingredient at 0.05 a ml on its card from before the stretch, and {@code sales} sales of 100 ml spread evenly
     * up to {@code until}, each valued by the card, with the level the ledger would have: below zero, its
     * shortfalls valued by the card, no movement but sales.
     */
    private UUID generate(UUID storage, long sales, Instant from, Instant until) {
        UUID item = UUID.randomUUID();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("item", item).addValue("storage", storage)
                .addValue("from", Timestamp.from(from)).addValue("n", sales)
                .addValue("seconds", until.getEpochSecond() - from.getEpochSecond() - 60)
                .addValue("name", "Milk " + sales);
        long t = System.nanoTime();
        as(() -> {
            jdbc.update("""
                    INSERT INTO ingredient (tenant_id, id, name, category, dimension, archived, created_at, version)
                    VALUES (larder_current_tenant(), :item, :name, 'Dairy', 'VOLUME', false, :from, 0)""", p);
            jdbc.update("""
                    INSERT INTO ingredient_unit_cost (tenant_id, id, ingredient_id, unit_cost, effective_at, source,
                                                      user_id, version)
                    VALUES (larder_current_tenant(), gen_random_uuid(), :item, 50, :from, 'manual', NULL, 0)""", p);
            jdbc.update("""
                    INSERT INTO stock_movement (tenant_id, id, storage_id, item_id, moment, kind, valuation, quantity,
                                                value, document_kind, document_id, caused_by, booked_at, booked_by)
                    SELECT larder_current_tenant(), d, :storage, :item, m, 'SALE', 'AVERAGE', -100, -5, 'RECEIPT', d,
                           d, m, NULL
                    FROM (SELECT gen_random_uuid() AS d,
                                 CAST(:from AS timestamptz) + (k * CAST(:seconds AS bigint) / :n) * interval '1 second'
                                     AS m
                          FROM generate_series(1, :n) k) s
                    ORDER BY m""", p);
            jdbc.update("""
                    INSERT INTO stock_level (tenant_id, storage_id, item_id, quantity, value, last_non_sale_at,
                                             shortfall_by_card)
                    SELECT larder_current_tenant(), :storage, :item, SUM(quantity), SUM(value), '-infinity', true
                    FROM stock_movement WHERE storage_id = :storage AND item_id = :item""", p);
            return null;
        });
        System.out.printf("%nGenerated %,d sales below zero of one ingredient in %,d ms%n", sales,
                (System.nanoTime() - t) / 1_000_000);
        return item;
    }

    private static String median(double[] values) {
        if (values.length == 0) {
            return "—";
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("%.1f", sorted[sorted.length / 2]);
    }

    private long count(String sql) {
        return as(() -> jdbc.queryForObject(sql, Map.of(), Long.class));
    }

    private <T> T as(Supplier<T> work) {
        return TenantContext.callAs(actor, () -> transaction.execute(status -> work.get()));
    }
}
