package app.larder.platform.audit;

import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One line of the audit log: who did what to which thing, and when. Never changed once written. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends TenantOwned {

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "user_id")
    private UUID userId;

    @Column(name = "user_name", nullable = false)
    private String userName;

    @Column(nullable = false)
    private String action;

    @Column(name = "entity_type", nullable = false)
    private String entityType;

    @Column(name = "entity_id")
    private UUID entityId;

    @Column(nullable = false)
    private String summary;

    protected AuditEntry() {
    }

    AuditEntry(UUID userId, String userName, String action, String entityType, UUID entityId, String summary) {
        super(Ids.next());
        this.occurredAt = Instant.now();
        this.userId = userId;
        this.userName = userName;
        this.action = action;
        this.entityType = entityType;
        this.entityId = entityId;
        this.summary = summary;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public UUID getUserId() {
        return userId;
    }

    public String getUserName() {
        return userName;
    }

    public String getAction() {
        return action;
    }

    public String getEntityType() {
        return entityType;
    }

    public UUID getEntityId() {
        return entityId;
    }

    public String getSummary() {
        return summary;
    }
}
