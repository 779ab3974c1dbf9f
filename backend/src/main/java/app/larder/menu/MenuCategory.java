package app.larder.menu;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A category of the menu, in a tree: Drinks › Coffee. */
@Entity
@Table(name = "menu_category")
public class MenuCategory extends TenantOwned {

    @Column(name = "parent_id")
    private UUID parentId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private int position;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected MenuCategory() {
    }

    MenuCategory(UUID id, UUID parentId, String name, int position) {
        super(id);
        this.createdAt = Instant.now();
        place(parentId, name, position);
    }

    void place(UUID parentId, String name, int position) {
        this.parentId = parentId;
        this.name = name;
        this.position = position;
    }

    void archive() {
        archived = true;
    }

    public UUID getParentId() {
        return parentId;
    }

    public String getName() {
        return name;
    }

    public int getPosition() {
        return position;
    }

    public boolean isArchived() {
        return archived;
    }
}
