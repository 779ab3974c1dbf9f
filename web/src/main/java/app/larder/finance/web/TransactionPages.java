package app.larder.finance.web;

import app.larder.business.Venues;
import app.larder.finance.FinanceAccounts;
import app.larder.finance.FinanceCategories;
import app.larder.finance.FinanceCategory;
import app.larder.finance.FinanceTransactions;
import app.larder.finance.FinanceTransactions.Kind;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Finance → Transactions: the list with filters and totals, a new income or expense, a new transfer, cancelling. */
@Controller
class TransactionPages {

    private static final int PAGE_SIZE = 50;

    private final FinanceTransactions transactions;
    private final FinanceAccounts accounts;
    private final FinanceCategories categories;
    private final Venues venues;

    TransactionPages(FinanceTransactions transactions, FinanceAccounts accounts, FinanceCategories categories,
                     Venues venues) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.categories = categories;
        this.venues = venues;
    }

    record EntryForm(@NotNull Kind kind, @NotNull UUID accountId, UUID categoryId, UUID venueId,
                     @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                     @NotNull BigDecimal amount, @Size(max = 200) String counterparty,
                     @Size(max = 1000) String comment) {
        FinanceTransactions.Entry entry() {
            return new FinanceTransactions.Entry(kind, accountId, null, date, amount, categoryId, venueId,
                    counterparty, comment);
        }
    }

    record TransferForm(@NotNull UUID fromAccountId, @NotNull UUID toAccountId,
                        @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                        @NotNull BigDecimal amount, @Size(max = 1000) String comment) {
        FinanceTransactions.TransferInput input() {
            return new FinanceTransactions.TransferInput(fromAccountId, toAccountId, null, date, amount, comment);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/finance/transactions")
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) UUID accountId, @RequestParam(required = false) UUID venueId,
                @RequestParam(required = false) UUID categoryId, @RequestParam(required = false) Kind kind,
                @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, HttpServletRequest request, CurrentUser me,
                Model model) {
        if (request.getParameterMap().isEmpty()) {
            to = LocalDate.now(me.timezone());
            from = to.withDayOfMonth(1);
        }
        FinanceTransactions.Found found;
        PageRequest paging;
        try {
            paging = Paging.of(page, PAGE_SIZE, sort, FinanceTransactions.SORTS, "occurredAt,desc");
        } catch (RuleViolation e) {
            paging = Paging.of(0, PAGE_SIZE, null, FinanceTransactions.SORTS, "occurredAt,desc");
        }
        try {
            found = transactions.search(new FinanceTransactions.Query(from, to, accountId, venueId, categoryId, kind,
                    null, q), paging);
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            found = transactions.search(new FinanceTransactions.Query(null, null, null, null, null, null, null, null),
                    paging);
        }
        model.addAttribute("rows", found.page());
        model.addAttribute("totals", found.totals());
        model.addAttribute("accounts", accounts.all());
        model.addAttribute("venues", venues.active());
        model.addAttribute("categories", categories.tree());
        model.addAttribute("kinds", Kind.values());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("accountId", accountId);
        model.addAttribute("venueId", venueId);
        model.addAttribute("categoryId", categoryId);
        model.addAttribute("kind", kind);
        model.addAttribute("q", q);
        return "finance/transactions";
    }

    @GetMapping("/finance/transactions/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String newEntry(@RequestParam(required = false) Kind kind, @RequestParam(required = false) UUID accountId,
                    CurrentUser me, Model model) {
        model.addAttribute("form", new EntryForm(kind == Kind.INCOME ? Kind.INCOME : Kind.EXPENSE, accountId, null,
                null, LocalDate.now(me.timezone()), null, null, null));
        return entryPage(model);
    }

    @PostMapping("/finance/transactions/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String create(@Valid @ModelAttribute("form") EntryForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                transactions.record(form.entry());
                redirect.addFlashAttribute("success", "finance.transaction.created");
                return "redirect:/finance/accounts/" + form.accountId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return entryPage(model);
    }

    @GetMapping("/finance/transfers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String newTransfer(@RequestParam(required = false) UUID fromAccountId, CurrentUser me, Model model) {
        model.addAttribute("form", new TransferForm(fromAccountId, null, LocalDate.now(me.timezone()), null, null));
        model.addAttribute("accounts", accounts.active());
        return "finance/transfer-new";
    }

    @PostMapping("/finance/transfers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String transfer(@Valid @ModelAttribute("form") TransferForm form, BindingResult result, Model model,
                    RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                transactions.transfer(form.input());
                redirect.addFlashAttribute("success", "finance.transfer.created");
                return "redirect:/finance/transactions";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        model.addAttribute("accounts", accounts.active());
        return "finance/transfer-new";
    }

    /** A correction: the form filled from the transaction; saving reverses it and books the form as a new one. */
    @GetMapping("/finance/transactions/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String edit(@PathVariable UUID id, Model model) {
        FinanceTransactions.Movement m = transactions.find(id);
        if (!model.containsAttribute("form")) {
            java.time.ZoneId zone = transactions.zone(accounts.get(m.accountId()).getVenueId());
            model.addAttribute("form", new EntryForm(m.kind(), m.accountId(), m.categoryId(), m.venueId(),
                    LocalDate.ofInstant(m.occurredAt(), zone),
                    // Never in exponent form: 5000.0000 is "5000" in the field, not "5E+3".
                    new java.math.BigDecimal(m.amount().abs().stripTrailingZeros().toPlainString()), m.counterparty(),
                    m.comment()));
        }
        model.addAttribute("correcting", m);
        return entryPage(model);
    }

    @PostMapping("/finance/transactions/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String correct(@PathVariable UUID id, @Valid @ModelAttribute("form") EntryForm form, BindingResult result,
                   Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                transactions.correct(id, form.entry());
                redirect.addFlashAttribute("success", "finance.transaction.corrected");
                return "redirect:/finance/accounts/" + form.accountId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        model.addAttribute("correcting", transactions.find(id));
        return entryPage(model);
    }

    @PostMapping("/finance/transactions/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) String back, RedirectAttributes redirect) {
        String to = back != null && back.startsWith("/finance/") ? back : "/finance/transactions";
        return Forms.flash(redirect, to, () -> transactions.cancel(id), "finance.transaction.cancelled");
    }

    private String entryPage(Model model) {
        model.addAttribute("accounts", accounts.active());
        model.addAttribute("venues", venues.active());
        model.addAttribute("incomeCategories", categories.choices(FinanceCategory.Direction.INCOME));
        model.addAttribute("expenseCategories", categories.choices(FinanceCategory.Direction.EXPENSE));
        return "finance/transaction-new";
    }
}
