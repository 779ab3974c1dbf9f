package app.larder.platform.tenancy;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Whose data the current thread works on, and who is acting. Set by the web layer from the logged-in user or token,
 * by jobs from the event they handle; never from a request parameter. A transaction begun without a tenant sees no
 * tenant-owned row at all (the database policies compare with an empty setting).
 */
public final class TenantContext {

    /** What Hibernate is told when no tenant is set: matches no row, because no business has this id. */
    public static final UUID NO_TENANT = new UUID(0, 0);

    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /**
     * The business a thread acts for, and the user acting (null for the system: sign-up, demo data, jobs).
     * {@code venueScope} lists the venues the user is limited to, or is null when the user sees every venue.
     */
    public record Actor(UUID tenantId, UUID userId, String userName, Set<UUID> venueScope) {

        public Actor {
            venueScope = venueScope == null ? null : Set.copyOf(venueScope);
        }

        public static Actor system(UUID tenantId) {
            return new Actor(tenantId, null, "system", null);
        }

        public boolean seesVenue(UUID venueId) {
            return venueScope == null || venueScope.contains(venueId);
        }
    }

    public static Optional<Actor> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static UUID requireTenant() {
        Actor actor = CURRENT.get();
        if (actor == null) {
            throw new IllegalStateException("No tenant in context");
        }
        return actor.tenantId();
    }

    public static void set(Actor actor) {
        CURRENT.set(actor);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** Runs {@code work} as {@code actor}, restoring whatever was set before. Start transactions inside, not around. */
    public static <T> T callAs(Actor actor, Callable<T> work) {
        Actor previous = CURRENT.get();
        CURRENT.set(actor);
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void runAs(Actor actor, Runnable work) {
        callAs(actor, () -> {
            work.run();
            return null;
        });
    }
}
