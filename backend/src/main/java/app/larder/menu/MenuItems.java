package app.larder.menu;

import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.recipe.Costing;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCardLine;
import app.larder.recipe.TechCards;
import app.larder.stock.Ingredients;
import jakarta.persistence.EntityManager;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Menu items: dishes and products, their prices per venue, their modifier groups, the tech cards of dishes, and the
 * menu list with cost price, markup and food cost, read in one statement per page.
 */
@Service
public class MenuItems {

    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Repository items;
    private final PriceRepository prices;
    private final Categories categories;
    private final ModifierGroups modifierGroups;
    private final Ingredients ingredients;
    private final TechCards techCards;
    private final Costing costing;
    private final Venues venues;
    private final MenuSettingsService settings;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final EntityManager entityManager;

    MenuItems(Repository items, PriceRepository prices, Categories categories, ModifierGroups modifierGroups,
              Ingredients ingredients, TechCards techCards, Costing costing, Venues venues,
              MenuSettingsService settings, AuditLog audit, NamedParameterJdbcTemplate jdbc,
              EntityManager entityManager) {
        this.items = items;
        this.prices = prices;
        this.categories = categories;
        this.modifierGroups = modifierGroups;
        this.ingredients = ingredients;
        this.techCards = techCards;
        this.costing = costing;
        this.venues = venues;
        this.settings = settings;
        this.audit = audit;
        this.jdbc = jdbc;
        this.entityManager = entityManager;
    }

    /**
     * A menu item as a form or an import describes it. For a product, {@code stockItemId} is the ingredient sold and
     * {@code stockQuantity} the base units one sale takes (1 pcs by default). {@code price} is the default price.
     */
    public record MenuItemDetails(MenuItem.Kind kind, UUID categoryId, String name, String barcode, UUID stockItemId,
                                  BigDecimal stockQuantity, Boolean onSale, BigDecimal price,
                                  List<UUID> modifierGroupIds) {
    }

    /** What the menu list filters on; every part optional. {@code venueId} chooses whose prices are shown. */
    public record MenuQuery(String text, UUID categoryId, MenuItem.Kind kind, UUID venueId, boolean includeArchived,
                            boolean aboveTargetOnly) {
    }

    /**
     * One row of the menu list. {@code cost} is per portion (null when unknown); markup and food cost in percent,
     * null when they cannot be worked out (no cost, or no price).
     */
    public record MenuRow(UUID id, String name, MenuItem.Kind kind, UUID categoryId, String categoryName,
                          boolean onSale, boolean archived, BigDecimal price, BigDecimal cost, BigDecimal markup,
                          BigDecimal foodCost, boolean aboveTarget) {
    }

    /** The sort keys of the menu list, and the SQL they sort by. */
    public static final Map<String, String> SORTS = Map.of(
            "name", "lower(name)",
            "category", "lower(category_name)",
            "price", "price",
            "cost", "cost",
            "foodCost", "food_cost",
            "markup", "markup");

    private static final String LIST = """
            WITH rows AS (
                SELECT m.id, m.name, m.kind, m.category_id, c.name AS category_name, m.on_sale, m.archived,
                       COALESCE(vp.price, dp.price) AS price,
                       CASE m.kind WHEN 'DISH' THEN cp.cost
                            ELSE uc.unit_cost * m.stock_quantity / (CASE i.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END)
                       END AS cost
                FROM menu_item m
                JOIN menu_category c ON c.id = m.category_id
                LEFT JOIN menu_price dp ON dp.menu_item_id = m.id AND dp.venue_id IS NULL
                LEFT JOIN menu_price vp ON vp.menu_item_id = m.id AND vp.venue_id = CAST(:venueId AS uuid)
                LEFT JOIN cost_price cp ON cp.product_id = m.id
                LEFT JOIN ingredient i ON i.id = m.stock_item_id
                LEFT JOIN LATERAL (
                    SELECT u.unit_cost FROM ingredient_unit_cost u WHERE u.ingredient_id = m.stock_item_id
                    ORDER BY u.effective_at DESC, u.id DESC LIMIT 1) uc ON true
                WHERE (:includeArchived OR NOT m.archived)
                  AND (:text = '' OR lower(m.name) LIKE :text ESCAPE '\\' OR m.barcode = :barcode)
                  AND (CAST(:categoryId AS uuid) IS NULL OR m.category_id = CAST(:categoryId AS uuid))
                  AND (:kind = '' OR m.kind = :kind)
            ), priced AS (
                SELECT rows.*,
                       CASE WHEN cost > 0 AND price IS NOT NULL THEN (price - cost) / cost * 100 END AS markup,
                       CASE WHEN price > 0 AND cost IS NOT NULL THEN cost / price * 100 END AS food_cost
                FROM rows
            )
            SELECT *, COUNT(*) OVER () AS total FROM priced
            WHERE (NOT :aboveTargetOnly OR food_cost > :target)
            ORDER BY %s NULLS LAST, id
            LIMIT :limit OFFSET :offset""";

    @Transactional(readOnly = true)
    public Page<MenuRow> list(MenuQuery query, int page, int size, String sort, boolean descending) {
        String order = SORTS.getOrDefault(sort, SORTS.get("name")) + (descending ? " DESC" : " ASC");
        BigDecimal target = settings.foodCostTarget();
        String text = query.text() == null || query.text().isBlank() ? ""
                : "%" + query.text().trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        if (query.venueId() != null) {
            venues.get(query.venueId());
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("venueId", query.venueId() == null ? null : query.venueId().toString())
                .addValue("includeArchived", query.includeArchived())
                .addValue("text", text)
                .addValue("barcode", query.text() == null ? "" : query.text().trim())
                .addValue("categoryId", query.categoryId() == null ? null : query.categoryId().toString())
                .addValue("kind", query.kind() == null ? "" : query.kind().name())
                .addValue("aboveTargetOnly", query.aboveTargetOnly())
                .addValue("target", target)
                .addValue("limit", size)
                .addValue("offset", (long) page * size);
        long[] total = {0};
        List<MenuRow> rows = jdbc.query(LIST.formatted(order), params, (rs, n) -> {
            total[0] = rs.getLong("total");
            BigDecimal foodCost = rs.getBigDecimal("food_cost");
            return new MenuRow(rs.getObject("id", UUID.class), rs.getString("name"),
                    MenuItem.Kind.valueOf(rs.getString("kind")), rs.getObject("category_id", UUID.class),
                    rs.getString("category_name"), rs.getBoolean("on_sale"), rs.getBoolean("archived"),
                    rs.getBigDecimal("price"), rs.getBigDecimal("cost"), rs.getBigDecimal("markup"), foodCost,
                    foodCost != null && foodCost.compareTo(target) > 0);
        });
        return new PageImpl<>(rows, PageRequest.of(page, size), total[0]);
    }

    @Transactional(readOnly = true)
    public List<MenuItem> all() {
        return items.findAll(org.springframework.data.domain.Sort.by("name"));
    }

    @Transactional(readOnly = true)
    public MenuItem get(UUID id) {
        return items.findById(id).orElseThrow(() -> new NotFoundException("menu item", id));
    }

    /** Prices of an item: the default under the key null, and each venue's own. */
    @Transactional(readOnly = true)
    public Map<UUID, BigDecimal> prices(UUID itemId) {
        get(itemId);
        Map<UUID, BigDecimal> found = new HashMap<>();
        prices.findByMenuItemId(itemId).forEach(p -> found.put(p.getVenueId(), p.getPrice()));
        return found;
    }

    /** The default price of every item that has one: one query for an export. */
    @Transactional(readOnly = true)
    public Map<UUID, BigDecimal> defaultPrices() {
        Map<UUID, BigDecimal> found = new HashMap<>();
        prices.findByVenueIdIsNull().forEach(p -> found.put(p.getMenuItemId(), p.getPrice()));
        return found;
    }

    @Transactional
    public MenuItem create(MenuItemDetails details) {
        if (details.kind() == null) {
            throw new RuleViolation("kind", "validation.required");
        }
        MenuItem item = new MenuItem(Ids.next(), details.kind());
        describe(item, details);
        items.save(item);
        if (details.price() != null) {
            setPrice(item, null, details.price());
        }
        audit.record("created", "menu-item", item.getId(), (item.getKind() == MenuItem.Kind.DISH ? "Dish" : "Product")
                + " \"" + item.getName() + "\"");
        return item;
    }

    @Transactional
    public MenuItem change(UUID id, MenuItemDetails details) {
        MenuItem item = get(id);
        if (details.kind() != null && details.kind() != item.getKind()) {
            throw new RuleViolation("kind", "menu.kindFixed");
        }
        describe(item, details);
        if (details.price() != null) {
            setPrice(item, null, details.price());
        }
        audit.record("updated", "menu-item", id, "Menu item \"" + item.getName() + "\"");
        return item;
    }

    @Transactional
    public MenuItem archive(UUID id) {
        MenuItem item = get(id);
        if (!item.isArchived()) {
            item.archive();
            audit.record("archived", "menu-item", id, "Menu item \"" + item.getName() + "\" archived");
        }
        return item;
    }

    /** Sets the modifier groups offered with an item, in order. */
    @Transactional
    public MenuItem offerModifiers(UUID itemId, List<UUID> groupIds) {
        MenuItem item = get(itemId);
        describe(item, new MenuItemDetails(item.getKind(), item.getCategoryId(), item.getName(), item.getBarcode(),
                item.getStockItemId(), item.getStockQuantity(), item.isOnSale(), null, groupIds));
        audit.record("updated", "menu-item", itemId, "\"" + item.getName() + "\" modifiers: " + groupIds.size()
                + " groups");
        return item;
    }

    /** Sets the default price ({@code venueId} null) or a venue's own. */
    @Transactional
    public void setPrice(UUID itemId, UUID venueId, BigDecimal price) {
        MenuItem item = get(itemId);
        if (venueId != null) {
            try {
                venues.get(venueId);
            } catch (NotFoundException e) {
                throw new RuleViolation("venueId", "menu.unknownVenue");
            }
        }
        setPrice(item, venueId, price);
    }

    /** Removes a venue's own price: the venue then sells at the default price. */
    @Transactional
    public void removeVenuePrice(UUID itemId, UUID venueId) {
        MenuItem item = get(itemId);
        prices.findByMenuItemIdAndVenueId(itemId, venueId).ifPresent(p -> {
            prices.delete(p);
            audit.record("price-removed", "menu-item", itemId, "\"" + item.getName() + "\": venue price removed");
        });
    }

    /** Saves a new version of a dish's tech card; its cost price follows at once. */
    @Transactional
    public TechCard saveTechCard(UUID dishId, TechCards.NewVersion version) {
        MenuItem item = get(dishId);
        if (item.getKind() != MenuItem.Kind.DISH) {
            throw new RuleViolation("kind", "menu.onlyDishesHaveTechCards");
        }
        return techCards.saveForDish(dishId, item.getName(), version);
    }

    /**
     * The cost of one portion with the chosen options: the dish's cost, plus what ADD options add, plus for each
     * REPLACE option the new ingredient's cost minus that of the line it replaces in the tech card in force. For a
     * product, its stock item's cost times the quantity sold.
     */
    @Transactional(readOnly = true)
    public BigDecimal costWith(UUID itemId, List<UUID> optionIds) {
        MenuItem item = get(itemId);
        BigDecimal cost;
        if (item.getKind() == MenuItem.Kind.DISH) {
            cost = costing.costs(Set.of(itemId)).getOrDefault(itemId, BigDecimal.ZERO);
        } else {
            Ingredients.StockItem stock = ingredients.items(Set.of(item.getStockItemId())).get(item.getStockItemId());
            cost = stock == null || stock.unitCost() == null ? BigDecimal.ZERO
                    : perBase(stock).multiply(item.getStockQuantity());
        }
        List<ModifierOption> chosen = new ArrayList<>();
        Map<UUID, ModifierGroup> groups = modifierGroups.find(item.getModifierGroupIds());
        Set<UUID> wanted = new HashSet<>(optionIds);
        for (ModifierGroup group : groups.values()) {
            group.getOptions().stream().filter(o -> wanted.remove(o.getId())).forEach(chosen::add);
        }
        if (!wanted.isEmpty()) {
            throw new RuleViolation("optionIds", "menu.unknownOption");
        }
        Set<UUID> involved = new HashSet<>();
        chosen.forEach(o -> {
            if (o.getIngredientId() != null) {
                involved.add(o.getIngredientId());
            }
            if (o.getReplacesIngredientId() != null) {
                involved.add(o.getReplacesIngredientId());
            }
        });
        Map<UUID, Ingredients.StockItem> stock = ingredients.items(involved);
        Optional<TechCard> card = item.getKind() == MenuItem.Kind.DISH
                ? techCards.inForce(itemId, java.time.Instant.now()) : Optional.empty();
        for (ModifierOption option : chosen) {
            if (option.getEffect() == ModifierOption.Effect.NONE) {
                continue;
            }
            cost = cost.add(lineCost(stock.get(option.getIngredientId()), option.getQuantity()));
            if (option.getEffect() == ModifierOption.Effect.REPLACE && card.isPresent()) {
                BigDecimal replaced = card.get().getLines().stream()
                        .filter(l -> l.getComponentKind() == TechCardLine.ComponentKind.INGREDIENT
                                && l.getComponentId().equals(option.getReplacesIngredientId()))
                        .map(TechCardLine::getGrossQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
                cost = cost.subtract(lineCost(stock.get(option.getReplacesIngredientId()), replaced));
            }
        }
        return cost;
    }

    private static BigDecimal lineCost(Ingredients.StockItem item, BigDecimal baseQuantity) {
        if (item == null || item.unitCost() == null || baseQuantity == null) {
            return BigDecimal.ZERO;
        }
        return perBase(item).multiply(baseQuantity);
    }

    private static BigDecimal perBase(Ingredients.StockItem item) {
        return item.unitCost().divide(item.dimension().stockUnit().baseUnits(), MathContext.DECIMAL128);
    }

    private void setPrice(MenuItem item, UUID venueId, BigDecimal price) {
        if (price == null || price.signum() < 0) {
            throw new RuleViolation("price", "validation.notNegative");
        }
        if (price.compareTo(MAX_PRICE) >= 0) {
            throw new RuleViolation("price", "validation.tooLarge");
        }
        Optional<MenuPrice> existing = venueId == null ? prices.findByMenuItemIdAndVenueIdIsNull(item.getId())
                : prices.findByMenuItemIdAndVenueId(item.getId(), venueId);
        if (existing.isPresent()) {
            if (existing.get().getPrice().compareTo(price) == 0) {
                return;
            }
            existing.get().change(price);
        } else {
            prices.save(new MenuPrice(Ids.next(), item.getId(), venueId, price));
        }
        audit.record("price", "menu-item", item.getId(), "\"" + item.getName() + "\" "
                + (venueId == null ? "default price" : "price at venue " + venueId) + " " + price.toPlainString());
    }

    private void describe(MenuItem item, MenuItemDetails details) {
        if (details.name() == null || details.name().isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String name = details.name().trim();
        if (details.categoryId() == null) {
            throw new RuleViolation("categoryId", "validation.required");
        }
        try {
            categories.get(details.categoryId());
        } catch (NotFoundException e) {
            throw new RuleViolation("categoryId", "menu.unknownCategory");
        }
        boolean taken = items.findByCategoryId(details.categoryId()).stream()
                .anyMatch(i -> !i.getId().equals(item.getId()) && i.getName().equalsIgnoreCase(name));
        if (taken) {
            throw new RuleViolation("name", "menu.nameTaken");
        }
        UUID stockItemId = null;
        BigDecimal stockQuantity = null;
        if (item.getKind() == MenuItem.Kind.PRODUCT) {
            if (details.stockItemId() == null
                    || ingredients.items(Set.of(details.stockItemId())).get(details.stockItemId()) == null) {
                throw new RuleViolation("stockItemId", "menu.unknownStockItem");
            }
            stockItemId = details.stockItemId();
            stockQuantity = details.stockQuantity() == null ? BigDecimal.ONE : details.stockQuantity();
            if (stockQuantity.signum() <= 0) {
                throw new RuleViolation("stockQuantity", "validation.positive");
            }
        }
        List<UUID> groupIds = details.modifierGroupIds() == null ? List.of() : List.copyOf(details.modifierGroupIds());
        if (!modifierGroups.find(groupIds).keySet().containsAll(groupIds)) {
            throw new RuleViolation("modifierGroupIds", "menu.unknownModifierGroup");
        }
        String barcode = details.barcode() == null || details.barcode().isBlank() ? null : details.barcode().trim();
        item.describe(details.categoryId(), name, barcode, stockItemId, stockQuantity,
                details.onSale() == null || details.onSale(), groupIds);
    }

    /** Markup and food cost, in percent with 1 decimal, for pages that show a single item. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 1, RoundingMode.HALF_UP);
    }

    interface Repository extends JpaRepository<MenuItem, UUID> {
        boolean existsByCategoryIdAndArchivedFalse(UUID categoryId);

        List<MenuItem> findByCategoryId(UUID categoryId);
    }

    interface PriceRepository extends JpaRepository<MenuPrice, UUID> {
        List<MenuPrice> findByMenuItemId(UUID menuItemId);

        List<MenuPrice> findByVenueIdIsNull();

        Optional<MenuPrice> findByMenuItemIdAndVenueIdIsNull(UUID menuItemId);

        Optional<MenuPrice> findByMenuItemIdAndVenueId(UUID menuItemId, UUID venueId);
    }
}
