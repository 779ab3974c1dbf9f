package app.larder.finance.web;

import app.larder.finance.FinanceCategories;
import app.larder.finance.FinanceCategory;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
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

import java.util.UUID;

/** Finance → Categories: the tree of income and expense categories, adding, renaming and moving, archiving. */
@Controller
class FinanceCategoryPages {

    private final FinanceCategories categories;

    FinanceCategoryPages(FinanceCategories categories) {
        this.categories = categories;
    }

    record CategoryForm(@NotBlank @Size(max = 200) String name, UUID parentId,
                        @NotNull FinanceCategory.Direction direction, boolean inPnl) {
        FinanceCategories.CategoryDetails details() {
            return new FinanceCategories.CategoryDetails(name, parentId, direction, inPnl);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/finance/categories")
    String list(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new CategoryForm("", null, FinanceCategory.Direction.EXPENSE, true));
        }
        model.addAttribute("tree", categories.tree());
        model.addAttribute("parents", categories.choices(null));
        model.addAttribute("directions", FinanceCategory.Direction.values());
        return "finance/categories";
    }

    @PostMapping("/finance/categories")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String create(@Valid @ModelAttribute("form") CategoryForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                categories.create(form.details());
                redirect.addFlashAttribute("success", "finance.category.created");
                return "redirect:/finance/categories";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return list(model);
    }

    /** Renames or moves a category from its row; a rule it breaks comes back as the page's message. */
    @PostMapping("/finance/categories/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String change(@PathVariable UUID id, @RequestParam String name, @RequestParam(required = false) UUID parentId,
                  RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/categories", () -> {
            FinanceCategory category = categories.get(id);
            categories.change(id, null, new FinanceCategories.CategoryDetails(name, parentId,
                    category.getDirection(), null));
        }, "finance.category.saved");
    }

    @PostMapping("/finance/categories/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/categories", () -> categories.archive(id), "finance.category.archived");
    }

    @PostMapping("/finance/categories/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/categories", () -> categories.restore(id), "finance.category.restored");
    }
}
