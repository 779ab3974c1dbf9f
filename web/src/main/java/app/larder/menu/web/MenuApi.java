package app.larder.menu.web;

import app.larder.menu.Categories;
import app.larder.menu.MenuCategory;
import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.MenuSettingsService;
import app.larder.menu.ModifierGroup;
import app.larder.menu.ModifierGroups;
import app.larder.menu.ModifierOption;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCardLine;
import app.larder.recipe.TechCards;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Categories, menu items with prices and tech cards, modifier groups, and the menu settings. */
@RestController
@Tag(name = "Menu", description = "Categories, menu items (dishes and products), prices, modifier groups")
class MenuApi {

    private final Categories categories;
    private final MenuItems items;
    private final ModifierGroups modifierGroups;
    private final MenuSettingsService settings;
    private final TechCards techCards;

    MenuApi(Categories categories, MenuItems items, ModifierGroups modifierGroups, MenuSettingsService settings,
            TechCards techCards) {
        this.categories = categories;
        this.items = items;
        this.modifierGroups = modifierGroups;
        this.settings = settings;
        this.techCards = techCards;
    }

    record CategoryRequest(@NotBlank @Size(max = 200) String name, UUID parentId, Integer position) {
    }

    record CategoryResponse(UUID id, String name, UUID parentId, int position, int depth) {
    }

    /** {@code kind}: DISH or PRODUCT. A product names its {@code stockItemId} (an ingredient). */
    record MenuItemRequest(@NotNull MenuItem.Kind kind, @NotNull UUID categoryId, @NotBlank @Size(max = 200) String name,
                           @Size(max = 64) String barcode, UUID stockItemId, BigDecimal stockQuantity, Boolean onSale,
                           BigDecimal price, List<UUID> modifierGroupIds) {
    }

    record VenuePrice(UUID venueId, String price) {
    }

    record MenuItemResponse(UUID id, String kind, String name, UUID categoryId, String barcode, UUID stockItemId,
                            String stockQuantity, boolean onSale, boolean archived, String price,
                            List<VenuePrice> venuePrices, List<UUID> modifierGroupIds) {
    }

    record MenuRowResponse(UUID id, String name, String kind, UUID categoryId, String categoryName, boolean onSale,
                           boolean archived, String price, String cost, String markupPercent,
                           String foodCostPercent, boolean aboveTarget) {
        static MenuRowResponse of(MenuItems.MenuRow r) {
            return new MenuRowResponse(r.id(), r.name(), r.kind().name().toLowerCase(), r.categoryId(),
                    r.categoryName(), r.onSale(), r.archived(), Decimals.plain(r.price()), Decimals.plain(r.cost()),
                    percent(r.markup()), percent(r.foodCost()), r.aboveTarget());
        }
    }

    record PriceRequest(UUID venueId, @NotNull BigDecimal price) {
    }

    record OptionRequest(UUID id, @NotBlank String name, BigDecimal priceDelta, ModifierOption.Effect effect,
                         UUID ingredientId, BigDecimal quantity, UUID replacesIngredientId) {
    }

    record GroupRequest(@NotBlank @Size(max = 200) String name, Integer minSelected, Integer maxSelected,
                        @NotEmpty List<@Valid OptionRequest> options) {
    }

    record OptionResponse(UUID id, String name, String priceDelta, String effect, UUID ingredientId, String quantity,
                          UUID replacesIngredientId) {
    }

    record GroupResponse(UUID id, String name, int minSelected, int maxSelected, List<OptionResponse> options) {
        static GroupResponse of(ModifierGroup g) {
            return new GroupResponse(g.getId(), g.getName(), g.getMinSelected(), g.getMaxSelected(),
                    g.getOptions().stream().map(o -> new OptionResponse(o.getId(), o.getName(),
                            Decimals.plain(o.getPriceDelta()), o.getEffect().name(), o.getIngredientId(),
                            Decimals.plain(o.getQuantity()), o.getReplacesIngredientId())).toList());
        }
    }

    record LineRequest(@NotNull TechCardLine.ComponentKind kind, @NotNull UUID componentId,
                       @NotNull BigDecimal quantity, @NotBlank String unit, Boolean net, UUID processingMethodId) {
    }

    record DishCardRequest(OffsetDateTime validFrom, BigDecimal portionOutput, @Size(max = 4000) String notes,
                           @NotEmpty List<@Valid LineRequest> lines) {
    }

    record DishCardResponse(UUID id, Instant validFrom, String portionOutput, String notes, int lines,
                            String costPerPortion, boolean complete) {
    }

    record CostResponse(String cost) {
    }

    record SettingsRequest(@NotNull BigDecimal foodCostTarget) {
    }

    record SettingsResponse(String foodCostTarget) {
    }

    @GetMapping("/api/v1/categories")
    @Operation(summary = "The category tree, depth-first in order")
    List<CategoryResponse> categories() {
        return categories.tree().stream().map(n -> new CategoryResponse(n.category().getId(), n.category().getName(),
                n.category().getParentId(), n.category().getPosition(), n.depth())).toList();
    }

    @PostMapping("/api/v1/categories")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    CategoryResponse createCategory(@Valid @RequestBody CategoryRequest r) {
        return category(categories.create(r.parentId(), r.name(), r.position()));
    }

    @PutMapping("/api/v1/categories/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    CategoryResponse changeCategory(@PathVariable UUID id, @Valid @RequestBody CategoryRequest r) {
        return category(categories.change(id, r.parentId(), r.name(), r.position()));
    }

    @PostMapping("/api/v1/categories/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Archive an empty category")
    CategoryResponse archiveCategory(@PathVariable UUID id) {
        return category(categories.archive(id));
    }

    @GetMapping("/api/v1/menu-items")
    @Operation(summary = "The menu with cost price, price, markup and food cost; prices of venueId where given. "
            + "Sort by name, category, price, cost, foodCost or markup.")
    PageOf<MenuRowResponse> menu(@RequestParam(required = false) String q,
                                 @RequestParam(required = false) UUID categoryId,
                                 @RequestParam(required = false) MenuItem.Kind kind,
                                 @RequestParam(required = false) UUID venueId,
                                 @RequestParam(defaultValue = "false") boolean includeArchived,
                                 @RequestParam(defaultValue = "false") boolean aboveTarget,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size,
                                 @RequestParam(required = false) String sort) {
        var paging = Paging.of(page, size, sort, MenuItems.SORTS.keySet(), "name");
        var order = paging.getSort().iterator().next();
        return PageOf.of(items.list(new MenuItems.MenuQuery(q, categoryId, kind, venueId, includeArchived,
                        aboveTarget), paging.getPageNumber(), paging.getPageSize(), order.getProperty(),
                order.isDescending()), MenuRowResponse::of);
    }

    @GetMapping("/api/v1/menu-items/{id}")
    MenuItemResponse item(@PathVariable UUID id) {
        return response(items.get(id));
    }

    @PostMapping("/api/v1/menu-items")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    MenuItemResponse create(@Valid @RequestBody MenuItemRequest r) {
        return response(items.create(details(r)));
    }

    @PutMapping("/api/v1/menu-items/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    MenuItemResponse change(@PathVariable UUID id, @Valid @RequestBody MenuItemRequest r) {
        return response(items.change(id, details(r)));
    }

    @PostMapping("/api/v1/menu-items/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    MenuItemResponse archive(@PathVariable UUID id) {
        return response(items.archive(id));
    }

    @PutMapping("/api/v1/menu-items/{id}/prices")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Set the default price (no venueId) or a venue's own price")
    MenuItemResponse price(@PathVariable UUID id, @Valid @RequestBody PriceRequest r) {
        items.setPrice(id, r.venueId(), r.price());
        return response(items.get(id));
    }

    @DeleteMapping("/api/v1/menu-items/{id}/prices/{venueId}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Remove a venue's own price; the venue then sells at the default price")
    MenuItemResponse removePrice(@PathVariable UUID id, @PathVariable UUID venueId) {
        items.removeVenuePrice(id, venueId);
        return response(items.get(id));
    }

    @GetMapping("/api/v1/menu-items/{id}/cost")
    @Operation(summary = "Cost of one portion with the chosen modifier options")
    CostResponse cost(@PathVariable UUID id, @RequestParam(required = false) List<UUID> optionIds) {
        return new CostResponse(Decimals.plain(items.costWith(id, optionIds == null ? List.of() : optionIds)));
    }

    @GetMapping("/api/v1/menu-items/{id}/tech-cards")
    @Operation(summary = "Every version of a dish's tech card, newest first")
    List<DishCardResponse> dishCards(@PathVariable UUID id) {
        items.get(id);
        return techCards.versions(id).stream().map(this::dishCard).toList();
    }

    @GetMapping("/api/v1/menu-items/{id}/tech-card")
    @Operation(summary = "The dish's tech card in force at a moment (now by default)")
    DishCardResponse dishCardInForce(@PathVariable UUID id, @RequestParam(required = false)
                                     @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at) {
        items.get(id);
        return techCards.inForce(id, at == null ? Instant.now() : at.toInstant()).map(this::dishCard)
                .orElseThrow(() -> new app.larder.platform.NotFoundException("tech card", id));
    }

    @PostMapping("/api/v1/menu-items/{id}/tech-cards")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Save a new version of a dish's tech card (one portion), in force from validFrom")
    DishCardResponse saveDishCard(@PathVariable UUID id, @Valid @RequestBody DishCardRequest r) {
        List<TechCards.LineInput> lines = r.lines().stream().map(l -> new TechCards.LineInput(l.kind(),
                l.componentId(), l.quantity(), Decimals.unit("unit", l.unit()), Boolean.TRUE.equals(l.net()),
                l.processingMethodId())).toList();
        return dishCard(items.saveTechCard(id, new TechCards.NewVersion(
                r.validFrom() == null ? null : r.validFrom().toInstant(), null, null, r.portionOutput(), r.notes(),
                lines)));
    }

    @GetMapping("/api/v1/modifier-groups")
    List<GroupResponse> groups() {
        return modifierGroups.all().stream().map(GroupResponse::of).toList();
    }

    @GetMapping("/api/v1/modifier-groups/{id}")
    GroupResponse group(@PathVariable UUID id) {
        return GroupResponse.of(modifierGroups.get(id));
    }

    @PostMapping("/api/v1/modifier-groups")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "A modifier group with its options. Option effect NONE, ADD (quantity of ingredientId, in "
            + "base units) or REPLACE (ingredientId replaces replacesIngredientId of the dish's tech card)")
    GroupResponse createGroup(@Valid @RequestBody GroupRequest r) {
        return GroupResponse.of(modifierGroups.create(group(r)));
    }

    @PutMapping("/api/v1/modifier-groups/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Replace a group's options; options sent with their id keep it")
    GroupResponse changeGroup(@PathVariable UUID id, @Valid @RequestBody GroupRequest r) {
        return GroupResponse.of(modifierGroups.change(id, group(r)));
    }

    @GetMapping("/api/v1/menu-settings")
    SettingsResponse settings() {
        return new SettingsResponse(Decimals.plain(settings.foodCostTarget()));
    }

    @PutMapping("/api/v1/menu-settings")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "The target food cost in percent; menu items above it are highlighted")
    SettingsResponse changeSettings(@Valid @RequestBody SettingsRequest r) {
        settings.setFoodCostTarget(r.foodCostTarget());
        return settings();
    }

    private static String percent(BigDecimal value) {
        return value == null ? null : value.setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static CategoryResponse category(MenuCategory c) {
        return new CategoryResponse(c.getId(), c.getName(), c.getParentId(), c.getPosition(), 0);
    }

    private MenuItemResponse response(MenuItem item) {
        Map<UUID, BigDecimal> prices = items.prices(item.getId());
        List<VenuePrice> venuePrices = prices.entrySet().stream().filter(e -> e.getKey() != null)
                .map(e -> new VenuePrice(e.getKey(), Decimals.plain(e.getValue()))).toList();
        return new MenuItemResponse(item.getId(), item.getKind().name().toLowerCase(), item.getName(),
                item.getCategoryId(), item.getBarcode(), item.getStockItemId(), Decimals.plain(item.getStockQuantity()),
                item.isOnSale(), item.isArchived(), Decimals.plain(prices.get(null)), venuePrices,
                item.getModifierGroupIds());
    }

    private DishCardResponse dishCard(TechCard card) {
        TechCards.Breakdown b = techCards.breakdown(card);
        return new DishCardResponse(card.getId(), card.getValidFrom(), Decimals.plain(card.getPortionOutput()),
                card.getNotes(), card.getLines().size(), Decimals.plain(b.perUnit()), b.complete());
    }

    private static MenuItems.MenuItemDetails details(MenuItemRequest r) {
        return new MenuItems.MenuItemDetails(r.kind(), r.categoryId(), r.name(), r.barcode(), r.stockItemId(),
                r.stockQuantity(), r.onSale(), r.price(), r.modifierGroupIds());
    }

    private static ModifierGroups.GroupInput group(GroupRequest r) {
        return new ModifierGroups.GroupInput(r.name(), r.minSelected(), r.maxSelected(), r.options().stream()
                .map(o -> new ModifierGroups.OptionInput(o.id(), o.name(), o.priceDelta(), o.effect(),
                        o.ingredientId(), o.quantity(), o.replacesIngredientId())).toList());
    }
}
