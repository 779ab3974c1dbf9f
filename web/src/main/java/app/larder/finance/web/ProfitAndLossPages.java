package app.larder.finance.web;

import app.larder.business.Venues;
import app.larder.finance.ProfitAndLoss;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.UUID;

/**
 * The P&L page: a period with shortcuts (this and last month, quarter, year), a venue, and the previous period of the
 * same length beside it. The page takes the last day inclusive ({@code through}), as people say "1 to 30 November";
 * the service's period is {@code [from, through + 1)}.
 */
@Controller
@PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
class ProfitAndLossPages {

    private final ProfitAndLoss pnl;
    private final Venues venues;

    ProfitAndLossPages(ProfitAndLoss pnl, Venues venues) {
        this.pnl = pnl;
        this.venues = venues;
    }

    /** A period shortcut: its message key and the dates its link sets. */
    record Shortcut(String labelKey, LocalDate from, LocalDate through) {
    }

    @GetMapping("/finance/pnl")
    String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate through,
                @RequestParam(required = false) UUID venueId, CurrentUser me, Model model) {
        LocalDate today = LocalDate.now(me.timezone());
        if (from == null && through == null) {
            from = today.withDayOfMonth(1);
            through = from.plusMonths(1).minusDays(1);
        }
        ProfitAndLoss.Report report;
        try {
            report = pnl.report(venueId, from, through == null ? null : through.plusDays(1));
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            from = today.withDayOfMonth(1);
            through = from.plusMonths(1).minusDays(1);
            report = pnl.report(venueId, from, through.plusDays(1));
        }
        ProfitAndLoss.Period before = ProfitAndLoss.previous(report.from(), report.to());
        ProfitAndLoss.Report previous = pnl.report(venueId, before.from(), before.to());
        model.addAttribute("report", report);
        model.addAttribute("lines", ProfitAndLoss.lines(report, previous));
        model.addAttribute("margin", report.grossMargin());
        model.addAttribute("previousMargin", previous.grossMargin());
        model.addAttribute("previousFrom", before.from());
        model.addAttribute("previousThrough", before.to().minusDays(1));
        model.addAttribute("from", from);
        model.addAttribute("through", through);
        model.addAttribute("venueId", venueId);
        model.addAttribute("venues", venues.active());
        model.addAttribute("shortcuts", shortcuts(today));
        return "finance/pnl";
    }

    static List<Shortcut> shortcuts(LocalDate today) {
        LocalDate month = today.withDayOfMonth(1);
        LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        LocalDate year = today.withDayOfYear(1);
        return List.of(
                new Shortcut("finance.pnl.thisMonth", month, month.plusMonths(1).minusDays(1)),
                new Shortcut("finance.pnl.lastMonth", month.minusMonths(1), month.minusDays(1)),
                new Shortcut("finance.pnl.thisQuarter", quarter, quarter.plusMonths(3).minusDays(1)),
                new Shortcut("finance.pnl.lastQuarter", quarter.minusMonths(3), quarter.minusDays(1)),
                new Shortcut("finance.pnl.thisYear", year, year.plusYears(1).minusDays(1)),
                new Shortcut("finance.pnl.lastYear", year.minusYears(1), year.minusDays(1)));
    }
}
