package app.larder.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One way into a business from outside any tenant: an e-mail that logs in, or the hash of a token. The only table
 * read before the tenant is known, so it holds nothing but the key and the tenant it leads to.
 */
@Entity
@Table(name = "tenant_directory")
class DirectoryEntry {

    @Id
    @Column(name = "lookup_key")
    private String key;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected DirectoryEntry() {
    }

    DirectoryEntry(String key, UUID tenantId) {
        this.key = key;
        this.tenantId = tenantId;
        this.createdAt = Instant.now();
    }

    UUID tenantId() {
        return tenantId;
    }
}
