package app.larder.menu;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The category tree of the menu. A category cannot be moved under itself or its own subcategories. */
@Service
public class Categories {

    private final Repository categories;
    private final MenuItems.Repository items;
    private final AuditLog audit;

    Categories(Repository categories, MenuItems.Repository items, AuditLog audit) {
        this.categories = categories;
        this.items = items;
        this.audit = audit;
    }

    /** A category with its depth in the tree, for lists shown as a tree. */
    public record Node(MenuCategory category, int depth) {
    }

    /** Every active category, depth-first in the order of positions and names. */
    @Transactional(readOnly = true)
    public List<Node> tree() {
        Map<UUID, List<MenuCategory>> children = new HashMap<>();
        for (MenuCategory c : categories.findAll()) {
            if (!c.isArchived()) {
                children.computeIfAbsent(c.getParentId(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Node> nodes = new ArrayList<>();
        walk(null, 0, children, nodes);
        return nodes;
    }

    private static void walk(UUID parent, int depth, Map<UUID, List<MenuCategory>> children, List<Node> out) {
        List<MenuCategory> level = new ArrayList<>(children.getOrDefault(parent, List.of()));
        level.sort(Comparator.comparingInt(MenuCategory::getPosition).thenComparing(MenuCategory::getName));
        for (MenuCategory c : level) {
            out.add(new Node(c, depth));
            if (depth < 16) {
                walk(c.getId(), depth + 1, children, out);
            }
        }
    }

    @Transactional(readOnly = true)
    public MenuCategory get(UUID id) {
        return categories.findById(id).orElseThrow(() -> new NotFoundException("category", id));
    }

    @Transactional
    public MenuCategory create(UUID parentId, String name, Integer position) {
        String trimmed = checked(null, parentId, name);
        MenuCategory category = categories.save(new MenuCategory(Ids.next(), parentId, trimmed,
                position == null ? 0 : position));
        audit.record("created", "category", category.getId(), "Category \"" + trimmed + "\"");
        return category;
    }

    @Transactional
    public MenuCategory change(UUID id, UUID parentId, String name, Integer position) {
        MenuCategory category = get(id);
        String trimmed = checked(id, parentId, name);
        for (UUID at = parentId; at != null; at = get(at).getParentId()) {
            if (at.equals(id)) {
                throw new RuleViolation("parentId", "category.loop");
            }
        }
        category.place(parentId, trimmed, position == null ? category.getPosition() : position);
        audit.record("updated", "category", id, "Category \"" + trimmed + "\"");
        return category;
    }

    /** Archives an empty category; one that still holds items or subcategories is refused. */
    @Transactional
    public MenuCategory archive(UUID id) {
        MenuCategory category = get(id);
        boolean hasChildren = categories.findAll().stream()
                .anyMatch(c -> !c.isArchived() && id.equals(c.getParentId()));
        if (hasChildren || items.existsByCategoryIdAndArchivedFalse(id)) {
            throw new RuleViolation(null, "category.notEmpty");
        }
        category.archive();
        audit.record("archived", "category", id, "Category \"" + category.getName() + "\" archived");
        return category;
    }

    private String checked(UUID id, UUID parentId, String name) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String trimmed = name.trim();
        if (parentId != null) {
            try {
                get(parentId);
            } catch (NotFoundException e) {
                throw new RuleViolation("parentId", "category.unknownParent");
            }
        }
        boolean taken = categories.findAll().stream().anyMatch(c -> !c.getId().equals(id)
                && Objects.equals(c.getParentId(), parentId) && c.getName().equalsIgnoreCase(trimmed));
        if (taken) {
            throw new RuleViolation("name", "category.nameTaken");
        }
        return trimmed;
    }

    interface Repository extends JpaRepository<MenuCategory, UUID> {
    }
}
