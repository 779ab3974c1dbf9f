package app.larder.business;

import java.util.UUID;

/**
 * A new business exists, with its owner, first venue and main storage. Published inside the sign-up transaction, so
 * a listener that fails undoes the sign-up. {@code demo} marks the demo business, for features that add sample data.
 */
public record BusinessSignedUp(UUID tenantId, UUID ownerId, UUID venueId, UUID storageId, boolean demo) {
}
