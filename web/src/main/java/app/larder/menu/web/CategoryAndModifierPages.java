package app.larder.menu.web;

import app.larder.menu.Categories;
import app.larder.menu.ModifierGroup;
import app.larder.menu.ModifierGroups;
import app.larder.menu.ModifierOption;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.stock.Ingredients;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The category tree, and modifier groups with their options (a fixed number of option rows; blank ones are skipped). */
@Controller
class CategoryAndModifierPages {

    static final int OPTION_ROWS = 6;

    private final Categories categories;
    private final ModifierGroups groups;
    private final Ingredients ingredients;

    CategoryAndModifierPages(Categories categories, ModifierGroups groups, Ingredients ingredients) {
        this.categories = categories;
        this.groups = groups;
        this.ingredients = ingredients;
    }

    record CategoryForm(@NotBlank @Size(max = 200) String name, UUID parentId, Integer position) {
    }

    /** One option row; {@code effect} NONE, ADD or REPLACE. */
    record OptionRow(UUID id, String name, BigDecimal priceDelta, ModifierOption.Effect effect, UUID ingredientId,
                     BigDecimal quantity, UUID replacesIngredientId) {
    }

    record GroupForm(@NotBlank @Size(max = 200) String name, Integer minSelected, Integer maxSelected,
                     List<OptionRow> options) {
    }

    @GetMapping("/menu/categories")
    String categories(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new CategoryForm("", null, 0));
        }
        model.addAttribute("tree", categories.tree());
        return "menu/categories";
    }

    @PostMapping("/menu/categories")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String createCategory(@Valid @ModelAttribute("form") CategoryForm form, BindingResult result, Model model,
                          RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                categories.create(form.parentId(), form.name(), form.position());
                redirect.addFlashAttribute("success", "category.created");
                return "redirect:/menu/categories";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return categories(model);
    }

    @PostMapping("/menu/categories/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String changeCategory(@PathVariable UUID id, @RequestParam String name, @RequestParam(required = false) UUID parentId,
                          @RequestParam(required = false) Integer position, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/menu/categories", () -> categories.change(id, parentId, name, position),
                "category.saved");
    }

    @PostMapping("/menu/categories/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archiveCategory(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/menu/categories", () -> categories.archive(id), "category.archived");
    }

    @GetMapping("/menu/modifiers")
    String modifiers(Model model) {
        model.addAttribute("groups", groups.all());
        return "menu/modifiers";
    }

    @GetMapping("/menu/modifiers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newGroup(Model model) {
        model.addAttribute("form", new GroupForm("", 0, 1, rows(List.of())));
        return groupPage(model, null);
    }

    @PostMapping("/menu/modifiers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String createGroup(@Valid @ModelAttribute("form") GroupForm form, BindingResult result, Model model,
                       RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                groups.create(input(form));
                redirect.addFlashAttribute("success", "modifier.created");
                return "redirect:/menu/modifiers";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return groupPage(model, null);
    }

    @GetMapping("/menu/modifiers/{id}")
    String group(@PathVariable UUID id, Model model) {
        ModifierGroup group = groups.get(id);
        if (!model.containsAttribute("form")) {
            List<OptionRow> existing = group.getOptions().stream().map(o -> new OptionRow(o.getId(), o.getName(),
                    FormValues.amount(o.getPriceDelta()), o.getEffect(), o.getIngredientId(),
                    FormValues.plain(o.getQuantity()), o.getReplacesIngredientId())).toList();
            model.addAttribute("form", new GroupForm(group.getName(), group.getMinSelected(), group.getMaxSelected(),
                    rows(existing)));
        }
        return groupPage(model, group);
    }

    @PostMapping("/menu/modifiers/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String changeGroup(@PathVariable UUID id, @Valid @ModelAttribute("form") GroupForm form, BindingResult result,
                       Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                groups.change(id, input(form));
                redirect.addFlashAttribute("success", "modifier.saved");
                return "redirect:/menu/modifiers";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return group(id, model);
    }

    private String groupPage(Model model, ModifierGroup group) {
        model.addAttribute("group", group);
        model.addAttribute("stockItems", ingredients.all().stream().filter(i -> !i.isArchived()).toList());
        model.addAttribute("effects", ModifierOption.Effect.values());
        return "menu/modifier";
    }

    private static List<OptionRow> rows(List<OptionRow> existing) {
        List<OptionRow> rows = new ArrayList<>(existing);
        while (rows.size() < Math.max(OPTION_ROWS, existing.size() + 2)) {
            rows.add(new OptionRow(null, null, null, ModifierOption.Effect.NONE, null, null, null));
        }
        return rows;
    }

    private static ModifierGroups.GroupInput input(GroupForm form) {
        List<ModifierGroups.OptionInput> options = new ArrayList<>();
        if (form.options() != null) {
            for (OptionRow row : form.options()) {
                if (row != null && row.name() != null && !row.name().isBlank()) {
                    options.add(new ModifierGroups.OptionInput(row.id(), row.name(), row.priceDelta(), row.effect(),
                            row.ingredientId(), row.quantity(), row.replacesIngredientId()));
                }
            }
        }
        return new ModifierGroups.GroupInput(form.name(), form.minSelected(), form.maxSelected(), options);
    }
}
