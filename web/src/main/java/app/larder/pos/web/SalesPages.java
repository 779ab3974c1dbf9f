package app.larder.pos.web;

import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Paging;
import app.larder.pos.CashShifts;
import app.larder.pos.SalesReports;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Sales: today's figures (cards, top items, revenue by hour as plain bars), the receipts with filters and totals, a
 * receipt with what it wrote off and its gross profit, and the cash shifts with their discrepancies. Read-only.
 */
@Controller
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER', 'ACCOUNTANT')")
class SalesPages {

    private static final int PAGE_SIZE = 25;
    /** A first visit shows this many days up to today. */
    private static final int DEFAULT_DAYS = 7;

    private final SalesReports reports;
    private final Venues venues;

    SalesPages(SalesReports reports, Venues venues) {
        this.reports = reports;
        this.venues = venues;
    }

    /** A bar of the chart: the hour, its revenue, and its height in percent of the busiest hour. */
    record Bar(int hour, BigDecimal revenue, long receipts, int percent) {
    }

    @GetMapping("/sales/receipts")
    String receipts(@RequestParam(required = false) UUID venueId,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    @RequestParam(required = false) UUID deviceId, @RequestParam(required = false) String waiter,
                    @RequestParam(required = false) String paymentMethod,
                    @RequestParam(required = false) BigDecimal amountFrom,
                    @RequestParam(required = false) BigDecimal amountTo,
                    @RequestParam(required = false) String type, @RequestParam(required = false) String q,
                    @RequestParam(required = false) UUID shiftId, @RequestParam(required = false) Integer page,
                    @RequestParam(required = false) String sort, HttpServletRequest request, Model model) {
        if (request.getParameterMap().isEmpty()) {
            to = reports.today(null);
            from = to.minusDays(DEFAULT_DAYS - 1);
        }
        SalesReports.ReceiptQuery query;
        SalesReports.ReceiptPage found;
        try {
            query = new SalesReports.ReceiptQuery(venueId, from, to, deviceId, waiter, paymentMethod, amountFrom,
                    amountTo, SalesApi.kind(type), q, shiftId);
            found = reports.receipts(query, paging(page, sort));
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            query = SalesReports.ReceiptQuery.period(venueId, null, null);
            found = reports.receipts(query, paging(0, null));
        }
        model.addAttribute("receipts", found.rows());
        model.addAttribute("totals", found.totals());
        model.addAttribute("filtered", query.filtered());
        model.addAttribute("venues", venues.active());
        model.addAttribute("devices", reports.devices());
        model.addAttribute("methods", List.of("cash", "card", "other"));
        model.addAttribute("venueId", venueId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("deviceId", deviceId);
        model.addAttribute("waiter", waiter);
        model.addAttribute("paymentMethod", paymentMethod);
        model.addAttribute("amountFrom", amountFrom);
        model.addAttribute("amountTo", amountTo);
        model.addAttribute("type", query.kind() == null ? "ALL" : query.kind().name());
        model.addAttribute("q", q);
        model.addAttribute("shiftId", shiftId);
        return "pos/receipts";
    }

    @GetMapping("/sales/receipts/{id}")
    String receipt(@PathVariable UUID id, Model model) {
        model.addAttribute("receipt", reports.receipt(id));
        return "pos/receipt";
    }

    @GetMapping("/sales/shifts")
    String shifts(@RequestParam(required = false) UUID venueId,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  Model model) {
        LocalDate end = to != null ? to : reports.today(venueId);
        LocalDate start = from != null ? from : end.minusDays(DEFAULT_DAYS - 1);
        List<SalesReports.ShiftRow> shifts;
        try {
            shifts = reports.shifts(venueId, start, end);
        } catch (RuleViolation e) {
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            start = end;
            shifts = reports.shifts(venueId, start, end);
        }
        model.addAttribute("shifts", shifts);
        model.addAttribute("totals", ShiftTotals.of(shifts));
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        return "pos/shifts";
    }

    /**
     * Sums of the listed shifts. Expected and counted cash, and the discrepancy between them, over closed shifts only
     * (an open shift has nothing counted yet), so that counted − expected = discrepancy in the totals too.
     */
    record ShiftTotals(int count, BigDecimal openingCash, BigDecimal cashSales, BigDecimal cashRefunds,
                       BigDecimal cashIn, BigDecimal cashOut, BigDecimal expectedCash, BigDecimal countedCash,
                       BigDecimal discrepancy, long withDiscrepancy) {

        static ShiftTotals of(List<SalesReports.ShiftRow> rows) {
            BigDecimal opening = BigDecimal.ZERO;
            BigDecimal sales = BigDecimal.ZERO;
            BigDecimal refunds = BigDecimal.ZERO;
            BigDecimal in = BigDecimal.ZERO;
            BigDecimal out = BigDecimal.ZERO;
            BigDecimal expected = BigDecimal.ZERO;
            BigDecimal counted = BigDecimal.ZERO;
            BigDecimal discrepancy = BigDecimal.ZERO;
            long off = 0;
            for (SalesReports.ShiftRow row : rows) {
                CashShifts.Shift s = row.shift();
                if (s.openingCash() != null) {
                    opening = opening.add(s.openingCash());
                }
                sales = sales.add(s.cashSales());
                refunds = refunds.add(s.cashRefunds());
                in = in.add(s.cashIn());
                out = out.add(s.cashOut());
                if (s.discrepancy() != null) {
                    expected = expected.add(s.expectedCash());
                    counted = counted.add(s.countedCash());
                    discrepancy = discrepancy.add(s.discrepancy());
                    if (s.discrepancy().signum() != 0) {
                        off++;
                    }
                }
            }
            return new ShiftTotals(rows.size(), opening, sales, refunds, in, out, expected, counted, discrepancy,
                    off);
        }
    }

    @GetMapping("/sales/today")
    String today(@RequestParam(required = false) UUID venueId,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                 Model model) {
        SalesReports.Dashboard day = reports.dashboard(venueId, date);
        BigDecimal peak = day.peakHour();
        List<Bar> bars = day.byHour().stream().map(h -> new Bar(h.hour(), h.revenue(), h.receipts(),
                peak.signum() <= 0 || h.revenue().signum() <= 0 ? 0
                        : h.revenue().multiply(BigDecimal.valueOf(100)).divide(peak, 0, RoundingMode.HALF_UP)
                        .max(BigDecimal.ONE).intValue())).toList();
        model.addAttribute("day", day);
        model.addAttribute("bars", bars);
        model.addAttribute("isToday", day.date().equals(reports.today(venueId)));
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("venueName", venueId == null ? null
                : venues.active().stream().filter(v -> v.getId().equals(venueId)).map(Venue::getName)
                .findFirst().orElse(null));
        return "pos/dashboard";
    }

    private static PageRequest paging(Integer page, String sort) {
        try {
            return Paging.of(page, PAGE_SIZE, sort, SalesReports.SORTS.keySet(), "closedAt,desc");
        } catch (RuleViolation e) {
            return Paging.of(0, PAGE_SIZE, null, SalesReports.SORTS.keySet(), "closedAt,desc");
        }
    }
}
