package app.larder.stock;

import app.larder.shared.Unit;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;

/**
 * The unit cost of an ingredient changed, per stock unit, from {@code before} (null when it had none) to
 * {@code after}. Published inside the transaction that changed it, so whatever is derived from unit costs (cost
 * prices of tech cards) follows in the same transaction.
 */
public record UnitCostChanged(UUID tenantId, UUID ingredientId, Unit.Dimension dimension, BigDecimal before,
                              BigDecimal after, String cause) {

    public Set<UUID> ingredientIds() {
        return Set.of(ingredientId);
    }
}
