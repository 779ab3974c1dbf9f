package app.larder.menu.web;

import app.larder.business.Venues;
import app.larder.menu.Categories;
import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.MenuSettingsService;
import app.larder.menu.ModifierGroups;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.recipe.TechCards;
import app.larder.recipe.web.TechCardViews;
import app.larder.stock.Ingredients;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A menu item: its details, default and venue prices, modifiers, and what a portion costs. */
@Controller
class MenuItemPages {

    private final MenuItems items;
    private final Categories categories;
    private final ModifierGroups modifierGroups;
    private final Ingredients ingredients;
    private final Venues venues;
    private final TechCards techCards;
    private final TechCardViews techCardViews;
    private final MenuSettingsService settings;

    MenuItemPages(MenuItems items, Categories categories, ModifierGroups modifierGroups, Ingredients ingredients,
                  Venues venues, TechCards techCards, TechCardViews techCardViews, MenuSettingsService settings) {
        this.items = items;
        this.categories = categories;
        this.modifierGroups = modifierGroups;
        this.ingredients = ingredients;
        this.venues = venues;
        this.techCards = techCards;
        this.techCardViews = techCardViews;
        this.settings = settings;
    }

    record ItemForm(@NotNull MenuItem.Kind kind, @NotNull UUID categoryId, @NotBlank @Size(max = 200) String name,
                    @Size(max = 64) String barcode, UUID stockItemId, BigDecimal stockQuantity, Boolean onSale,
                    BigDecimal price, List<UUID> modifierGroupIds) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/menu/items/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newItem(@RequestParam(required = false) MenuItem.Kind kind, Model model) {
        model.addAttribute("form", new ItemForm(kind == null ? MenuItem.Kind.DISH : kind, null, "", "", null,
                BigDecimal.ONE, true, null, List.of()));
        return form(model, null);
    }

    @PostMapping("/menu/items/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") ItemForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                MenuItem item = items.create(details(form));
                redirect.addFlashAttribute("success", "menu.created");
                return "redirect:/menu/items/" + item.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return form(model, null);
    }

    @GetMapping("/menu/items/{id}")
    String show(@PathVariable UUID id, Model model, CurrentUser me) {
        MenuItem item = items.get(id);
        Map<UUID, BigDecimal> prices = items.prices(id);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ItemForm(item.getKind(), item.getCategoryId(), item.getName(),
                    item.getBarcode(), item.getStockItemId(), FormValues.plain(item.getStockQuantity()),
                    item.isOnSale(), FormValues.amount(prices.get(null)), item.getModifierGroupIds()));
        }
        BigDecimal cost = items.costWith(id, List.of());
        BigDecimal price = prices.get(null);
        model.addAttribute("cost", cost);
        model.addAttribute("markup", cost.signum() > 0 && price != null
                ? MenuItems.percent(price.subtract(cost), cost) : null);
        BigDecimal foodCost = price != null && price.signum() > 0 ? MenuItems.percent(cost, price) : null;
        model.addAttribute("foodCost", foodCost);
        model.addAttribute("aboveTarget", foodCost != null && foodCost.compareTo(settings.foodCostTarget()) > 0);
        model.addAttribute("venuePrices", prices.entrySet().stream().filter(e -> e.getKey() != null)
                .map(e -> Map.entry(venues.get(e.getKey()), e.getValue())).toList());
        if (item.getKind() == MenuItem.Kind.DISH) {
            techCards.inForce(id, Instant.now()).ifPresent(card -> {
                model.addAttribute("card", card);
                model.addAttribute("breakdown", techCards.breakdown(card));
            });
            model.addAttribute("history", techCardViews.history(id, me));
        }
        return form(model, item);
    }

    @PostMapping("/menu/items/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") ItemForm form, BindingResult result,
                  Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                items.change(id, details(form));
                redirect.addFlashAttribute("success", "menu.saved");
                return "redirect:/menu/items/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model, me);
    }

    @PostMapping("/menu/items/{id}/prices")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String venuePrice(@PathVariable UUID id, @RequestParam(required = false) UUID venueId,
                      @RequestParam(required = false) BigDecimal price, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/menu/items/" + id, () -> {
            if (venueId == null) {
                throw new RuleViolation("venueId", "validation.required");
            }
            items.setPrice(id, venueId, price);
        }, "menu.priceSaved");
    }

    @PostMapping("/menu/items/{id}/prices/{venueId}/remove")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String removeVenuePrice(@PathVariable UUID id, @PathVariable UUID venueId, RedirectAttributes redirect) {
        items.removeVenuePrice(id, venueId);
        redirect.addFlashAttribute("success", "menu.priceRemoved");
        return "redirect:/menu/items/" + id;
    }

    @PostMapping("/menu/items/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        items.archive(id);
        redirect.addFlashAttribute("success", "menu.archived");
        return "redirect:/menu/items";
    }

    private String form(Model model, MenuItem item) {
        model.addAttribute("item", item);
        model.addAttribute("categories", categories.tree());
        model.addAttribute("groups", modifierGroups.all());
        model.addAttribute("stockItems", ingredients.all().stream().filter(i -> !i.isArchived()).toList());
        model.addAttribute("venues", venues.active());
        return "menu/item";
    }

    private static MenuItems.MenuItemDetails details(ItemForm f) {
        return new MenuItems.MenuItemDetails(f.kind(), f.categoryId(), f.name(), f.barcode(), f.stockItemId(),
                f.stockQuantity(), Boolean.TRUE.equals(f.onSale()), f.price(),
                f.modifierGroupIds() == null ? List.of() : f.modifierGroupIds());
    }
}
