package app.larder.business;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A personal API token. Only its SHA-256 hash is stored; the token itself is shown once, when it is issued. */
@Entity
@Table(name = "api_token")
public class ApiToken extends TenantOwned {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(nullable = false)
    private String name;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(UUID id, UUID userId, String name, String tokenHash) {
        super(id);
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.createdAt = Instant.now();
    }

    void used(Instant at) {
        lastUsedAt = at;
    }

    void revoke() {
        revokedAt = Instant.now();
    }

    public UUID getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
