package app.larder.stock;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.shared.Unit;
import app.larder.stock.StockBalances.Item;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Minimum levels: the least quantity of an item to keep, at one storage or over all storages together, and the
 * items below it now. A minimum without a storage is compared with the item's total over the storages the user may
 * see; one with a storage with that storage's balance alone.
 */
@Service
public class StockMinimums {

    private final MinimumRepository minimums;
    private final StockBalances balances;
    private final StockSnapshots snapshots;
    private final AuditLog audit;
    private final Clock clock;

    StockMinimums(MinimumRepository minimums, StockBalances balances, StockSnapshots snapshots, AuditLog audit,
                  Clock clock) {
        this.minimums = minimums;
        this.balances = balances;
        this.snapshots = snapshots;
        this.audit = audit;
        this.clock = clock;
    }

    /** A minimum as pages show it; {@code quantity} in base units, {@code storageId} null for all storages. */
    public record Minimum(UUID id, Item item, UUID storageId, String storageName, BigDecimal quantity) {
        public BigDecimal stockQuantity() {
            return quantity.divide(item.stockUnit().baseUnits(), MathContext.DECIMAL128);
        }
    }

    /**
     * One minimum to set: {@code quantity} in {@code unit} (the item's base unit when null); null or zero removes
     * it. {@code storageId} null: over all storages together.
     */
    public record Setting(UUID itemId, UUID storageId, BigDecimal quantity, Unit unit) {
    }

    /** An item below its minimum: what there is now, the minimum, and how much is missing, in base units. */
    public record Below(Minimum minimum, BigDecimal quantity) {
        public BigDecimal missing() {
            return minimum.quantity().subtract(quantity);
        }

        public BigDecimal stockQuantity() {
            return quantity.divide(minimum.item().stockUnit().baseUnits(), MathContext.DECIMAL128);
        }

        public BigDecimal stockMissing() {
            return missing().divide(minimum.item().stockUnit().baseUnits(), MathContext.DECIMAL128);
        }
    }

    /** The minimums the user may see: those of all storages and of the storages of the user's venues. */
    @Transactional(readOnly = true)
    public List<Minimum> list() {
        Map<UUID, String> storages = balances.visibleStorages(null);
        List<StockMinimum> found = minimums.findAll().stream()
                .filter(m -> m.getStorageId() == null || storages.containsKey(m.getStorageId())).toList();
        Map<UUID, Item> items = balances.items(found.stream().map(StockMinimum::getItemId).distinct().toList());
        List<Minimum> list = new ArrayList<>();
        for (StockMinimum m : found) {
            Item item = items.get(m.getItemId());
            if (item != null) {
                list.add(new Minimum(m.getId(), item, m.getStorageId(),
                        m.getStorageId() == null ? null : storages.get(m.getStorageId()), m.getQuantity()));
            }
        }
        list.sort(Comparator.comparing((Minimum m) -> m.item().name())
                .thenComparing(m -> m.storageName() == null ? "" : m.storageName()));
        return list;
    }

    /**
     * Sets (or, with no quantity, removes) minimums, all or none. An unknown item or storage, or one outside the
     * user's venues, is not found.
     */
    @Transactional
    public void set(List<Setting> settings) {
        Instant now = clock.instant();
        for (int i = 0; i < settings.size(); i++) {
            Setting s = settings.get(i);
            if (s.itemId() == null) {
                throw new RuleViolation("minimums[" + i + "].itemId", "validation.required");
            }
            BigDecimal entered = s.quantity();
            if (entered != null && entered.signum() < 0) {
                throw new RuleViolation("minimums[" + i + "].quantity", "balance.minimumNegative");
            }
            BigDecimal quantity = entered;
            Item item = balances.items(List.of(s.itemId())).get(s.itemId());
            if (item == null) {
                throw new NotFoundException("ingredient", s.itemId());
            }
            if (s.unit() != null && quantity != null) {
                if (s.unit().dimension() != item.stockUnit().dimension()) {
                    throw new RuleViolation("minimums[" + i + "].unit", "balance.unitMismatch",
                            item.stockUnit().symbol());
                }
                quantity = quantity.multiply(s.unit().baseUnits());
            }
            if (quantity != null && quantity.compareTo(StockLedger.MAX_QUANTITY) >= 0) {
                throw new RuleViolation("minimums[" + i + "].quantity", "validation.tooLarge");
            }
            BigDecimal wanted = quantity;
            String where = s.storageId() == null ? "all storages"
                    : "storage \"" + balances.visibleStorages(s.storageId()).get(s.storageId()) + "\"";
            Optional<StockMinimum> existing = minimums.findByItemId(s.itemId()).stream()
                    .filter(m -> m.getItemId().equals(s.itemId()) && Objects.equals(m.getStorageId(), s.storageId()))
                    .findFirst();
            if (quantity == null || quantity.signum() == 0) {
                existing.ifPresent(m -> {
                    minimums.delete(m);
                    audit.record("deleted", "stock-minimum", m.getId(),
                            "Minimum of \"" + item.name() + "\" at " + where + " removed");
                });
                continue;
            }
            StockMinimum minimum = existing.orElseGet(() -> new StockMinimum(Ids.next(), s.itemId(), s.storageId(),
                    wanted, now));
            minimum.change(wanted, now);
            minimums.save(minimum);
            audit.record(existing.isPresent() ? "updated" : "created", "stock-minimum", minimum.getId(),
                    "Minimum of \"" + item.name() + "\" at " + where + " set to " + wanted.stripTrailingZeros()
                            .toPlainString() + " " + item.stockUnit().dimension().base().symbol());
        }
    }

    /** The items whose balance now is below their minimum, the largest shortfall in stock units first. */
    @Transactional(readOnly = true)
    public List<Below> belowMinimum() {
        List<Minimum> all = list();
        if (all.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> storages = balances.visibleStorages(null);
        Map<UUID, Map<UUID, BigDecimal>> byStorage = new HashMap<>();
        Map<UUID, BigDecimal> total = new HashMap<>();
        for (StockLedger.Level level : snapshots.levels(storages.keySet(), clock.instant(), true)) {
            byStorage.computeIfAbsent(level.storageId(), k -> new HashMap<>()).put(level.itemId(), level.quantity());
            total.merge(level.itemId(), level.quantity(), BigDecimal::add);
        }
        List<Below> below = new ArrayList<>();
        for (Minimum m : all) {
            BigDecimal now = m.storageId() == null ? total.getOrDefault(m.item().id(), BigDecimal.ZERO)
                    : byStorage.getOrDefault(m.storageId(), Map.of()).getOrDefault(m.item().id(), BigDecimal.ZERO);
            if (now.compareTo(m.quantity()) < 0) {
                below.add(new Below(m, now));
            }
        }
        below.sort(Comparator.comparing(Below::stockMissing).reversed()
                .thenComparing(b -> b.minimum().item().name()));
        return below;
    }

    interface MinimumRepository extends JpaRepository<StockMinimum, UUID> {
        List<StockMinimum> findByItemId(UUID itemId);
    }
}
