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
import java.util.Collection;
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

    /** Markup and food cost in percent, of columns named price and cost. */
    private static final String MARKUP_OF =
            "CASE WHEN cost > 0 AND price IS NOT NULL THEN (price - cost) / cost * 100 END";
    private static final String FOOD_COST_OF =
            "CASE WHEN price > 0 AND cost IS NOT NULL THEN cost / price * 100 END";

    /**
     * What a page is cut by, in the order of {@link #SORTS}: by name or category on menu item m and its category c,
     * before anything is priced (names are never null; a category's place among the tenant's categories sorts as its
     * name does), or by anything on the priced items.
     */
    private static final Map<String, String> SORTS_BEFORE_PRICING = Map.of(
            "name", "lower(m.name)",
            "category", "c.place");
    private static final Map<String, String> SORTS_WHEN_PRICED = Map.of(
            "name", "lower(name)",
            "category", "place",
            "price", "price",
            "cost", "cost",
            "foodCost", "(" + FOOD_COST_OF + ")",
            "markup", "(" + MARKUP_OF + ")");

    /** The tenant's categories with their place by name (equal names, equal places): 20 names sorted, not 20,000. */
    private static final String PLACES =
            "(SELECT id, rank() OVER (ORDER BY lower(name)) AS place FROM menu_category)";
    private static final String PLACED_CATEGORIES = "\n          JOIN " + PLACES + " c ON c.id = m.category_id";
    // Items place after place: a join on = ANY cannot be hashed, so each place's items are read through the index on
    // (tenant_id, category_id, ...) and sorted by id among themselves only, and a page stops at its last place.
    private static final String BY_PLACE = "(SELECT place, array_agg(id) AS ids FROM " + PLACES
            + " p GROUP BY place) c\n    JOIN menu_item m ON m.category_id = ANY (c.ids)";

    /** What prices menu item m: its default price, the chosen venue's own, and the cost price of a dish. */
    private static final String PRICE_JOINS = """
            LEFT JOIN menu_price dp ON dp.menu_item_id = m.id AND dp.venue_id IS NULL
                LEFT JOIN cost_price cp ON cp.product_id = m.id""";
    private static final String VENUE_PRICE_JOIN = """

                LEFT JOIN menu_price vp ON vp.menu_item_id = m.id AND vp.venue_id = :venueId""";
    private static final String PRICE = "dp.price";
    private static final String PRICE_AT_VENUE = "COALESCE(vp.price, dp.price)";

    /** Per portion; a product's latest unit cost is looked up for products only, so dishes pay nothing for it. */
    private static final String COST = """
            CASE m.kind WHEN 'DISH' THEN cp.cost
                       ELSE (SELECT u.unit_cost * m.stock_quantity
                                    / (CASE i.dimension WHEN 'COUNT' THEN 1 ELSE 1000 END)
                             FROM ingredient_unit_cost u JOIN ingredient i ON i.id = u.ingredient_id
                             WHERE u.ingredient_id = m.stock_item_id
                             ORDER BY u.effective_at DESC, u.id DESC LIMIT 1)
                  END""";

    /** The page's ids sorted by name (in the order of menu_item_by_name) or category (place by place); unpriced. */
    private static final String PAGE_BEFORE_PRICING = """
            page AS (
                SELECT m.id
                FROM %s
                %s
                ORDER BY %s, m.id
                LIMIT :limit OFFSET :offset
            )""";

    /**
     * The page's ids sorted by a computed column, or with the items above the target only: every item of the query
     * is priced, by hash joins and without a window; {@code OFFSET 0} keeps the inner query whole so that each cost
     * is computed once, and only the sort key is kept (and, above the target, counted).
     */
    private static final String PAGE_WHEN_PRICED = """
            priced AS (
                SELECT id, %s AS sort_key
                FROM (SELECT m.id, m.name, %s AS place, %s AS price,
                             %s AS cost
                      FROM menu_item m%s
                      %s
                      %s
                      OFFSET 0) costed
                %s
            ),
            page AS (
                SELECT id FROM priced
                ORDER BY sort_key%s NULLS LAST, id
                LIMIT :limit OFFSET :offset
            )""";

    /**
     * The page's rows, priced, in order, with the number of items in the whole list (counted once, not per row).
     * Each row is looked up by its id ({@code LATERAL ... OFFSET 0}), so that a page never turns into a scan.
     */
    private static final String LIST = """
            WITH %s
            SELECT rows.*, %s AS markup, %s AS food_cost, (%s) AS total
            FROM page CROSS JOIN LATERAL (
                SELECT m.id, m.name, m.kind, m.category_id, c.name AS category_name, m.on_sale, m.archived,
                       %s AS price,
                       %s AS cost
                FROM menu_item m
                JOIN menu_category c ON c.id = m.category_id
                %s
                WHERE m.id = page.id
                OFFSET 0
            ) rows
            ORDER BY %s NULLS LAST, id""";

    /**
     * One page of the menu list, in one statement. Sorted by name or category, the page is cut in the order of an
     * index and only its rows are priced; sorted by price, cost, markup or food cost, or with the items above the
     * target only, every item of the query is priced to find the page. The total is counted apart, once the page has
     * a row (past the last page it is 0).
     */
    @Transactional(readOnly = true)
    public Page<MenuRow> list(MenuQuery query, int page, int size, String sort, boolean descending) {
        String key = SORTS.containsKey(sort) ? sort : "name";
        String direction = descending ? " DESC" : " ASC";
        BigDecimal target = settings.foodCostTarget();
        String text = query.text() == null || query.text().isBlank() ? ""
                : "%" + query.text().trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        if (query.venueId() != null) {
            venues.get(query.venueId());
        }
        // Only the conditions that apply, so that each kind of query is planned for what it asks.
        List<String> conditions = new ArrayList<>();
        if (!query.includeArchived()) {
            conditions.add("NOT m.archived");
        }
        if (!text.isEmpty()) {
            conditions.add("(lower(m.name) LIKE :text ESCAPE '\\' OR m.barcode = :barcode)");
        }
        if (query.categoryId() != null) {
            conditions.add("m.category_id = :categoryId");
        }
        if (query.kind() != null) {
            conditions.add("m.kind = :kind");
        }
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
        String price = query.venueId() == null ? PRICE : PRICE_AT_VENUE;
        String joins = PRICE_JOINS + (query.venueId() == null ? "" : VENUE_PRICE_JOIN);
        boolean byCategory = key.equals("category");
        String count = "SELECT count(*) FROM menu_item m " + where;
        String pageIds;
        if (SORTS_BEFORE_PRICING.containsKey(key) && !query.aboveTargetOnly()) {
            pageIds = PAGE_BEFORE_PRICING.formatted(byCategory ? BY_PLACE : "menu_item m", where,
                    SORTS_BEFORE_PRICING.get(key) + direction);
        } else {
            pageIds = PAGE_WHEN_PRICED.formatted(SORTS_WHEN_PRICED.get(key), byCategory ? "c.place" : "NULL", price,
                    COST, byCategory ? PLACED_CATEGORIES : "", joins, where,
                    query.aboveTargetOnly() ? "WHERE " + FOOD_COST_OF + " > :target" : "", direction);
            if (query.aboveTargetOnly()) {
                count = "SELECT count(*) FROM priced";
            }
        }
        String sql = LIST.formatted(pageIds, MARKUP_OF, FOOD_COST_OF, count, price, COST, joins,
                SORTS.get(key) + direction);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("venueId", query.venueId())
                .addValue("text", text)
                .addValue("barcode", query.text() == null ? "" : query.text().trim())
                .addValue("categoryId", query.categoryId())
                .addValue("kind", query.kind() == null ? null : query.kind().name())
                .addValue("target", target)
                .addValue("limit", size)
                .addValue("offset", (long) page * size);
        long[] total = {0};
        List<MenuRow> rows = jdbc.query(sql, params, (rs, n) -> {
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

    /** What a sales write-off needs of a menu item. */
    public record Sold(UUID id, MenuItem.Kind kind, UUID categoryId, UUID stockItemId, BigDecimal stockQuantity,
                       List<UUID> modifierGroupIds) {
    }

    /**
     * What a sales write-off needs of the items of these ids that exist, by id, in one read: a batch of receipts
     * reads its dishes once, and without making entities (a lookup by id costs Hibernate a new load plan, the
     * tenant being part of it; under load that was the most expensive part of a receipt).
     */
    @Transactional(readOnly = true)
    public Map<UUID, Sold> sold(Collection<UUID> ids) {
        Map<UUID, Sold> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.query("""
                SELECT m.id, m.kind, m.category_id, m.stock_item_id, m.stock_quantity,
                       ARRAY(SELECT g.group_id FROM menu_item_modifier_group g WHERE g.menu_item_id = m.id
                             ORDER BY g.position) AS groups
                FROM menu_item m WHERE m.id IN (:ids)""", new MapSqlParameterSource("ids", new HashSet<>(ids)),
                rs -> {
                    UUID[] groups = (UUID[]) rs.getArray("groups").getArray();
                    UUID id = rs.getObject("id", UUID.class);
                    found.put(id, new Sold(id, MenuItem.Kind.valueOf(rs.getString("kind")),
                            rs.getObject("category_id", UUID.class), rs.getObject("stock_item_id", UUID.class),
                            rs.getBigDecimal("stock_quantity"), List.of(groups)));
                });
        return found;
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
