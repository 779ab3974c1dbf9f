package app.larder.business;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** A person who logs into a business, with one role, and either every venue or a chosen few. */
@Entity
@Table(name = "app_user")
public class AppUser extends TenantOwned {

    @Column(nullable = false)
    private String email;

    @Column(name = "full_name", nullable = false)
    private String fullName;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "all_venues", nullable = false)
    private boolean allVenues;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_venue", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "venue_id")
    private Set<UUID> venueIds = new HashSet<>();

    /** Set for an invited user's temporary password, cleared when they choose their own. */
    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected AppUser() {
    }

    AppUser(UUID id, String email, String fullName, String passwordHash, Role role, Set<UUID> venueIds,
            boolean mustChangePassword) {
        super(id);
        this.email = email.trim();
        this.fullName = fullName.trim();
        this.passwordHash = passwordHash;
        this.active = true;
        this.mustChangePassword = mustChangePassword;
        this.createdAt = Instant.now();
        assign(role, venueIds);
    }

    void assign(Role role, Set<UUID> venueIds) {
        this.role = role;
        this.allVenues = venueIds == null || venueIds.isEmpty();
        this.venueIds.clear();
        if (!allVenues) {
            this.venueIds.addAll(venueIds);
        }
    }

    void rename(String fullName) {
        this.fullName = fullName.trim();
    }

    void changePassword(String passwordHash, boolean temporary) {
        this.passwordHash = passwordHash;
        this.mustChangePassword = temporary;
    }

    void deactivate() {
        active = false;
    }

    void activate() {
        active = true;
    }

    public String getEmail() {
        return email;
    }

    public String getFullName() {
        return fullName;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isAllVenues() {
        return allVenues;
    }

    /** The venues this user is limited to; empty when {@link #isAllVenues()}. */
    public Set<UUID> getVenueIds() {
        return Set.copyOf(venueIds);
    }

    /** The venues this user is limited to, or null for all: the shape {@code TenantContext.Actor} takes. */
    public Set<UUID> venueScope() {
        return allVenues ? null : Set.copyOf(venueIds);
    }

    public boolean isMustChangePassword() {
        return mustChangePassword;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
