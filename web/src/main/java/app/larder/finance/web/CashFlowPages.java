package app.larder.finance.web;

import app.larder.business.Venues;
import app.larder.finance.CashFlow;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.util.UUID;

/** Finance → Cash flow: per account, the balance at the start, in, out and the balance at the end of a period. */
@Controller
class CashFlowPages {

    private final CashFlow cashFlow;
    private final Venues venues;

    CashFlowPages(CashFlow cashFlow, Venues venues) {
        this.cashFlow = cashFlow;
        this.venues = venues;
    }

    @GetMapping("/finance/cash-flow")
    String show(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) UUID venueId, CurrentUser me, Model model) {
        LocalDate today = LocalDate.now(me.timezone());
        LocalDate start = from != null ? from : today.withDayOfMonth(1);
        LocalDate end = to != null ? to : today;
        CashFlow.Report report;
        try {
            report = cashFlow.of(start, end, venueId);
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            start = end;
            report = cashFlow.of(start, end, venueId);
        }
        model.addAttribute("report", report);
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        return "finance/cash-flow";
    }
}
