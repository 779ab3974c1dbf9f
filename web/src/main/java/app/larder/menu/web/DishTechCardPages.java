package app.larder.menu.web;

import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.MenuSettingsService;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.recipe.Costing;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCard.ProductKind;
import app.larder.recipe.web.TechCardViews;
import app.larder.recipe.web.TechCardViews.Draft;
import app.larder.recipe.web.TechCardViews.VersionForm;
import jakarta.validation.Valid;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The tech card of a dish: the version in force (or an older one) as a tree, its versions, how the cost of a portion
 * moved, and the form of a new version priced live as it is edited. The same parts as a semi-finished product's page
 * ({@link TechCardViews}), but a dish's card makes one portion, so it has no yield.
 */
@Controller
class DishTechCardPages {

    private final MenuItems items;
    private final Costing costing;
    private final TechCardViews views;
    private final MenuSettingsService settings;

    DishTechCardPages(MenuItems items, Costing costing, TechCardViews views, MenuSettingsService settings) {
        this.items = items;
        this.costing = costing;
        this.views = views;
        this.settings = settings;
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    /** The dish with the version in force, or with {@code version}, one of its older or upcoming versions. */
    @GetMapping("/menu/items/{id}/tech-card")
    String show(@PathVariable UUID id, @RequestParam(required = false) UUID version, Model model, CurrentUser me,
                RedirectAttributes redirect) {
        MenuItem item = items.get(id);
        if (item.getKind() != MenuItem.Kind.DISH) {
            return notADish(id, redirect);
        }
        model.addAttribute("item", item);
        // Null until a version is in force, where the menu list counts it as nothing.
        BigDecimal cost = costing.costs(Set.of(id)).get(id);
        BigDecimal price = items.prices(id).get(null);
        model.addAttribute("cost", TechCardViews.money(cost, me));
        model.addAttribute("price", TechCardViews.money(price, me));
        BigDecimal foodCost = cost != null && price != null && price.signum() > 0 ? MenuItems.percent(cost, price)
                : null;
        model.addAttribute("foodCost", foodCost);
        model.addAttribute("aboveTarget", foodCost != null && foodCost.compareTo(settings.foodCostTarget()) > 0);
        TechCard shown = views.showCard(id, version, model, me);
        views.showForm(ProductKind.DISH, id, shown, null, model, me);
        return "menu/tech-card";
    }

    @PostMapping("/menu/items/{id}/tech-card")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String save(@PathVariable UUID id, @Valid @ModelAttribute("versionForm") VersionForm form, BindingResult result,
                Model model, CurrentUser me, RedirectAttributes redirect) {
        MenuItem item = items.get(id);
        if (item.getKind() != MenuItem.Kind.DISH) {
            return notADish(id, redirect);
        }
        if (form == null) {
            // A value deep in the rows could not be converted, so there is no form to show again.
            redirect.addFlashAttribute("failure", "techCard.unreadable");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/menu/items/" + id + "/tech-card";
        }
        result = TechCardViews.keepOnPage(form, result, model);
        boolean unreadable = TechCardViews.unreadable(result);
        Optional<Draft> draft = result.hasErrors() ? Optional.empty() : views.draft(form, me, result);
        if (draft.isPresent()) {
            try {
                items.saveTechCard(id, draft.get().version());
                redirect.addFlashAttribute("success", "techCard.saved");
                return "redirect:/menu/items/" + id + "/tech-card";
            } catch (RuleViolation e) {
                TechCardViews.reject(result, e, draft.get());
            }
        }
        views.price(ProductKind.DISH, id, form, unreadable, model, me);
        return show(id, null, model, me, redirect);
    }

    /** What a portion of the form as it stands costs, for the part of the page htmx replaces as it is edited. */
    @PostMapping("/menu/items/{id}/tech-card/preview")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String preview(@PathVariable UUID id, @ModelAttribute("versionForm") VersionForm form, BindingResult result,
                   Model model, CurrentUser me) {
        if (items.get(id).getKind() != MenuItem.Kind.DISH) {
            throw new NotFoundException("dish", id);
        }
        views.price(ProductKind.DISH, id, form, form == null || TechCardViews.unreadable(result), model, me);
        return "recipe/tech-card :: preview";
    }

    /** A product is sold as bought: back to its page, saying why there is no tech card. */
    private static String notADish(UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("failure", "menu.onlyDishesHaveTechCards");
        redirect.addFlashAttribute("failureArgs", new Object[0]);
        return "redirect:/menu/items/" + id;
    }
}
