package app.larder.pos;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A terminal of one venue. Created with a one-time pairing code; pairing exchanges the code for a device token.
 * Both are kept only as hashes. A revoked device stays in the list, with its history.
 */
@Entity
@Table(name = "pos_device")
public class PosDevice extends TenantOwned {

    /** How the web app shows a device. */
    public enum Status { WAITING_FOR_PAIRING, CODE_EXPIRED, PAIRED, REVOKED }

    @Column(name = "venue_id", nullable = false, updatable = false)
    private UUID venueId;

    @Column(nullable = false)
    private String name;

    @Column(name = "pairing_code_hash")
    private String pairingCodeHash;

    @Column(name = "pairing_expires_at")
    private Instant pairingExpiresAt;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "paired_at")
    private Instant pairedAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "app_version")
    private String appVersion;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected PosDevice() {
    }

    PosDevice(UUID id, UUID venueId, String name, Instant now) {
        super(id);
        this.venueId = venueId;
        this.name = name;
        this.createdAt = now;
    }

    void newPairingCode(String codeHash, Instant expiresAt) {
        this.pairingCodeHash = codeHash;
        this.pairingExpiresAt = expiresAt;
    }

    void paired(String tokenHash, String name, Instant now) {
        this.tokenHash = tokenHash;
        this.pairedAt = now;
        this.lastSeenAt = now;
        this.pairingCodeHash = null;
        this.pairingExpiresAt = null;
        if (name != null) {
            this.name = name;
        }
    }

    void seen(Instant now, String appVersion) {
        this.lastSeenAt = now;
        if (appVersion != null) {
            this.appVersion = appVersion;
        }
    }

    void revoke(Instant now) {
        this.revokedAt = now;
        this.pairingCodeHash = null;
        this.pairingExpiresAt = null;
    }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (tokenHash != null) {
            return Status.PAIRED;
        }
        return pairingExpiresAt != null && pairingExpiresAt.isAfter(now) ? Status.WAITING_FOR_PAIRING
                : Status.CODE_EXPIRED;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public String getName() {
        return name;
    }

    String getPairingCodeHash() {
        return pairingCodeHash;
    }

    public Instant getPairingExpiresAt() {
        return pairingExpiresAt;
    }

    String getTokenHash() {
        return tokenHash;
    }

    public Instant getPairedAt() {
        return pairedAt;
    }

    public Instant getLastSeenAt() {
        return lastSeenAt;
    }

    public String getAppVersion() {
        return appVersion;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
