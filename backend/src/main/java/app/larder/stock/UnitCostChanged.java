package app.larder.stock;

import java.util.Set;
import java.util.UUID;

/**
 * The unit cost of some ingredients changed. Published inside the transaction that changed them, so whatever is
 * derived from unit costs (cost prices of tech cards) is recalculated in the same transaction.
 */
public record UnitCostChanged(UUID tenantId, Set<UUID> ingredientIds, String cause) {
}
