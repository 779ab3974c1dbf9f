package app.larder.business;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A place of a venue where stock is kept: kitchen, bar, warehouse. */
@Entity
@Table(name = "storage")
public class Storage extends TenantOwned {

    @Column(name = "venue_id", nullable = false, updatable = false)
    private UUID venueId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Storage() {
    }

    Storage(UUID id, UUID venueId, String name) {
        super(id);
        this.venueId = venueId;
        this.name = name;
        this.createdAt = Instant.now();
    }

    void rename(String name) {
        this.name = name;
    }

    void archive() {
        archived = true;
    }

    void restore() {
        archived = false;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public String getName() {
        return name;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
