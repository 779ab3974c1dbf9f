package app.larder.finance.web;

import app.larder.business.Venues;
import app.larder.finance.FinanceAccounts;
import app.larder.finance.SupplierPayables;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Finance → Supplier payables: what is owed to whom and for how long, and paying a supply from an account. */
@Controller
class PayablePages {

    private final SupplierPayables payables;
    private final FinanceAccounts accounts;
    private final Venues venues;

    PayablePages(SupplierPayables payables, FinanceAccounts accounts, Venues venues) {
        this.payables = payables;
        this.accounts = accounts;
        this.venues = venues;
    }

    @GetMapping("/finance/payables")
    String list(@RequestParam(required = false) UUID supplierId, @RequestParam(required = false) UUID venueId,
                CurrentUser me, Model model) {
        model.addAttribute("report", payables.owed(supplierId, venueId));
        model.addAttribute("accounts", accounts.active());
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("supplierId", supplierId);
        model.addAttribute("today", LocalDate.now(me.timezone()));
        return "finance/payables";
    }

    /** A payment from the list: the amount prefilled with what is owed; more than that is refused with a message. */
    @PostMapping("/finance/payables/{supplyId}/pay")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    String pay(@PathVariable UUID supplyId, @RequestParam(required = false) UUID accountId,
               @RequestParam(required = false) BigDecimal amount,
               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
               RedirectAttributes redirect) {
        return Forms.flash(redirect, "/finance/payables",
                () -> payables.pay(supplyId, accountId, amount, null, date, null), "finance.payable.paid");
    }
}
