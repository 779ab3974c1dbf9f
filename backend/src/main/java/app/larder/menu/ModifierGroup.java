package app.larder.menu;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A choice at sale, with how many options a guest must and may pick: Milk (0 to 1), Size (exactly 1). */
@Entity
@Table(name = "modifier_group")
public class ModifierGroup extends TenantOwned {

    @Column(nullable = false)
    private String name;

    @Column(name = "min_selected", nullable = false)
    private int minSelected;

    @Column(name = "max_selected", nullable = false)
    private int maxSelected;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "modifier_option", joinColumns = @JoinColumn(name = "group_id"))
    @OrderColumn(name = "position")
    private List<ModifierOption> options = new ArrayList<>();

    protected ModifierGroup() {
    }

    ModifierGroup(UUID id) {
        super(id);
        this.createdAt = Instant.now();
    }

    void describe(String name, int minSelected, int maxSelected, List<ModifierOption> options) {
        this.name = name;
        this.minSelected = minSelected;
        this.maxSelected = maxSelected;
        this.options.clear();
        this.options.addAll(options);
    }

    public String getName() {
        return name;
    }

    public int getMinSelected() {
        return minSelected;
    }

    public int getMaxSelected() {
        return maxSelected;
    }

    public boolean isArchived() {
        return archived;
    }

    public List<ModifierOption> getOptions() {
        return List.copyOf(options);
    }
}
