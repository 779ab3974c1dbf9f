package app.larder.sales;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * At one venue, the items of a menu category, and of its subcategories unless they have a rule of their own, are
 * written off from one storage.
 */
@Entity
@Table(name = "write_off_storage_rule")
class WriteOffStorageRule extends TenantOwned {

    @Column(name = "venue_id", nullable = false, updatable = false)
    private UUID venueId;

    @Column(name = "category_id", nullable = false, updatable = false)
    private UUID categoryId;

    @Column(name = "storage_id", nullable = false)
    private UUID storageId;

    protected WriteOffStorageRule() {
    }

    WriteOffStorageRule(UUID id, UUID venueId, UUID categoryId, UUID storageId) {
        super(id);
        this.venueId = venueId;
        this.categoryId = categoryId;
        this.storageId = storageId;
    }

    void writeOffFrom(UUID storageId) {
        this.storageId = storageId;
    }

    UUID getVenueId() {
        return venueId;
    }

    UUID getCategoryId() {
        return categoryId;
    }

    UUID getStorageId() {
        return storageId;
    }
}
