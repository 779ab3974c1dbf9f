package app.larder.finance;

import app.larder.business.BusinessSignedUp;
import app.larder.finance.FinanceCategory.Direction;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The income and expense categories of the business, as a tree. Every business has the system categories operations
 * book into ({@link #SALES}, {@link #REFUNDS}, {@link #SUPPLIER_PAYMENTS}, {@link #CASH_IN}, {@link #CASH_OUT},
 * {@link #SHIFT_DISCREPANCY}) and starts with a few usual ones (rent, salaries, utilities, marketing...). A category
 * is archived, never deleted: transactions refer to it.
 */
@Service
public class FinanceCategories {

    public static final String SALES = "sales";
    public static final String REFUNDS = "refunds";
    public static final String SUPPLIER_PAYMENTS = "supplier_payments";
    public static final String CASH_IN = "cash_in";
    public static final String CASH_OUT = "cash_out";
    public static final String SHIFT_DISCREPANCY = "shift_discrepancy";

    /** System categories: key, name, direction, in the P&L. Sales, refunds, supplier payments and moves of cash are
     * left out of the P&L, which takes revenue and cost of goods from their own ledgers. */
    private static final List<Object[]> SYSTEM = List.of(
            new Object[]{SALES, "Sales", Direction.INCOME, false},
            new Object[]{CASH_IN, "Cash in", Direction.INCOME, false},
            new Object[]{REFUNDS, "Refunds", Direction.EXPENSE, false},
            new Object[]{SUPPLIER_PAYMENTS, "Supplier payments", Direction.EXPENSE, false},
            new Object[]{CASH_OUT, "Cash out", Direction.EXPENSE, false},
            new Object[]{SHIFT_DISCREPANCY, "Shift discrepancies", Direction.EXPENSE, true});

    /** The usual categories a new business starts with: parent name (or null), name, direction. */
    private static final List<Object[]> DEFAULTS = List.of(
            new Object[]{null, "Other income", Direction.INCOME},
            new Object[]{null, "Premises", Direction.EXPENSE},
            new Object[]{"Premises", "Rent", Direction.EXPENSE},
            new Object[]{"Premises", "Utilities", Direction.EXPENSE},
            new Object[]{"Premises", "Repairs and maintenance", Direction.EXPENSE},
            new Object[]{null, "Staff", Direction.EXPENSE},
            new Object[]{"Staff", "Salaries", Direction.EXPENSE},
            new Object[]{"Staff", "Payroll taxes", Direction.EXPENSE},
            new Object[]{null, "Marketing", Direction.EXPENSE},
            new Object[]{null, "Bank and acquiring fees", Direction.EXPENSE},
            new Object[]{null, "Taxes", Direction.EXPENSE},
            new Object[]{null, "Other expenses", Direction.EXPENSE});

    private final CategoryRepository categories;
    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;

    FinanceCategories(CategoryRepository categories, NamedParameterJdbcTemplate jdbc, AuditLog audit) {
        this.categories = categories;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A category as a form or a request describes it. {@code inPnl} null keeps what it was (true when new). */
    public record CategoryDetails(String name, UUID parentId, Direction direction, Boolean inPnl) {
    }

    /** A category in the tree with its depth (0 at the top), listed parent first, children by name. */
    public record Node(FinanceCategory category, int depth, String path) {
    }

    @EventListener
    void onSignedUp(BusinessSignedUp event) {
        seed();
    }

    /**
     * The system categories where missing (so a business from before finance gets them on its first booking), and
     * with them, the first time, the usual ones. Safe against a concurrent seeding: each system row is inserted at
     * most once by its unique key.
     */
    @Transactional
    public void seed() {
        int inserted = 0;
        Instant now = Instant.now();
        for (Object[] s : SYSTEM) {
            inserted += jdbc.update("""
                    INSERT INTO finance_category (tenant_id, id, parent_id, name, direction, in_pnl, system_key,
                                                  archived, created_at, version)
                    VALUES (larder_current_tenant(), :id, NULL, :name, :direction, :inPnl, :key, false, :now, 0)
                    ON CONFLICT DO NOTHING""", new MapSqlParameterSource("id", Ids.next()).addValue("name", s[1])
                    .addValue("direction", ((Direction) s[2]).name()).addValue("inPnl", s[3]).addValue("key", s[0])
                    .addValue("now", Timestamp.from(now)));
        }
        if (inserted == SYSTEM.size() && categories.count() == SYSTEM.size()) {
            Map<String, UUID> made = new HashMap<>();
            for (Object[] d : DEFAULTS) {
                FinanceCategory category = new FinanceCategory(Ids.next(), null, (Direction) d[2], true);
                category.describe((String) d[1], d[0] == null ? null : made.get((String) d[0]));
                categories.save(category);
                made.put((String) d[1], category.getId());
            }
        }
    }

    /** The id of a system category, seeding the system categories if this business has none yet. */
    @Transactional
    public UUID systemId(String key) {
        Optional<UUID> id = findSystem(key);
        if (id.isPresent()) {
            return id.get();
        }
        seed();
        return findSystem(key).orElseThrow(() -> new IllegalStateException("No system category " + key));
    }

    boolean hasSystem(String key) {
        return findSystem(key).isPresent();
    }

    private Optional<UUID> findSystem(String key) {
        return jdbc.queryForList("SELECT id FROM finance_category WHERE system_key = :key", Map.of("key", key),
                UUID.class).stream().findFirst();
    }

    /** Every category, archived ones too, as a tree: parents before their children, siblings by name. */
    @Transactional(readOnly = true)
    public List<Node> tree() {
        List<FinanceCategory> all = categories.findAll(Sort.by("name"));
        Map<UUID, List<FinanceCategory>> children = new HashMap<>();
        List<FinanceCategory> roots = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        all.forEach(c -> ids.add(c.getId()));
        for (FinanceCategory c : all) {
            if (c.getParentId() == null || !ids.contains(c.getParentId())) {
                roots.add(c);
            } else {
                children.computeIfAbsent(c.getParentId(), k -> new ArrayList<>()).add(c);
            }
        }
        roots.sort(Comparator.comparing((FinanceCategory c) -> c.getDirection()).thenComparing(FinanceCategory::getName,
                String.CASE_INSENSITIVE_ORDER));
        List<Node> out = new ArrayList<>();
        for (FinanceCategory root : roots) {
            walk(root, 0, root.getName(), children, out);
        }
        return out;
    }

    private static void walk(FinanceCategory c, int depth, String path, Map<UUID, List<FinanceCategory>> children,
                             List<Node> out) {
        out.add(new Node(c, depth, path));
        for (FinanceCategory child : children.getOrDefault(c.getId(), List.of())) {
            walk(child, depth + 1, path + " / " + child.getName(), children, out);
        }
    }

    /** Active categories of one direction (both when null), as a tree: for pickers. */
    @Transactional(readOnly = true)
    public List<Node> choices(Direction direction) {
        return tree().stream().filter(n -> !n.category().isArchived())
                .filter(n -> direction == null || n.category().getDirection() == direction).toList();
    }

    @Transactional(readOnly = true)
    public FinanceCategory get(UUID id) {
        return categories.findById(id).orElseThrow(() -> new NotFoundException("finance category", id));
    }

    @Transactional(readOnly = true)
    public Map<UUID, FinanceCategory> byId(java.util.Collection<UUID> ids) {
        Map<UUID, FinanceCategory> found = new HashMap<>();
        categories.findAllById(ids).forEach(c -> found.put(c.getId(), c));
        return found;
    }

    @Transactional
    public FinanceCategory create(CategoryDetails details) {
        if (details.direction() == null) {
            throw new RuleViolation("direction", "validation.required");
        }
        String name = name(details.name());
        FinanceCategory category = new FinanceCategory(Ids.next(), null, details.direction(),
                details.inPnl() == null || details.inPnl());
        category.describe(name, parent(details.parentId(), details.direction(), null));
        categories.save(category);
        audit.record("created", "financeCategory", category.getId(), "Finance category \"" + name + "\" ("
                + details.direction() + ")");
        return category;
    }

    /**
     * Renames or moves a category (its direction may change only at the top of the tree and for a category that is
     * not a system one and has no children). {@code expectedVersion} as elsewhere: a change in between is a 409.
     */
    @Transactional
    public FinanceCategory change(UUID id, Long expectedVersion, CategoryDetails details) {
        FinanceCategory category = get(id);
        if (expectedVersion != null && !expectedVersion.equals(category.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(FinanceCategory.class, id);
        }
        String name = name(details.name());
        Direction direction = details.direction() == null ? category.getDirection() : details.direction();
        if (direction != category.getDirection() && (category.isSystem() || categories.existsByParentId(id))) {
            throw new RuleViolation("direction", "finance.categoryDirectionFixed");
        }
        UUID parentId = parent(details.parentId(), direction, id);
        String before = category.getName();
        category.describe(name, parentId);
        if (!category.isSystem()) {
            category.direct(direction, details.inPnl() == null ? category.isInPnl() : details.inPnl());
        }
        audit.record("updated", "financeCategory", id, "Finance category \"" + before + "\" → \"" + name + "\"");
        return category;
    }

    @Transactional
    public FinanceCategory archive(UUID id) {
        FinanceCategory category = get(id);
        if (category.isSystem()) {
            throw new RuleViolation(null, "finance.systemCategory");
        }
        if (!category.isArchived()) {
            category.archive();
            audit.record("archived", "financeCategory", id, "Finance category \"" + category.getName() + "\" archived");
        }
        return category;
    }

    @Transactional
    public FinanceCategory restore(UUID id) {
        FinanceCategory category = get(id);
        if (category.isArchived()) {
            category.restore();
            audit.record("restored", "financeCategory", id, "Finance category \"" + category.getName() + "\" restored");
        }
        return category;
    }

    /** The parent checked: of this business, the same direction, and not the category itself or below it. */
    private UUID parent(UUID parentId, Direction direction, UUID self) {
        if (parentId == null) {
            return null;
        }
        FinanceCategory parent = categories.findById(parentId)
                .orElseThrow(() -> new RuleViolation("parentId", "finance.unknownCategory"));
        if (parent.getDirection() != direction) {
            throw new RuleViolation("parentId", "finance.parentDirection");
        }
        for (FinanceCategory at = parent; at != null; at = at.getParentId() == null ? null
                : categories.findById(at.getParentId()).orElse(null)) {
            if (at.getId().equals(self)) {
                throw new RuleViolation("parentId", "finance.categoryCycle");
            }
        }
        return parentId;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        if (name.trim().length() > 200) {
            throw new RuleViolation("name", "validation.tooLong", 200);
        }
        return name.trim();
    }

    interface CategoryRepository extends JpaRepository<FinanceCategory, UUID> {
        boolean existsByParentId(UUID parentId);
    }
}
