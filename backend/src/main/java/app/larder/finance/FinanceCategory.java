package app.larder.finance;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A category of income or expense, in a tree. System categories ({@link #getSystemKey()} set) are the ones
 * operations book into; they can be renamed and moved, never archived or turned to the other direction.
 */
@Entity
@Table(name = "finance_category")
public class FinanceCategory extends TenantOwned {

    public enum Direction { INCOME, EXPENSE }

    @Column(name = "parent_id")
    private UUID parentId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Direction direction;

    @Column(name = "in_pnl", nullable = false)
    private boolean inPnl;

    @Column(name = "system_key", updatable = false)
    private String systemKey;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected FinanceCategory() {
    }

    FinanceCategory(UUID id, String systemKey, Direction direction, boolean inPnl) {
        super(id);
        this.systemKey = systemKey;
        this.direction = direction;
        this.inPnl = inPnl;
        this.createdAt = Instant.now();
    }

    void describe(String name, UUID parentId) {
        this.name = name;
        this.parentId = parentId;
    }

    void direct(Direction direction, boolean inPnl) {
        this.direction = direction;
        this.inPnl = inPnl;
    }

    void archive() {
        archived = true;
    }

    void restore() {
        archived = false;
    }

    public UUID getParentId() {
        return parentId;
    }

    public String getName() {
        return name;
    }

    public Direction getDirection() {
        return direction;
    }

    /** False where the P&L takes the amounts from operations' own ledgers instead (sales, supplier payments...). */
    public boolean isInPnl() {
        return inPnl;
    }

    public String getSystemKey() {
        return systemKey;
    }

    public boolean isSystem() {
        return systemKey != null;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
