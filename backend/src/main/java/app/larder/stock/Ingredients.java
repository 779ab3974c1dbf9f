package app.larder.stock;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ingredients of the current business, their processing methods and unit costs. Until the warehouse posts
 * supplies, unit costs are entered by hand; every change is a new entry of the history and tells the recipes.
 */
@Service
public class Ingredients {

    /** Unit costs and piece sizes beyond this are typing mistakes, not prices. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private final IngredientRepository ingredients;
    private final MethodRepository methods;
    private final CostRepository costs;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    Ingredients(IngredientRepository ingredients, MethodRepository methods, CostRepository costs, AuditLog audit,
                ApplicationEventPublisher events) {
        this.ingredients = ingredients;
        this.methods = methods;
        this.costs = costs;
        this.audit = audit;
        this.events = events;
    }

    /**
     * An ingredient as a form or an import describes it. {@code unitCost} is per stock unit (kg, l, pcs);
     * {@code purchaseUnitSize} in base units (g, ml, pcs).
     */
    public record IngredientDetails(String name, String category, Unit.Dimension dimension, BigDecimal pieceSize,
                                    String purchaseUnitName, BigDecimal purchaseUnitSize, BigDecimal unitCost) {
    }

    /** An ingredient with its current unit cost (null until one is set). */
    public record IngredientRow(Ingredient ingredient, BigDecimal unitCost) {
    }

    public record IngredientQuery(String text, String category, boolean includeArchived) {
    }

    /** What other features need of an ingredient to use it in a recipe. */
    public record StockItem(UUID id, String name, Unit.Dimension dimension, BigDecimal pieceSize,
                            BigDecimal unitCost, boolean archived) {
    }

    @Transactional(readOnly = true)
    public Page<IngredientRow> search(IngredientQuery query, Pageable page) {
        Specification<Ingredient> spec = (r, q, cb) -> cb.conjunction();
        if (!query.includeArchived()) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = "%" + query.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("name")), like, '\\'));
        }
        if (query.category() != null && !query.category().isBlank()) {
            spec = spec.and((r, q, cb) -> cb.equal(cb.lower(r.get("category")),
                    query.category().trim().toLowerCase(Locale.ROOT)));
        }
        Page<Ingredient> found = ingredients.findAll(spec, page);
        Map<UUID, BigDecimal> current = currentUnitCosts(found.map(Ingredient::getId).toList());
        return found.map(i -> new IngredientRow(i, current.get(i.getId())));
    }

    /** Every ingredient of the business, archived ones included: for imports and exports. */
    @Transactional(readOnly = true)
    public List<Ingredient> all() {
        return ingredients.findAll(org.springframework.data.domain.Sort.by("name"));
    }

    @Transactional(readOnly = true)
    public List<String> categories() {
        return ingredients.categories();
    }

    @Transactional(readOnly = true)
    public IngredientRow get(UUID id) {
        Ingredient ingredient = ingredients.findById(id).orElseThrow(() -> new NotFoundException("ingredient", id));
        return new IngredientRow(ingredient, currentUnitCosts(List.of(id)).get(id));
    }

    /** The ingredients named, as recipes see them; unknown ids (or another business's) are simply absent. */
    @Transactional(readOnly = true)
    public Map<UUID, StockItem> items(Collection<UUID> ids) {
        Map<UUID, BigDecimal> current = currentUnitCosts(ids);
        Map<UUID, StockItem> items = new HashMap<>();
        ingredients.findAllById(ids).forEach(i -> items.put(i.getId(), new StockItem(i.getId(), i.getName(),
                i.getDimension(), i.getPieceSize(), current.get(i.getId()), i.isArchived())));
        return items;
    }

    @Transactional(readOnly = true)
    public Map<UUID, BigDecimal> currentUnitCosts(Collection<UUID> ids) {
        Map<UUID, BigDecimal> current = new HashMap<>();
        if (!ids.isEmpty()) {
            costs.current(ids).forEach(row -> current.put((UUID) row[0], (BigDecimal) row[1]));
        }
        return current;
    }

    @Transactional
    public Ingredient create(IngredientDetails details) {
        Unit.Dimension dimension = details.dimension();
        if (dimension == null) {
            throw new RuleViolation("dimension", "validation.required");
        }
        String name = checked(details, null);
        Ingredient ingredient = new Ingredient(Ids.next(), name, dimension);
        describe(ingredient, details, name);
        ingredients.save(ingredient);
        audit.record("created", "ingredient", ingredient.getId(), "Ingredient \"" + name + "\" ("
                + ingredient.getStockUnit().symbol() + ")");
        if (details.unitCost() != null) {
            recordUnitCost(ingredient, details.unitCost(), "manual");
        }
        return ingredient;
    }

    @Transactional
    public Ingredient change(UUID id, IngredientDetails details) {
        Ingredient ingredient = get(id).ingredient();
        if (details.dimension() != null && details.dimension() != ingredient.getDimension()) {
            throw new RuleViolation("dimension", "ingredient.dimensionFixed");
        }
        String name = checked(details, id);
        describe(ingredient, details, name);
        audit.record("updated", "ingredient", id, "Ingredient \"" + name + "\" updated");
        if (details.unitCost() != null) {
            BigDecimal current = currentUnitCosts(List.of(id)).get(id);
            if (current == null || current.compareTo(details.unitCost()) != 0) {
                recordUnitCost(ingredient, details.unitCost(), "manual");
            }
        }
        return ingredient;
    }

    /** Sets the unit cost by hand, per stock unit, from now on. */
    @Transactional
    public void setUnitCost(UUID id, BigDecimal unitCost) {
        recordUnitCost(get(id).ingredient(), unitCost, "manual");
    }

    @Transactional
    public Ingredient archive(UUID id) {
        Ingredient ingredient = get(id).ingredient();
        if (!ingredient.isArchived()) {
            ingredient.archive();
            audit.record("archived", "ingredient", id, "Ingredient \"" + ingredient.getName() + "\" archived");
        }
        return ingredient;
    }

    @Transactional
    public Ingredient restore(UUID id) {
        Ingredient ingredient = get(id).ingredient();
        if (ingredient.isArchived()) {
            ingredient.restore();
            audit.record("restored", "ingredient", id, "Ingredient \"" + ingredient.getName() + "\" restored");
        }
        return ingredient;
    }

    @Transactional(readOnly = true)
    public List<ProcessingMethod> methodsOf(UUID ingredientId) {
        get(ingredientId);
        return methods.findByIngredientIdOrderByNameAsc(ingredientId);
    }

    /** Every processing method of the business, by ingredient, in name order: one query for an export. */
    @Transactional(readOnly = true)
    public Map<UUID, List<ProcessingMethod>> allMethods() {
        Map<UUID, List<ProcessingMethod>> byIngredient = new HashMap<>();
        methods.findAll(org.springframework.data.domain.Sort.by("name"))
                .forEach(m -> byIngredient.computeIfAbsent(m.getIngredientId(), k -> new java.util.ArrayList<>()).add(m));
        return byIngredient;
    }

    @Transactional(readOnly = true)
    public Map<UUID, ProcessingMethod> methods(Collection<UUID> ids) {
        Map<UUID, ProcessingMethod> found = new HashMap<>();
        methods.findAllById(ids).forEach(m -> found.put(m.getId(), m));
        return found;
    }

    @Transactional
    public ProcessingMethod addMethod(UUID ingredientId, String name, BigDecimal lossPercent) {
        Ingredient ingredient = get(ingredientId).ingredient();
        String trimmed = requireName(name);
        checkLoss(lossPercent);
        if (methods.existsByIngredientIdAndNameIgnoreCase(ingredientId, trimmed)) {
            throw new RuleViolation("name", "processing.nameTaken");
        }
        ProcessingMethod method = methods.save(new ProcessingMethod(Ids.next(), ingredientId, trimmed, lossPercent));
        audit.record("created", "processing-method", method.getId(), ingredient.getName() + ": " + trimmed + " "
                + lossPercent.toPlainString() + " %");
        return method;
    }

    @Transactional
    public ProcessingMethod changeMethod(UUID methodId, String name, BigDecimal lossPercent) {
        ProcessingMethod method = methods.findById(methodId)
                .orElseThrow(() -> new NotFoundException("processing-method", methodId));
        String trimmed = requireName(name);
        checkLoss(lossPercent);
        method.change(trimmed, lossPercent);
        audit.record("updated", "processing-method", methodId, trimmed + " " + lossPercent.toPlainString() + " %");
        return method;
    }

    private void recordUnitCost(Ingredient ingredient, BigDecimal unitCost, String source) {
        if (unitCost.signum() < 0) {
            throw new RuleViolation("unitCost", "validation.notNegative");
        }
        if (unitCost.compareTo(MAX_AMOUNT) >= 0) {
            throw new RuleViolation("unitCost", "validation.tooLarge");
        }
        UUID user = TenantContext.current().map(TenantContext.Actor::userId).orElse(null);
        BigDecimal before = currentUnitCosts(List.of(ingredient.getId())).get(ingredient.getId());
        costs.save(new UnitCostEntry(Ids.next(), ingredient.getId(), unitCost, Instant.now(), source, user));
        audit.record("unit-cost", "ingredient", ingredient.getId(), "Unit cost of \"" + ingredient.getName()
                + "\" set to " + unitCost.toPlainString() + " per " + ingredient.getStockUnit().symbol());
        events.publishEvent(new UnitCostChanged(TenantContext.requireTenant(), ingredient.getId(),
                ingredient.getDimension(), before, unitCost, ingredient.getName()));
    }

    private String checked(IngredientDetails details, UUID id) {
        String name = requireName(details.name());
        boolean taken = id == null ? ingredients.existsByNameIgnoreCase(name)
                : ingredients.existsByNameIgnoreCaseAndIdNot(name, id);
        if (taken) {
            throw new RuleViolation("name", "ingredient.nameTaken");
        }
        positive("pieceSize", details.pieceSize());
        positive("purchaseUnitSize", details.purchaseUnitSize());
        boolean hasName = details.purchaseUnitName() != null && !details.purchaseUnitName().isBlank();
        if (hasName != (details.purchaseUnitSize() != null)) {
            throw new RuleViolation("purchaseUnitSize", "ingredient.purchaseUnitWhole");
        }
        return name;
    }

    private static void describe(Ingredient ingredient, IngredientDetails details, String name) {
        String category = details.category() == null || details.category().isBlank() ? null
                : details.category().trim();
        String purchaseName = details.purchaseUnitName() == null || details.purchaseUnitName().isBlank() ? null
                : details.purchaseUnitName().trim();
        ingredient.describe(name, category, details.pieceSize(), purchaseName, details.purchaseUnitSize());
    }

    private static void positive(String field, BigDecimal value) {
        if (value != null && value.signum() <= 0) {
            throw new RuleViolation(field, "validation.positive");
        }
        if (value != null && value.compareTo(MAX_AMOUNT) >= 0) {
            throw new RuleViolation(field, "validation.tooLarge");
        }
    }

    static void checkLoss(BigDecimal lossPercent) {
        if (lossPercent == null || lossPercent.signum() < 0 || lossPercent.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new RuleViolation("lossPercent", "processing.lossRange");
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        if (name.trim().length() > 200) {
            throw new RuleViolation("name", "validation.tooLong", 200);
        }
        return name.trim();
    }

    /**
     * Makes each ingredient's unit cost follow its stock, after a document moved it (a supply posted, edited or
     * cancelled). Per stock unit (kg, l, pcs): Σ value ÷ Σ quantity over the storages holding positive stock of it
     * in {@code levels} (the ledger's current levels), times the stock unit's base units, rounded to 4 decimals
     * half-even (as unit costs are stored); with no positive stock anywhere, {@code fallback}'s price per stock unit
     * (the latest posted supply's), or the cost stays as it is. A cost is recorded, with {@code source}, only where
     * it differs from the current one, and each recorded change tells the recipes ({@link UnitCostChanged}).
     */
    @Transactional
    public void followStock(Collection<UUID> ingredientIds, Collection<StockLedger.Level> levels,
                            Map<UUID, BigDecimal> fallback, String source) {
        if (ingredientIds.isEmpty()) {
            return;
        }
        Map<UUID, BigDecimal[]> sums = new HashMap<>();
        for (StockLedger.Level level : levels) {
            if (level.quantity().signum() > 0 && ingredientIds.contains(level.itemId())) {
                BigDecimal[] sum = sums.computeIfAbsent(level.itemId(),
                        k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                sum[0] = sum[0].add(level.quantity());
                sum[1] = sum[1].add(level.value());
            }
        }
        Map<UUID, BigDecimal> current = currentUnitCosts(ingredientIds);
        for (Ingredient ingredient : ingredients.findAllById(ingredientIds)) {
            BigDecimal[] sum = sums.get(ingredient.getId());
            BigDecimal unitCost = sum != null
                    ? sum[1].multiply(ingredient.getStockUnit().baseUnits())
                            .divide(sum[0], java.math.MathContext.DECIMAL128)
                            .setScale(4, java.math.RoundingMode.HALF_EVEN)
                    : fallback.get(ingredient.getId());
            if (unitCost == null || unitCost.signum() < 0) {
                continue;
            }
            BigDecimal before = current.get(ingredient.getId());
            if (before == null || before.compareTo(unitCost) != 0) {
                recordUnitCost(ingredient, unitCost, source);
            }
        }
    }

    interface IngredientRepository extends JpaRepository<Ingredient, UUID>, JpaSpecificationExecutor<Ingredient> {
        boolean existsByNameIgnoreCase(String name);

        boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);

        @Query("select distinct i.category from Ingredient i where i.category is not null order by i.category")
        List<String> categories();
    }

    interface MethodRepository extends JpaRepository<ProcessingMethod, UUID> {
        List<ProcessingMethod> findByIngredientIdOrderByNameAsc(UUID ingredientId);

        boolean existsByIngredientIdAndNameIgnoreCase(UUID ingredientId, String name);
    }

    interface CostRepository extends JpaRepository<UnitCostEntry, UUID> {
        @Query(value = "select item_id, unit_cost from current_unit_cost where item_id in (:ids)",
                nativeQuery = true)
        List<Object[]> current(Collection<UUID> ids);
    }
}
