package app.larder.stock.web;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.shared.Money;
import app.larder.shared.Unit;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.ProcessingMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import java.util.Set;
import java.util.UUID;

/** Stock → Ingredients: the list, a new ingredient, and one ingredient with its unit cost and processing methods. */
@Controller
class IngredientPages {

    static final Set<String> SORTS = Set.of("name", "category");
    /** What an ingredient is counted and priced in; g and ml are the same dimensions as kg and l. */
    static final List<Unit> STOCK_UNITS = List.of(Unit.KG, Unit.L, Unit.PCS);
    private static final int PAGE_SIZE = 25;

    private final Ingredients ingredients;

    IngredientPages(Ingredients ingredients) {
        this.ingredients = ingredients;
    }

    /**
     * {@code unit} only when creating: it cannot change later. {@code pieceSize} grams or millilitres in one piece;
     * {@code purchaseUnitSize} base units (g, ml, pcs) in one purchase unit; {@code unitCost} per {@code unit}.
     */
    record IngredientForm(@NotBlank @Size(max = 200) String name, @Size(max = 100) String category, Unit unit,
                          BigDecimal pieceSize, @Size(max = 50) String purchaseUnitName, BigDecimal purchaseUnitSize,
                          BigDecimal unitCost) {
    }

    record UnitCostForm(@NotNull BigDecimal unitCost) {
    }

    record MethodForm(@NotBlank @Size(max = 100) String name, @NotNull BigDecimal lossPercent) {
    }

    /** A row of the list: the ingredient and its current unit cost in the business's currency. */
    record Row(Ingredient ingredient, Money unitCost) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/ingredients")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String category,
                @RequestParam(defaultValue = "false") boolean archived,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model, CurrentUser me) {
        Ingredients.IngredientQuery query = new Ingredients.IngredientQuery(q, category, archived);
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, SORTS, "name");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, SORTS, "name");
        }
        Page<Row> found = ingredients.search(query, request)
                .map(row -> new Row(row.ingredient(), money(row.unitCost(), me)));
        model.addAttribute("ingredients", found);
        model.addAttribute("q", q);
        model.addAttribute("category", category);
        model.addAttribute("categories", ingredients.categories());
        model.addAttribute("archived", archived);
        model.addAttribute("filtered", (q != null && !q.isBlank()) || (category != null && !category.isBlank())
                || archived);
        return "stock/ingredients";
    }

    @GetMapping("/stock/ingredients/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newIngredient(Model model) {
        model.addAttribute("form", new IngredientForm("", "", Unit.KG, null, "", null, null));
        return newPage(model);
    }

    @PostMapping("/stock/ingredients/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") IngredientForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (form.unit() == null && !result.hasFieldErrors("unit")) {
            result.rejectValue("unit", "validation.required", "validation.required");
        }
        if (!result.hasErrors()) {
            try {
                Ingredient created = ingredients.create(details(form, form.unit().dimension(), form.unitCost()));
                redirect.addFlashAttribute("success", "ingredient.created");
                return "redirect:/stock/ingredients/" + created.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return newPage(model);
    }

    @GetMapping("/stock/ingredients/{id}")
    String show(@PathVariable UUID id, Model model, CurrentUser me) {
        Ingredients.IngredientRow row = ingredients.get(id);
        Ingredient ingredient = row.ingredient();
        model.addAttribute("ingredient", ingredient);
        model.addAttribute("unitCost", money(row.unitCost(), me));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new IngredientForm(ingredient.getName(), ingredient.getCategory(),
                    ingredient.getStockUnit(), plain(ingredient.getPieceSize()), ingredient.getPurchaseUnitName(),
                    plain(ingredient.getPurchaseUnitSize()), null));
        }
        if (!model.containsAttribute("costForm")) {
            model.addAttribute("costForm", new UnitCostForm(plain(row.unitCost())));
        }
        if (!model.containsAttribute("methodForm")) {
            model.addAttribute("methodForm", new MethodForm("", null));
        }
        model.addAttribute("methods", ingredients.methodsOf(id));
        model.addAttribute("categories", ingredients.categories());
        return "stock/ingredient";
    }

    @PostMapping("/stock/ingredients/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") IngredientForm form, BindingResult result,
                  Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                // The unit is fixed and the unit cost has its own form: neither changes here.
                ingredients.change(id, details(form, null, null));
                redirect.addFlashAttribute("success", "ingredient.saved");
                return "redirect:/stock/ingredients/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model, me);
    }

    @PostMapping("/stock/ingredients/{id}/unit-cost")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String unitCost(@PathVariable UUID id, @Valid @ModelAttribute("costForm") UnitCostForm form,
                    BindingResult result, Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                ingredients.setUnitCost(id, form.unitCost());
                redirect.addFlashAttribute("success", "ingredient.unitCostSet");
                return "redirect:/stock/ingredients/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model, me);
    }

    @PostMapping("/stock/ingredients/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        ingredients.archive(id);
        redirect.addFlashAttribute("success", "ingredient.archived");
        return "redirect:/stock/ingredients/" + id;
    }

    @PostMapping("/stock/ingredients/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        ingredients.restore(id);
        redirect.addFlashAttribute("success", "ingredient.restored");
        return "redirect:/stock/ingredients/" + id;
    }

    @PostMapping("/stock/ingredients/{id}/methods")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String addMethod(@PathVariable UUID id, @Valid @ModelAttribute("methodForm") MethodForm form,
                     BindingResult result, Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                ingredients.addMethod(id, form.name(), form.lossPercent());
                redirect.addFlashAttribute("success", "processing.added");
                return "redirect:/stock/ingredients/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model, me);
    }

    /** The inline change of one method in the list: its outcome, or what is wrong, comes back as a flash message. */
    @PostMapping("/stock/ingredients/{id}/methods/{methodId}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String changeMethod(@PathVariable UUID id, @PathVariable UUID methodId,
                        @Valid @ModelAttribute("inlineMethod") MethodForm form, BindingResult result,
                        RedirectAttributes redirect) {
        boolean ofThisIngredient = ingredients.methodsOf(id).stream()
                .map(ProcessingMethod::getId).anyMatch(methodId::equals);
        if (!ofThisIngredient) {
            throw new NotFoundException("processing-method", methodId);
        }
        if (result.hasErrors()) {
            return failure(redirect, id, "processing.invalid");
        }
        try {
            ingredients.changeMethod(methodId, form.name(), form.lossPercent());
            redirect.addFlashAttribute("success", "processing.saved");
        } catch (RuleViolation e) {
            redirect.addFlashAttribute("failure", e.messageKey());
            redirect.addFlashAttribute("failureArgs", e.args());
        }
        return "redirect:/stock/ingredients/" + id;
    }

    private static String failure(RedirectAttributes redirect, UUID id, String key) {
        redirect.addFlashAttribute("failure", key);
        redirect.addFlashAttribute("failureArgs", new Object[0]);
        return "redirect:/stock/ingredients/" + id;
    }

    private String newPage(Model model) {
        model.addAttribute("units", STOCK_UNITS);
        model.addAttribute("categories", ingredients.categories());
        return "stock/ingredient-new";
    }

    private static Ingredients.IngredientDetails details(IngredientForm form, Unit.Dimension dimension,
                                                         BigDecimal unitCost) {
        return new Ingredients.IngredientDetails(form.name(), form.category(), dimension, form.pieceSize(),
                form.purchaseUnitName(), form.purchaseUnitSize(), unitCost);
    }

    private static Money money(BigDecimal amount, CurrentUser me) {
        return amount == null ? null : new Money(amount, me.currency());
    }

    /** As a person would type it: 40 rather than 40.000000, and never 4E+1. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
