package app.larder.finance;

import app.larder.stock.SupplyPayables;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the business owes its suppliers: every posted supply not paid in full, with its age in days since it was
 * supplied, in buckets (0–30, 31–60, 61–90, over 90 days), and per supplier. Paying goes through
 * {@link FinanceTransactions#paySupply}.
 */
@Service
public class SupplierPayables {

    /** The upper bounds, in days, of the age buckets but the last. */
    public static final int[] BUCKETS = {30, 60, 90};

    private final SupplyPayables payables;
    private final FinanceTransactions transactions;
    private final Clock clock;

    SupplierPayables(SupplyPayables payables, FinanceTransactions transactions, Clock clock) {
        this.payables = payables;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A supply owed: its age in days and its bucket (0 for up to 30 days ... 3 for over 90). */
    public record Owed(SupplyPayables.Payable supply, long ageDays, int bucket) {
    }

    /** What one supplier is owed, in total and by bucket. */
    public record BySupplier(UUID supplierId, String supplierName, BigDecimal total, List<BigDecimal> buckets,
                             int supplies) {
    }

    public record Report(LocalDate today, List<Owed> supplies, List<BySupplier> suppliers, BigDecimal total,
                         List<BigDecimal> buckets) {
    }

    @Transactional(readOnly = true)
    public Report owed(UUID supplierId, UUID venueId) {
        ZoneId zone = transactions.zone(venueId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<Owed> owed = new ArrayList<>();
        Map<UUID, List<Owed>> bySupplier = new LinkedHashMap<>();
        for (SupplyPayables.Payable p : payables.owed(supplierId, venueId)) {
            long age = Math.max(0, today.toEpochDay() - LocalDate.ofInstant(p.suppliedAt(), zone).toEpochDay());
            int bucket = 0;
            while (bucket < BUCKETS.length && age > BUCKETS[bucket]) {
                bucket++;
            }
            Owed o = new Owed(p, age, bucket);
            owed.add(o);
            bySupplier.computeIfAbsent(p.supplierId(), k -> new ArrayList<>()).add(o);
        }
        List<BySupplier> suppliers = new ArrayList<>();
        for (List<Owed> of : bySupplier.values()) {
            suppliers.add(new BySupplier(of.get(0).supply().supplierId(), of.get(0).supply().supplierName(),
                    sum(of, -1), buckets(of), of.size()));
        }
        suppliers.sort(java.util.Comparator.comparing(BySupplier::total).reversed());
        return new Report(today, owed, suppliers, sum(owed, -1), buckets(owed));
    }

    @Transactional(readOnly = true)
    public SupplyPayables.Payable supply(UUID supplyId) {
        return payables.get(supplyId);
    }

    @Transactional
    public FinanceTransactions.Movement pay(UUID supplyId, UUID accountId, BigDecimal amount, Instant occurredAt,
                                            LocalDate date, String comment) {
        return transactions.paySupply(supplyId, accountId, amount, occurredAt, date, comment);
    }

    private static List<BigDecimal> buckets(List<Owed> owed) {
        List<BigDecimal> out = new ArrayList<>();
        for (int b = 0; b <= BUCKETS.length; b++) {
            out.add(sum(owed, b));
        }
        return out;
    }

    private static BigDecimal sum(List<Owed> owed, int bucket) {
        return owed.stream().filter(o -> bucket < 0 || o.bucket() == bucket).map(o -> o.supply().owed())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
