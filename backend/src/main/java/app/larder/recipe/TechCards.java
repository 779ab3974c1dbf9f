package app.larder.recipe;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.recipe.TechCard.ProductKind;
import app.larder.recipe.TechCardLine.ComponentKind;
import app.larder.shared.Quantity;
import app.larder.shared.Unit;
import app.larder.stock.Ingredients;
import app.larder.stock.ProcessingMethod;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tech cards: saving a new version (checked line by line, loops refused), finding the version in force at a
 * moment, and the breakdown of what a card costs. Saving a card recalculates the cost of its product and of
 * everything that uses it, in the same transaction.
 */
@Service
public class TechCards {

    /** Quantities are stored with 6 decimals; a gross worked out from a net is rounded there, half-up. */
    static final int QUANTITY_SCALE = 6;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000");

    private final Repository cards;
    private final SemiFinishedProducts semis;
    private final Ingredients ingredients;
    private final Costing costing;
    private final AuditLog audit;

    TechCards(Repository cards, SemiFinishedProducts semis, Ingredients ingredients, Costing costing,
              AuditLog audit) {
        this.cards = cards;
        this.semis = semis;
        this.ingredients = ingredients;
        this.costing = costing;
        this.audit = audit;
    }

    /**
     * One line as entered: a component, a quantity in any unit convertible to the component's (through its piece
     * size across dimensions), whether that quantity is net (after processing) or gross, and a processing method of
     * the ingredient, if any.
     */
    public record LineInput(ComponentKind kind, UUID componentId, BigDecimal quantity, Unit unit, boolean net,
                            UUID processingMethodId) {
    }

    /**
     * A new version. {@code validFrom} null means now. {@code yieldQuantity} in {@code yieldUnit} is what the card
     * makes (ignored for dishes, which make one portion); {@code portionOutput} the grams a guest gets.
     */
    public record NewVersion(Instant validFrom, BigDecimal yieldQuantity, Unit yieldUnit, BigDecimal portionOutput,
                             String notes, List<LineInput> lines) {
    }

    /** A line priced: quantities in the component's base unit, cost at its current unit cost. */
    public record CostedLine(ComponentKind kind, UUID componentId, String componentName, Unit baseUnit,
                             BigDecimal gross, BigDecimal lossPercent, BigDecimal net, BigDecimal unitCost,
                             BigDecimal cost) {
    }

    /** What one version costs: each line, the whole card, and one stock unit (a portion for dishes). */
    public record Breakdown(List<CostedLine> lines, BigDecimal total, BigDecimal perUnit, Unit unit,
                            boolean complete) {
    }

    @Transactional
    public TechCard saveForSemi(UUID semiId, NewVersion version) {
        SemiFinishedProduct semi = semis.get(semiId);
        if (version.yieldQuantity() == null || version.yieldQuantity().signum() <= 0) {
            throw new RuleViolation("yieldQuantity", "techCard.yieldPositive");
        }
        Unit yieldUnit = version.yieldUnit() == null ? semi.getStockUnit() : version.yieldUnit();
        BigDecimal yield;
        try {
            yield = new Quantity(version.yieldQuantity(), yieldUnit).inBaseOf(semi.getDimension(),
                    semi.getPieceSize());
        } catch (Quantity.IncompatibleUnits e) {
            throw new RuleViolation("yieldUnit", "techCard.incompatibleUnit", semi.getName(),
                    semi.getDimension().base().symbol());
        }
        return save(semiId, ProductKind.SEMI, semi.getName(), yield, version);
    }

    /** The menu calls this for its dishes; a dish's card makes one portion. */
    @Transactional
    public TechCard saveForDish(UUID dishId, String dishName, NewVersion version) {
        return save(dishId, ProductKind.DISH, dishName, BigDecimal.ONE, version);
    }

    /** The version in force at {@code at}: the latest that started at or before it. */
    @Transactional(readOnly = true)
    public Optional<TechCard> inForce(UUID productId, Instant at) {
        return cards.findFirstByProductIdAndValidFromLessThanEqualOrderByValidFromDesc(productId, at);
    }

    @Transactional(readOnly = true)
    public List<TechCard> versions(UUID productId) {
        return cards.findByProductIdOrderByValidFromDesc(productId);
    }

    @Transactional(readOnly = true)
    public TechCard get(UUID cardId) {
        return cards.findById(cardId).orElseThrow(() -> new NotFoundException("tech card", cardId));
    }

    /** The cost of a saved version at today's unit costs. */
    @Transactional(readOnly = true)
    public Breakdown breakdown(TechCard card) {
        List<Resolved> resolved = new ArrayList<>();
        for (TechCardLine line : card.getLines()) {
            resolved.add(new Resolved(line.getComponentKind(), line.getComponentId(), line.getGrossQuantity(),
                    line.getLossPercent(), line.getNetQuantity()));
        }
        return price(resolved, card.getYieldQuantity(), card.getProductKind() == ProductKind.DISH ? Unit.PCS
                : productDimension(card.getProductId()).stockUnit());
    }

    /** The cost of a version being edited, before it is saved: what the tech card page shows as lines change. */
    @Transactional(readOnly = true)
    public Breakdown preview(ProductKind kind, UUID productId, NewVersion version) {
        BigDecimal yield = BigDecimal.ONE;
        Unit unit = Unit.PCS;
        if (kind == ProductKind.SEMI) {
            SemiFinishedProduct semi = semis.get(productId);
            unit = semi.getStockUnit();
            try {
                yield = version.yieldQuantity() == null || version.yieldQuantity().signum() <= 0 ? BigDecimal.ONE
                        : new Quantity(version.yieldQuantity(), version.yieldUnit() == null ? unit
                        : version.yieldUnit()).inBaseOf(semi.getDimension(), semi.getPieceSize());
            } catch (Quantity.IncompatibleUnits e) {
                throw new RuleViolation("yieldUnit", "techCard.incompatibleUnit", semi.getName(),
                        semi.getDimension().base().symbol());
            }
        }
        return price(resolve(productId, version.lines()), yield, unit);
    }

    private TechCard save(UUID productId, ProductKind kind, String productName, BigDecimal yield,
                          NewVersion version) {
        if (version.lines() == null || version.lines().isEmpty()) {
            throw new RuleViolation("lines", "techCard.noLines");
        }
        List<Resolved> resolved = resolve(productId, version.lines());
        refuseLoops(productId, productName, resolved);
        Instant validFrom = version.validFrom() == null ? Instant.now() : version.validFrom();
        if (cards.existsByProductIdAndValidFrom(productId, validFrom)) {
            throw new RuleViolation("validFrom", "techCard.versionExists");
        }
        if (version.portionOutput() != null && version.portionOutput().signum() <= 0) {
            throw new RuleViolation("portionOutput", "validation.positive");
        }
        List<TechCardLine> lines = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            Resolved r = resolved.get(i);
            LineInput input = version.lines().get(i);
            lines.add(new TechCardLine(r.kind(), r.componentId(), r.gross(), input.unit(),
                    input.processingMethodId(), r.lossPercent(), r.net()));
        }
        UUID user = TenantContext.current().map(TenantContext.Actor::userId).orElse(null);
        TechCard card = cards.save(new TechCard(Ids.next(), productId, kind, validFrom, yield,
                version.portionOutput(), blankToNull(version.notes()), user, lines));
        audit.record("created", "tech-card", card.getId(), "Tech card of \"" + productName + "\" from "
                + validFrom + ", " + lines.size() + " lines");
        costing.recalculateProducts(Set.of(productId), new Costing.Cause("tech-card", productId, productName));
        return card;
    }

    /** A line checked and in base units. */
    private record Resolved(ComponentKind kind, UUID componentId, BigDecimal gross, BigDecimal lossPercent,
                            BigDecimal net) {
    }

    private List<Resolved> resolve(UUID productId, List<LineInput> inputs) {
        Set<UUID> ingredientIds = new HashSet<>();
        Set<UUID> semiIds = new HashSet<>();
        Set<UUID> methodIds = new HashSet<>();
        for (LineInput input : inputs) {
            if (input.componentId() != null && input.kind() == ComponentKind.INGREDIENT) {
                ingredientIds.add(input.componentId());
            } else if (input.componentId() != null && input.kind() == ComponentKind.SEMI) {
                semiIds.add(input.componentId());
            }
            if (input.processingMethodId() != null) {
                methodIds.add(input.processingMethodId());
            }
        }
        Map<UUID, Ingredients.StockItem> items = ingredients.items(ingredientIds);
        Map<UUID, SemiFinishedProduct> semiProducts = semis.find(semiIds);
        Map<UUID, ProcessingMethod> methods = ingredients.methods(methodIds);
        List<Resolved> resolved = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            LineInput input = inputs.get(i);
            String at = "lines[" + i + "].";
            if (input.kind() == null) {
                throw new RuleViolation(at + "kind", "validation.required");
            }
            if (input.quantity() == null || input.quantity().signum() <= 0) {
                throw new RuleViolation(at + "quantity", "techCard.quantityPositive");
            }
            if (input.quantity().compareTo(MAX_QUANTITY) >= 0) {
                throw new RuleViolation(at + "quantity", "validation.tooLarge");
            }
            if (input.unit() == null) {
                throw new RuleViolation(at + "unit", "validation.required");
            }
            String name;
            Unit.Dimension dimension;
            BigDecimal pieceSize;
            if (input.kind() == ComponentKind.INGREDIENT) {
                Ingredients.StockItem item = items.get(input.componentId());
                if (item == null) {
                    throw new RuleViolation(at + "componentId", "techCard.unknownComponent");
                }
                name = item.name();
                dimension = item.dimension();
                pieceSize = item.pieceSize();
            } else {
                SemiFinishedProduct semi = semiProducts.get(input.componentId());
                if (semi == null) {
                    throw new RuleViolation(at + "componentId", "techCard.unknownComponent");
                }
                if (semi.getId().equals(productId)) {
                    throw new RuleViolation(at + "componentId", "techCard.loop", semi.getName() + " → "
                            + semi.getName());
                }
                name = semi.getName();
                dimension = semi.getDimension();
                pieceSize = semi.getPieceSize();
            }
            BigDecimal quantity;
            try {
                quantity = new Quantity(input.quantity(), input.unit()).inBaseOf(dimension, pieceSize);
            } catch (Quantity.IncompatibleUnits e) {
                throw new RuleViolation(at + "unit", "techCard.incompatibleUnit", name, dimension.base().symbol());
            }
            BigDecimal loss = BigDecimal.ZERO;
            if (input.processingMethodId() != null) {
                ProcessingMethod method = methods.get(input.processingMethodId());
                if (method == null || input.kind() != ComponentKind.INGREDIENT
                        || !method.getIngredientId().equals(input.componentId())) {
                    throw new RuleViolation(at + "processingMethodId", "techCard.unknownMethod", name);
                }
                loss = method.getLossPercent();
            }
            BigDecimal kept = BigDecimal.ONE.subtract(loss.divide(HUNDRED));
            BigDecimal gross;
            BigDecimal net;
            if (input.net()) {
                net = quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
                gross = quantity.divide(kept, MathContext.DECIMAL128).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
            } else {
                gross = quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
                net = quantity.multiply(kept).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
            }
            if (gross.signum() <= 0 || net.signum() <= 0) {
                throw new RuleViolation(at + "quantity", "techCard.quantityPositive");
            }
            resolved.add(new Resolved(input.kind(), input.componentId(), gross, loss, net));
        }
        return resolved;
    }

    /**
     * Refuses a card whose semi-finished products lead back to its own product, through any version of any card,
     * naming the loop: "Sauce → Dough → Sauce".
     */
    private void refuseLoops(UUID productId, String productName, List<Resolved> lines) {
        Map<UUID, Set<UUID>> uses = new HashMap<>();
        for (Object[] edge : cards.semiEdges()) {
            uses.computeIfAbsent((UUID) edge[0], k -> new HashSet<>()).add((UUID) edge[1]);
        }
        for (Resolved line : lines) {
            if (line.kind() != ComponentKind.SEMI) {
                continue;
            }
            List<UUID> path = pathTo(line.componentId(), productId, uses);
            if (path != null) {
                Map<UUID, SemiFinishedProduct> named = semis.find(path);
                StringBuilder loop = new StringBuilder(productName);
                for (UUID step : path) {
                    loop.append(" → ").append(named.containsKey(step) ? named.get(step).getName() : productName);
                }
                throw new RuleViolation("lines", "techCard.loop", loop.toString());
            }
        }
    }

    /** A path of products from {@code from} to {@code to} along "uses", or null; both ends included. */
    private static List<UUID> pathTo(UUID from, UUID to, Map<UUID, Set<UUID>> uses) {
        Map<UUID, UUID> cameFrom = new LinkedHashMap<>();
        Deque<UUID> queue = new ArrayDeque<>();
        queue.add(from);
        cameFrom.put(from, null);
        while (!queue.isEmpty()) {
            UUID current = queue.poll();
            if (current.equals(to)) {
                List<UUID> path = new ArrayList<>();
                for (UUID step = current; step != null; step = cameFrom.get(step)) {
                    path.add(0, step);
                }
                return path;
            }
            for (UUID next : uses.getOrDefault(current, Set.of())) {
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, current);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private Breakdown price(List<Resolved> lines, BigDecimal yield, Unit unit) {
        Set<UUID> ingredientIds = new HashSet<>();
        Set<UUID> semiIds = new HashSet<>();
        lines.forEach(l -> (l.kind() == ComponentKind.INGREDIENT ? ingredientIds : semiIds).add(l.componentId()));
        Map<UUID, Ingredients.StockItem> items = ingredients.items(ingredientIds);
        Map<UUID, SemiFinishedProduct> semiProducts = semis.find(semiIds);
        Map<UUID, BigDecimal> semiCosts = costing.costs(semiIds);
        List<CostedLine> costed = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        boolean complete = true;
        for (Resolved line : lines) {
            String name;
            Unit.Dimension dimension;
            BigDecimal unitCost;
            if (line.kind() == ComponentKind.INGREDIENT) {
                Ingredients.StockItem item = items.get(line.componentId());
                name = item == null ? "?" : item.name();
                dimension = item == null ? Unit.Dimension.COUNT : item.dimension();
                unitCost = item == null ? null : item.unitCost();
            } else {
                SemiFinishedProduct semi = semiProducts.get(line.componentId());
                name = semi == null ? "?" : semi.getName();
                dimension = semi == null ? Unit.Dimension.COUNT : semi.getDimension();
                unitCost = semiCosts.get(line.componentId());
            }
            BigDecimal cost = null;
            if (unitCost == null) {
                complete = false;
            } else {
                cost = line.gross().multiply(unitCost).divide(dimension.stockUnit().baseUnits(),
                        MathContext.DECIMAL128);
                total = total.add(cost);
            }
            costed.add(new CostedLine(line.kind(), line.componentId(), name, dimension.base(), line.gross(),
                    line.lossPercent(), line.net(), unitCost, cost));
        }
        BigDecimal perUnit = total.divide(yield, MathContext.DECIMAL128).multiply(unit.baseUnits());
        return new Breakdown(costed, total, perUnit, unit, complete);
    }

    private Unit.Dimension productDimension(UUID productId) {
        return semis.find(Set.of(productId)).values().stream().findFirst()
                .map(SemiFinishedProduct::getDimension).orElse(Unit.Dimension.COUNT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    interface Repository extends JpaRepository<TechCard, UUID> {
        Optional<TechCard> findFirstByProductIdAndValidFromLessThanEqualOrderByValidFromDesc(UUID productId,
                                                                                            Instant at);

        List<TechCard> findByProductIdOrderByValidFromDesc(UUID productId);

        boolean existsByProductIdAndValidFrom(UUID productId, Instant validFrom);

        /** Which product's cards (any version) use which semi-finished product. */
        @Query("select distinct c.productId, l.componentId from TechCard c join c.lines l "
                + "where l.componentKind = app.larder.recipe.TechCardLine.ComponentKind.SEMI")
        List<Object[]> semiEdges();
    }
}
