package app.larder.platform.web;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Who logged in, as kept in the session: the tenant and user ids, nothing that can go stale. Role and venues are
 * read afresh on every request by {@link CurrentUserFilter}.
 */
public final class LarderUserDetails implements UserDetails, CredentialsContainer {

    private final UUID tenantId;
    private final UUID userId;
    private final String email;
    private String passwordHash;
    private final boolean active;

    LarderUserDetails(UUID tenantId, UUID userId, String email, String passwordHash, boolean active) {
        this.tenantId = tenantId;
        this.userId = userId;
        this.email = email;
        this.passwordHash = passwordHash;
        this.active = active;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public UUID userId() {
        return userId;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
