package app.larder.platform.security;

import java.util.Optional;
import java.util.UUID;

/** The user accounts behind logins and tokens, as authentication sees them. */
public interface Accounts {

    /** A login candidate by e-mail, across businesses: what checking a password needs. */
    Optional<Login> findLogin(String email);

    /** The user afresh, in the tenant named; empty when the user no longer exists there. */
    Optional<CurrentUser> signedIn(UUID tenantId, UUID userId);

    /** The tenant and user behind an API token, if it is valid and not revoked. */
    Optional<TokenHolder> authenticateToken(String token);

    record Login(UUID tenantId, UUID userId, String email, String passwordHash, boolean active) {
    }

    record TokenHolder(UUID tenantId, UUID userId) {
    }
}
