package app.larder.finance.web;

import app.larder.business.Venues;
import app.larder.finance.FinanceAccount;
import app.larder.finance.FinanceAccounts;
import app.larder.finance.FinanceTransactions;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

/** Finance → Accounts: the list with balances now, a new account, and one account with its rows and balances. */
@Controller
class FinanceAccountPages {

    static final Set<String> SORTS = Set.of("name", "kind", "openingDate");
    private static final int PAGE_SIZE = 25;

    private final FinanceAccounts accounts;
    private final FinanceTransactions transactions;
    private final Venues venues;

    FinanceAccountPages(FinanceAccounts accounts, FinanceTransactions transactions, Venues venues) {
        this.accounts = accounts;
        this.transactions = transactions;
        this.venues = venues;
    }

    record AccountForm(@NotBlank @Size(max = 200) String name, @NotNull FinanceAccount.Kind kind, UUID venueId,
                       BigDecimal openingBalance,
                       @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate openingDate,
                       boolean posDefault, Long version) {

        static AccountForm of(FinanceAccount a) {
            // Without trailing zeros but never in exponent form: 150000.0000 is "150000" in the field, not "1.5E+5".
            BigDecimal opening = new BigDecimal(a.getOpeningBalance().stripTrailingZeros().toPlainString());
            return new AccountForm(a.getName(), a.getKind(), a.getVenueId(), opening, a.getOpeningDate(),
                    a.isPosDefault(), a.getVersion());
        }

        FinanceAccounts.AccountDetails details() {
            return new FinanceAccounts.AccountDetails(name, kind, venueId, openingBalance, openingDate, posDefault);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/finance/accounts")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) FinanceAccount.Kind kind,
                @RequestParam(defaultValue = "false") boolean archived, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, Model model) {
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, SORTS, "name");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, SORTS, "name");
        }
        var found = accounts.search(new FinanceAccounts.AccountQuery(q, null, kind, archived), request);
        model.addAttribute("accounts", found);
        model.addAttribute("balances", accounts.balances(found.getContent(), Instant.now()));
        model.addAttribute("venueNames", venueNames());
        model.addAttribute("kinds", FinanceAccount.Kind.values());
        model.addAttribute("q", q);
        model.addAttribute("kind", kind);
        model.addAttribute("archived", archived);
        model.addAttribute("filtered", (q != null && !q.isBlank()) || kind != null || archived);
        return "finance/accounts";
    }

    @GetMapping("/finance/accounts/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String newAccount(Model model, app.larder.platform.security.CurrentUser me) {
        model.addAttribute("form", new AccountForm("", FinanceAccount.Kind.BANK, null, BigDecimal.ZERO,
                LocalDate.now(me.timezone()), false, null));
        return formPage(model);
    }

    @PostMapping("/finance/accounts/new")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String create(@Valid @ModelAttribute("form") AccountForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                FinanceAccount created = accounts.create(form.details());
                redirect.addFlashAttribute("success", "finance.account.created");
                return "redirect:/finance/accounts/" + created.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return formPage(model);
    }

    @GetMapping("/finance/accounts/{id}")
    String show(@PathVariable UUID id,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) Integer page, Model model) {
        FinanceAccount account = accounts.get(id);
        ZoneId zone = transactions.zone(account.getVenueId());
        Instant start = from == null ? Instant.EPOCH : from.atStartOfDay(zone).toInstant();
        Instant end = to == null ? Instant.parse("9999-01-01T00:00:00Z")
                : to.plusDays(1).atStartOfDay(zone).toInstant();
        if (end.isBefore(start)) {
            model.addAttribute("failure", "finance.periodReversed");
            model.addAttribute("failureArgs", new Object[0]);
            end = Instant.parse("9999-01-01T00:00:00Z");
        }
        model.addAttribute("account", account);
        model.addAttribute("balance", accounts.balance(id, Instant.now()));
        model.addAttribute("finalBalance", accounts.finalBalance(id));
        model.addAttribute("movements", transactions.ofAccount(id, start, end,
                PageRequest.of(page == null || page < 0 ? 0 : page, PAGE_SIZE)));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("venueName", account.getVenueId() == null ? null
                : venueNames().get(account.getVenueId()));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", AccountForm.of(account));
        }
        model.addAttribute("kinds", FinanceAccount.Kind.values());
        model.addAttribute("venues", venues.active());
        return "finance/account";
    }

    @PostMapping("/finance/accounts/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") AccountForm form, BindingResult result,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                accounts.change(id, form.version(), form.details());
                redirect.addFlashAttribute("success", "finance.account.saved");
                return "redirect:/finance/accounts/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, null, null, null, model);
    }

    @PostMapping("/finance/accounts/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/accounts/" + id, () -> accounts.archive(id), "finance.account.archived");
    }

    @PostMapping("/finance/accounts/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/accounts/" + id, () -> accounts.restore(id), "finance.account.restored");
    }

    private String formPage(Model model) {
        model.addAttribute("kinds", FinanceAccount.Kind.values());
        model.addAttribute("venues", venues.active());
        return "finance/account-new";
    }

    private java.util.Map<UUID, String> venueNames() {
        java.util.Map<UUID, String> names = new java.util.HashMap<>();
        venues.active().forEach(v -> names.put(v.getId(), v.getName()));
        return names;
    }
}
