package app.larder.business;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** One café, restaurant, bar or shop of a business. Archived venues keep their history but take no new work. */
@Entity
@Table(name = "venue")
public class Venue extends TenantOwned {

    @Column(nullable = false)
    private String name;

    private String address;

    @Column(nullable = false)
    private String timezone;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Venue() {
    }

    Venue(UUID id, String name, String address, ZoneId timezone) {
        super(id);
        this.createdAt = Instant.now();
        change(name, address, timezone);
    }

    void change(String name, String address, ZoneId timezone) {
        this.name = name;
        this.address = address;
        this.timezone = timezone.getId();
    }

    void archive() {
        archived = true;
    }

    void restore() {
        archived = false;
    }

    public String getName() {
        return name;
    }

    public String getAddress() {
        return address;
    }

    public ZoneId getTimezone() {
        return ZoneId.of(timezone);
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
