package app.larder.platform.security;

import app.larder.platform.tenancy.TenantContext;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Who is signed in, as of this request: reloaded on every request, so a change of role or a deactivation takes
 * effect at once. {@code role} is the role's name (OWNER, MANAGER, ACCOUNTANT); {@code venueScope} the venues the
 * user is limited to, or null for all.
 */
public record CurrentUser(UUID tenantId, UUID userId, String email, String fullName, String role, boolean active,
                          Set<UUID> venueScope, boolean mustChangePassword, String businessName, Currency currency,
                          ZoneId timezone, Locale locale) {

    public TenantContext.Actor actor() {
        return new TenantContext.Actor(tenantId, userId, fullName + " <" + email + ">", venueScope);
    }

    public boolean hasRole(String name) {
        return role.equals(name);
    }
}
