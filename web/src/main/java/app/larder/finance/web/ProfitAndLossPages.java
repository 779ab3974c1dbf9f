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

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * A line of the table: a message key (or a category's name), this period's amount and the previous one's;
     * {@code depth} indents it, {@code total} sets it in bold.
     */
    record Line(String id, String labelKey, String name, BigDecimal current, BigDecimal previous, int depth,
                boolean total) {

        public BigDecimal change() {
            return current == null || previous == null ? null : current.subtract(previous);
        }
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
        model.addAttribute("lines", lines(report, previous));
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

    /** The table of both periods, in the order an accountant reads a P&L. */
    static List<Line> lines(ProfitAndLoss.Report now, ProfitAndLoss.Report before) {
        List<Line> lines = new ArrayList<>();
        lines.add(line("salesBeforeDiscounts", now.sales().salesBeforeDiscounts(),
                before.sales().salesBeforeDiscounts(), 1, false));
        lines.add(line("discounts", now.sales().discounts().negate(), before.sales().discounts().negate(), 1, false));
        lines.add(line("refunds", now.sales().refundsAmount().negate(), before.sales().refundsAmount().negate(), 1,
                false));
        lines.add(line("revenue", now.revenue(), before.revenue(), 0, true));
        lines.add(line("salesWriteOffs", now.stock().salesWriteOffs().negate(),
                before.stock().salesWriteOffs().negate(), 1, false));
        lines.add(line("returnedByRefunds", now.stock().returnedByRefunds(), before.stock().returnedByRefunds(), 1,
                false));
        lines.add(line("costOfGoodsSold", now.costOfGoodsSold().negate(), before.costOfGoodsSold().negate(), 0,
                true));
        lines.add(line("grossProfit", now.grossProfit(), before.grossProfit(), 0, true));
        Set<String> reasons = new java.util.TreeSet<>(now.writeOffsByReason().keySet());
        reasons.addAll(before.writeOffsByReason().keySet());
        for (String reason : reasons) {
            lines.add(new Line("reason-" + reason, "writeOff.reason." + reason, null,
                    now.writeOffsByReason().getOrDefault(reason, BigDecimal.ZERO).negate(),
                    before.writeOffsByReason().getOrDefault(reason, BigDecimal.ZERO).negate(), 1, false));
        }
        lines.add(line("writeOffs", now.writeOffs().negate(), before.writeOffs().negate(), 0, false));
        lines.add(line("shortages", now.shortages().negate(), before.shortages().negate(), 0, false));
        lines.add(line("surpluses", now.surpluses(), before.surpluses(), 0, false));
        categories(lines, now.expenses(), before.expenses(), true);
        lines.add(line("expenses", now.expensesTotal().negate(), before.expensesTotal().negate(), 0, true));
        categories(lines, now.otherIncome(), before.otherIncome(), false);
        lines.add(line("otherIncome", now.otherIncomeTotal(), before.otherIncomeTotal(), 0, true));
        lines.add(line("netProfit", now.netProfit(), before.netProfit(), 0, true));
        return lines;
    }

    private static Line line(String key, BigDecimal current, BigDecimal previous, int depth, boolean total) {
        return new Line(key, "finance.pnl." + key, null, current, previous, depth, total);
    }

    /**
     * The categories of a section, this period's tree first, then what only the previous period had; an expense
     * shows negative, as it takes from profit.
     */
    private static void categories(List<Line> lines, List<ProfitAndLoss.CategoryLine> now,
                                   List<ProfitAndLoss.CategoryLine> before, boolean expense) {
        Map<UUID, BigDecimal> previous = new HashMap<>();
        ProfitAndLoss.Report.flat(before).forEach(l -> previous.put(l.id(), l.total()));
        Set<UUID> shown = new HashSet<>();
        for (ProfitAndLoss.CategoryLine l : ProfitAndLoss.Report.flat(now)) {
            shown.add(l.id());
            lines.add(category(l, l.total(), previous.getOrDefault(l.id(), BigDecimal.ZERO), expense));
        }
        for (ProfitAndLoss.CategoryLine l : ProfitAndLoss.Report.flat(before)) {
            if (!shown.contains(l.id())) {
                lines.add(category(l, BigDecimal.ZERO, l.total(), expense));
            }
        }
    }

    private static Line category(ProfitAndLoss.CategoryLine l, BigDecimal current, BigDecimal previous,
                                 boolean expense) {
        return new Line("category-" + l.id(), null, l.name(), expense ? current.negate() : current,
                expense ? previous.negate() : previous, l.depth() + 1, !l.children().isEmpty());
    }
}
