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
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.UUID;

/**
 * The P&L page: a period with shortcuts (this month, quarter and year to date; the last whole ones), a venue, and
 * the previous period to compare with beside it ({@link ProfitAndLoss#previous}). The page takes the last day
 * inclusive ({@code through}), as people say "1 to 30 November"; the service's period is {@code [from, through + 1)}.
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

    /**
     * The P&L page. Without dates: this month to date, beside the same days of last month (not the whole of it, which
     * would make every change look huge). The API's exclusive {@code to} is taken too, for a link or a hand-typed
     * address; {@code through} wins when both are given.
     */
    @GetMapping("/finance/pnl")
    String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate through,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) UUID venueId, CurrentUser me, Model model) {
        LocalDate today = LocalDate.now(me.timezone());
        if (through == null && to != null) {
            through = to.minusDays(1);
        }
        if (from == null && through == null) {
            from = today.withDayOfMonth(1);
            through = today;
        }
        ProfitAndLoss.Report report;
        try {
            if (from == null || through == null) {
                // The service would name its own parameter ("to"); the page's fields are From and To (inclusive).
                throw new RuleViolation(null, from == null ? "finance.pnl.fromMissing" : "finance.pnl.throughMissing");
            }
            report = pnl.report(venueId, from, through.plusDays(1));
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            from = today.withDayOfMonth(1);
            through = today;
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
        model.addAttribute("previousBasis", before.basis());
        model.addAttribute("previousSpan", before.basis() == ProfitAndLoss.Period.Basis.DAYS
                ? ChronoUnit.DAYS.between(before.from(), before.to())
                : ChronoUnit.MONTHS.between(before.from(), report.from()));
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
                new Shortcut("finance.pnl.monthToDate", month, today),
                new Shortcut("finance.pnl.lastMonth", month.minusMonths(1), month.minusDays(1)),
                new Shortcut("finance.pnl.quarterToDate", quarter, today),
                new Shortcut("finance.pnl.lastQuarter", quarter.minusMonths(3), quarter.minusDays(1)),
                new Shortcut("finance.pnl.yearToDate", year, today),
                new Shortcut("finance.pnl.lastYear", year.minusYears(1), year.minusDays(1)));
    }
}
