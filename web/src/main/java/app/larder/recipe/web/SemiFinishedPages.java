package app.larder.recipe.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.recipe.Costing;
import app.larder.recipe.SemiFinishedProduct;
import app.larder.recipe.SemiFinishedProducts;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCard.ProductKind;
import app.larder.recipe.TechCards;
import app.larder.recipe.web.TechCardViews.Draft;
import app.larder.recipe.web.TechCardViews.VersionForm;
import app.larder.shared.Money;
import app.larder.shared.Unit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Menu → Semi-finished products: the list, a new product, and one product with its tech card (the version in force
 * or an older one, as a tree), its versions, how its cost price moved, and the form of a new version whose cost is
 * shown live as it is edited.
 */
@Controller
class SemiFinishedPages {

    static final List<Unit> STOCK_UNITS = List.of(Unit.KG, Unit.L, Unit.PCS);
    private static final int PAGE_SIZE = 25;

    private final SemiFinishedProducts semis;
    private final TechCards techCards;
    private final Costing costing;
    private final TechCardViews views;

    SemiFinishedPages(SemiFinishedProducts semis, TechCards techCards, Costing costing, TechCardViews views) {
        this.semis = semis;
        this.techCards = techCards;
        this.costing = costing;
        this.views = views;
    }

    /** {@code unit} only when creating: it cannot change later. {@code pieceSize} grams or millilitres a piece. */
    record SemiForm(@NotBlank @Size(max = 200) String name, Unit unit, BigDecimal pieceSize) {
    }

    record Row(SemiFinishedProduct product, Money cost) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/recipes/semi-finished")
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "false") boolean archived,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model, CurrentUser me) {
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, RecipeApi.SORTS, "name");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, RecipeApi.SORTS, "name");
        }
        Page<Row> found = semis.search(q, archived, request)
                .map(row -> new Row(row.product(), TechCardViews.money(row.cost(), me)));
        model.addAttribute("semis", found);
        model.addAttribute("q", q);
        model.addAttribute("archived", archived);
        model.addAttribute("filtered", (q != null && !q.isBlank()) || archived);
        return "recipe/semis";
    }

    @GetMapping("/recipes/semi-finished/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newSemi(Model model) {
        model.addAttribute("form", new SemiForm("", Unit.KG, null));
        model.addAttribute("units", STOCK_UNITS);
        return "recipe/semi-new";
    }

    @PostMapping("/recipes/semi-finished/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") SemiForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (form.unit() == null && !result.hasFieldErrors("unit")) {
            result.rejectValue("unit", "validation.required", "validation.required");
        }
        if (!result.hasErrors()) {
            try {
                SemiFinishedProduct created = semis.create(form.name(), form.unit().dimension(), form.pieceSize());
                redirect.addFlashAttribute("success", "semi.created");
                return "redirect:/recipes/semi-finished/" + created.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        model.addAttribute("units", STOCK_UNITS);
        return "recipe/semi-new";
    }

    /** The product with the version in force, or with {@code version}, one of its older or upcoming versions. */
    @GetMapping("/recipes/semi-finished/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) UUID version, Model model, CurrentUser me) {
        SemiFinishedProduct product = semis.get(id);
        model.addAttribute("product", product);
        model.addAttribute("cost", TechCardViews.money(costing.costs(Set.of(id)).get(id), me));
        TechCard shown = views.showCard(id, version, model, me);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new SemiForm(product.getName(), product.getStockUnit(),
                    TechCardViews.plain(product.getPieceSize())));
        }
        views.showForm(ProductKind.SEMI, id, shown, product.getStockUnit(), model, me);
        return "recipe/semi";
    }

    @PostMapping("/recipes/semi-finished/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") SemiForm form, BindingResult result,
                  Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                semis.change(id, form.name(), form.pieceSize());
                redirect.addFlashAttribute("success", "semi.saved");
                return "redirect:/recipes/semi-finished/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, null, model, me);
    }

    @PostMapping("/recipes/semi-finished/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        semis.archive(id);
        redirect.addFlashAttribute("success", "semi.archived");
        return "redirect:/recipes/semi-finished/" + id;
    }

    @PostMapping("/recipes/semi-finished/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        semis.restore(id);
        redirect.addFlashAttribute("success", "semi.restored");
        return "redirect:/recipes/semi-finished/" + id;
    }

    @PostMapping("/recipes/semi-finished/{id}/versions")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String saveVersion(@PathVariable UUID id, @Valid @ModelAttribute("versionForm") VersionForm form,
                       BindingResult result, Model model, CurrentUser me, RedirectAttributes redirect) {
        semis.get(id);
        if (form == null) {
            // A value deep in the rows could not be converted, so there is no form to show again.
            redirect.addFlashAttribute("failure", "techCard.unreadable");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/recipes/semi-finished/" + id;
        }
        result = TechCardViews.keepOnPage(form, result, model);
        boolean unreadable = TechCardViews.unreadable(result);
        Optional<Draft> draft = result.hasErrors() ? Optional.empty() : views.draft(form, me, result);
        if (draft.isPresent()) {
            try {
                techCards.saveForSemi(id, draft.get().version());
                redirect.addFlashAttribute("success", "techCard.saved");
                return "redirect:/recipes/semi-finished/" + id;
            } catch (RuleViolation e) {
                TechCardViews.reject(result, e, draft.get());
            }
        }
        views.price(ProductKind.SEMI, id, form, unreadable, model, me);
        return show(id, null, model, me);
    }

    /** The cost of the form as it stands, for the part of the page htmx replaces while the form is edited. */
    @PostMapping("/recipes/semi-finished/{id}/preview")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String preview(@PathVariable UUID id, @ModelAttribute("versionForm") VersionForm form, BindingResult result,
                   Model model, CurrentUser me) {
        semis.get(id);
        views.price(ProductKind.SEMI, id, form, form == null || TechCardViews.unreadable(result), model, me);
        return "recipe/tech-card :: preview";
    }

    /**
     * The processing methods of the ingredient just chosen in a row, as that row's select: for the tech card of a
     * semi-finished product or of a dish.
     */
    @GetMapping({"/recipes/tech-cards/method-options", "/recipes/semi-finished/method-options"})
    String methodOptions(@RequestParam int row, HttpServletRequest request, Model model) {
        model.addAttribute("row", row);
        model.addAttribute("methods", views.methodsOf(request.getParameter("lines[" + row + "].component")));
        model.addAttribute("selected", null);
        model.addAttribute("invalid", false);
        return "recipe/tech-card :: methodSelect";
    }
}
