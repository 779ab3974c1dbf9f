package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The least quantity of an item the business wants to keep, in base units (g, ml, pcs): at one storage, or, without
 * a storage, over all the storages together.
 */
@Entity
@Table(name = "stock_minimum")
public class StockMinimum extends TenantOwned {

    @Column(name = "item_id", nullable = false, updatable = false)
    private UUID itemId;

    @Column(name = "storage_id", updatable = false)
    private UUID storageId;

    @Column(nullable = false)
    private BigDecimal quantity;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StockMinimum() {
    }

    StockMinimum(UUID id, UUID itemId, UUID storageId, BigDecimal quantity, Instant now) {
        super(id);
        this.itemId = itemId;
        this.storageId = storageId;
        change(quantity, now);
    }

    void change(BigDecimal quantity, Instant now) {
        this.quantity = quantity;
        this.updatedAt = now;
    }

    public UUID getItemId() {
        return itemId;
    }

    public UUID getStorageId() {
        return storageId;
    }

    public BigDecimal getQuantity() {
        return quantity;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
