package app.larder.sales;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.menu.Categories;
import app.larder.menu.MenuCategory;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import jakarta.persistence.EntityManager;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Where each venue's sales are written off from: a setting per venue of menu category → storage (the bar for
 * drinks, the kitchen for food). A rule covers its category and every subcategory below it; the nearest ancestor's
 * rule wins. A category without any rule above it, and a rule whose storage has been archived since, fall back to
 * the venue's first active storage (the oldest: the main storage a venue starts with).
 */
@Service
public class WriteOffStorages {

    /** How far up the category tree a rule is looked for; the menu's tree is never this deep. */
    private static final int MAX_DEPTH = 32;

    private static final String NEAREST_RULES = """
            WITH RECURSIVE up(category_id, ancestor_id, distance) AS (
                SELECT c.id, c.id, 0 FROM menu_category c
                WHERE c.id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))
              UNION ALL
                SELECT u.category_id, c.parent_id, u.distance + 1
                FROM up u JOIN menu_category c ON c.id = u.ancestor_id
                WHERE c.parent_id IS NOT NULL AND u.distance < %d
            )
            SELECT DISTINCT ON (u.category_id) u.category_id, r.storage_id
            FROM up u
            JOIN write_off_storage_rule r ON r.category_id = u.ancestor_id AND r.venue_id = :venue
            JOIN storage s ON s.id = r.storage_id AND NOT s.archived
            ORDER BY u.category_id, u.distance""".formatted(MAX_DEPTH);

    private final Repository rules;
    private final Venues venues;
    private final Storages storages;
    private final Categories categories;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final EntityManager entityManager;

    WriteOffStorages(Repository rules, Venues venues, Storages storages, Categories categories, AuditLog audit,
                     NamedParameterJdbcTemplate jdbc, EntityManager entityManager) {
        this.rules = rules;
        this.venues = venues;
        this.storages = storages;
        this.categories = categories;
        this.audit = audit;
        this.jdbc = jdbc;
        this.entityManager = entityManager;
    }

    /** One rule: the items of {@code categoryId} and its subcategories are written off from {@code storageId}. */
    public record Rule(UUID categoryId, UUID storageId) {
    }

    /**
     * A category of the tree as the setting sees it: the storage its sales are written off from, and whether that
     * comes from its own rule, from an ancestor's ({@code ruleCategoryId}), or from the venue's default (both
     * null).
     */
    public record CategoryStorage(UUID categoryId, String name, int depth, UUID storageId, UUID ownStorageId,
                                  UUID ruleCategoryId) {
    }

    /** The whole setting of a venue: its rules, its default storage, and every active category with its storage. */
    public record Setting(Venue venue, Storage defaultStorage, List<Storage> activeStorages, List<Rule> rules,
                          List<CategoryStorage> categories) {
    }

    @Transactional(readOnly = true)
    public Setting of(UUID venueId) {
        Venue venue = venues.get(venueId);
        List<Storage> active = activeStorages(venueId);
        Map<UUID, UUID> own = new HashMap<>();
        Set<UUID> activeIds = active.stream().map(Storage::getId).collect(Collectors.toSet());
        List<Rule> found = rules.findByVenueId(venueId).stream()
                .map(r -> new Rule(r.getCategoryId(), r.getStorageId())).toList();
        found.forEach(r -> own.put(r.categoryId(), r.storageId()));
        // The tree comes depth-first, so the rule in force at each depth is known when its subcategories come.
        List<CategoryStorage> tree = new ArrayList<>();
        List<CategoryStorage> path = new ArrayList<>();
        for (Categories.Node node : categories.tree()) {
            while (path.size() > node.depth()) {
                path.remove(path.size() - 1);
            }
            MenuCategory category = node.category();
            UUID ownStorage = own.get(category.getId());
            CategoryStorage shown;
            if (ownStorage != null && activeIds.contains(ownStorage)) {
                shown = new CategoryStorage(category.getId(), category.getName(), node.depth(), ownStorage,
                        ownStorage, category.getId());
            } else {
                CategoryStorage parent = path.isEmpty() ? null : path.get(path.size() - 1);
                shown = parent == null || parent.ruleCategoryId() == null
                        ? new CategoryStorage(category.getId(), category.getName(), node.depth(),
                        active.get(0).getId(), ownStorage, null)
                        : new CategoryStorage(category.getId(), category.getName(), node.depth(), parent.storageId(),
                        ownStorage, parent.ruleCategoryId());
            }
            tree.add(shown);
            path.add(shown);
        }
        return new Setting(venue, active.get(0), active, found, tree);
    }

    /**
     * Replaces a venue's rules with {@code wanted}. A storage must be an active storage of that venue; a category
     * or storage that does not exist (or is another business's) is not found. Nothing is saved unless all is well.
     */
    @Transactional
    public Setting replace(UUID venueId, List<Rule> wanted) {
        Venue venue = venues.get(venueId);
        Map<UUID, UUID> byCategory = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            Rule rule = wanted.get(i);
            String at = "rules[" + i + "].";
            if (rule.categoryId() == null) {
                throw new RuleViolation(at + "categoryId", "validation.required");
            }
            if (rule.storageId() == null) {
                throw new RuleViolation(at + "storageId", "validation.required");
            }
            categories.get(rule.categoryId());
            Storage storage = storages.get(rule.storageId());
            if (!storage.getVenueId().equals(venueId)) {
                throw new RuleViolation(at + "storageId", "sales.storageOfOtherVenue", storage.getName(),
                        venue.getName());
            }
            if (storage.isArchived()) {
                throw new RuleViolation(at + "storageId", "sales.storageArchived", storage.getName());
            }
            if (byCategory.put(rule.categoryId(), rule.storageId()) != null) {
                throw new RuleViolation(at + "categoryId", "sales.duplicateCategory");
            }
        }
        int changed = 0;
        Set<UUID> kept = new HashSet<>();
        for (WriteOffStorageRule existing : rules.findByVenueId(venueId)) {
            UUID storageId = byCategory.get(existing.getCategoryId());
            if (storageId == null) {
                rules.delete(existing);
                changed++;
            } else {
                if (!storageId.equals(existing.getStorageId())) {
                    existing.writeOffFrom(storageId);
                    changed++;
                }
                kept.add(existing.getCategoryId());
            }
        }
        for (Map.Entry<UUID, UUID> rule : byCategory.entrySet()) {
            if (!kept.contains(rule.getKey())) {
                rules.save(new WriteOffStorageRule(Ids.next(), venueId, rule.getKey(), rule.getValue()));
                changed++;
            }
        }
        if (changed > 0) {
            audit.record("updated", "write-off-storages", venueId, "Write-off storages of \"" + venue.getName()
                    + "\": " + byCategory.size() + " rules");
        }
        return of(venueId);
    }

    /**
     * The storage each category's sales are written off from at a venue: the nearest rule up the tree (archived
     * categories included, since a terminal may still sell what was archived), else the venue's default. One
     * statement for any number of categories.
     */
    @Transactional(readOnly = true)
    public Map<UUID, UUID> storagesFor(UUID venueId, Collection<UUID> categoryIds) {
        Objects.requireNonNull(venueId, "venueId");
        Map<UUID, UUID> found = new HashMap<>();
        if (categoryIds.isEmpty()) {
            return found;
        }
        entityManager.flush();
        jdbc.query(NEAREST_RULES, new MapSqlParameterSource("venue", venueId)
                        .addValue("ids", categoryIds.stream().map(UUID::toString).collect(Collectors.joining(","))),
                rs -> {
                    found.put(rs.getObject("category_id", UUID.class), rs.getObject("storage_id", UUID.class));
                });
        if (found.size() < new HashSet<>(categoryIds).size()) {
            // The oldest active storage, as activeStorages orders them; in SQL, as this runs for every receipt.
            List<UUID> oldest = jdbc.queryForList("""
                    SELECT id FROM storage WHERE venue_id = :venue AND NOT archived ORDER BY created_at, id LIMIT 1""",
                    new MapSqlParameterSource("venue", venueId), UUID.class);
            if (oldest.isEmpty()) {
                throw new IllegalStateException("venue " + venueId + " has no active storage");
            }
            categoryIds.forEach(id -> found.putIfAbsent(id, oldest.get(0)));
        }
        return found;
    }

    /** The venue's active storages, the first (the oldest) being where sales go without a rule. */
    private List<Storage> activeStorages(UUID venueId) {
        List<Storage> active = storages.ofVenue(venueId).stream().filter(s -> !s.isArchived())
                .sorted(Comparator.comparing(Storage::getCreatedAt).thenComparing(Storage::getId)).toList();
        if (active.isEmpty()) {
            // A venue always keeps an active storage (Storages refuses to archive the last one).
            throw new IllegalStateException("venue " + venueId + " has no active storage");
        }
        return active;
    }

    interface Repository extends JpaRepository<WriteOffStorageRule, UUID> {
        List<WriteOffStorageRule> findByVenueId(UUID venueId);
    }
}
