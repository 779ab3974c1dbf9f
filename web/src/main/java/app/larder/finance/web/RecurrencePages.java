package app.larder.finance.web;

import app.larder.finance.FinanceAccounts;
import app.larder.finance.FinanceCategories;
import app.larder.finance.FinanceCategory;
import app.larder.finance.FinanceTransactions.Kind;
import app.larder.finance.RecurringTransactions;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Finance → Recurring: the recurring incomes and expenses, a new one, stopping one. */
@Controller
class RecurrencePages {

    private final RecurringTransactions recurring;
    private final FinanceAccounts accounts;
    private final FinanceCategories categories;

    RecurrencePages(RecurringTransactions recurring, FinanceAccounts accounts, FinanceCategories categories) {
        this.recurring = recurring;
        this.accounts = accounts;
        this.categories = categories;
    }

    record RecurrenceForm(@NotNull Kind kind, @NotNull UUID accountId, UUID categoryId, @NotNull BigDecimal amount,
                          @NotNull Integer dayOfMonth,
                          @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
                          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endsOn,
                          @Size(max = 200) String counterparty, @Size(max = 1000) String comment) {
        RecurringTransactions.RecurrenceInput input() {
            return new RecurringTransactions.RecurrenceInput(kind, accountId, categoryId, null, amount, dayOfMonth,
                    startsOn, endsOn, counterparty, comment);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/finance/recurring")
    String list(CurrentUser me, Model model) {
        if (!model.containsAttribute("form")) {
            LocalDate today = LocalDate.now(me.timezone());
            model.addAttribute("form", new RecurrenceForm(Kind.EXPENSE, null, null, null, today.getDayOfMonth(),
                    today, null, null, null));
        }
        Map<UUID, String> accountNames = new HashMap<>();
        accounts.all().forEach(a -> accountNames.put(a.getId(), a.getName()));
        Map<UUID, String> categoryNames = new HashMap<>();
        categories.tree().forEach(n -> categoryNames.put(n.category().getId(), n.path()));
        model.addAttribute("recurrences", recurring.all());
        model.addAttribute("accountNames", accountNames);
        model.addAttribute("categoryNames", categoryNames);
        model.addAttribute("accounts", accounts.active());
        model.addAttribute("incomeCategories", categories.choices(FinanceCategory.Direction.INCOME));
        model.addAttribute("expenseCategories", categories.choices(FinanceCategory.Direction.EXPENSE));
        return "finance/recurring";
    }

    @PostMapping("/finance/recurring")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String create(@Valid @ModelAttribute("form") RecurrenceForm form, BindingResult result, CurrentUser me,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                recurring.create(form.input());
                redirect.addFlashAttribute("success", "finance.recurrence.created");
                return "redirect:/finance/recurring";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return list(me, model);
    }

    @PostMapping("/finance/recurring/{id}/stop")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String stop(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/recurring", () -> recurring.stop(id), "finance.recurrence.stopped");
    }
}
