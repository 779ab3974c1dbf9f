package app.larder.pos.web;

import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Paging;
import app.larder.pos.CashShifts;
import app.larder.pos.SalesReports;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.Page;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
        String effectiveSort = validSort(sort);
        // Every link of the page (pages, sorts) carries the filters in force, the default period included.
        ReceiptLinks links = new ReceiptLinks(request.getContextPath() + "/sales/receipts", effectiveSort)
                .with("venueId", venueId).with("from", from).with("to", to).with("deviceId", deviceId)
                .with("waiter", waiter).with("paymentMethod", paymentMethod).with("amountFrom", amountFrom)
                .with("amountTo", amountTo).with("type", blankToNull(type)).with("q", blankToNull(q))
                .with("shiftId", shiftId);
        SalesReports.ReceiptQuery query = null;
        SalesReports.ReceiptPage found = null;
        try {
            query = new SalesReports.ReceiptQuery(venueId, from, to, deviceId, waiter, paymentMethod, amountFrom,
                    amountTo, SalesApi.kind(type), q, shiftId);
            found = reports.receipts(query, paging(page, effectiveSort));
            Page<SalesReports.ReceiptRow> rows = found.rows();
            if (rows.isEmpty() && rows.getTotalElements() > 0) {
                // Past the end (an old bookmark, a hand-edited address): the last page.
                found = reports.receipts(query, paging(rows.getTotalPages() - 1, effectiveSort));
            }
        } catch (RuleViolation e) {
            // Filters that cannot be read select nothing: the message, the form to correct them, no list or totals.
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
        }
        model.addAttribute("invalid", found == null);
        model.addAttribute("receipts", found == null ? Page.empty() : found.rows());
        model.addAttribute("totals", found == null ? null : found.totals());
        model.addAttribute("links", links);
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
        model.addAttribute("type", query == null || query.kind() == null ? "ALL" : query.kind().name());
        model.addAttribute("q", q);
        model.addAttribute("shiftId", shiftId);
        model.addAttribute("sort", effectiveSort);
        return "pos/receipts";
    }

    /**
     * Links of the receipt list that keep its filters in force, as the shared pager and sort headers ask for them
     * ({@code links.to(page)}, {@code links.sortBy(property)}): built from the filters the page applied, not from the
     * address, which leaves out the default period of a first visit.
     */
    static final class ReceiptLinks {

        private final String path;
        private final String sort;
        private final Map<String, Object> filters = new LinkedHashMap<>();

        ReceiptLinks(String path, String sort) {
            this.path = path;
            this.sort = sort;
        }

        ReceiptLinks with(String name, Object value) {
            if (value != null) {
                filters.put(name, value instanceof BigDecimal d ? d.toPlainString() : value);
            }
            return this;
        }

        public String to(int page) {
            return build(sort, page);
        }

        public String sortBy(String property) {
            return build(sortedBy(property) && !descending() ? property + ",desc" : property, null);
        }

        public boolean sortedBy(String property) {
            return sort != null && sort.split(",")[0].equals(property);
        }

        public boolean descending() {
            return sort != null && sort.endsWith(",desc");
        }

        private String build(String sortBy, Integer page) {
            Map<String, Object> params = new LinkedHashMap<>(filters);
            if (sortBy != null) {
                params.put("sort", sortBy);
            }
            if (page != null) {
                params.put("page", page);
            }
            // Form encoding, as the filter form sends them: a "+" typed into a search stays a "+".
            StringJoiner query = new StringJoiner("&", path + "?", "").setEmptyValue(path);
            params.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(String.valueOf(value),
                    StandardCharsets.UTF_8)));
            return query.toString();
        }
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
            // As the receipts: the message and the form, no shifts or totals of some other period.
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            shifts = null;
        }
        model.addAttribute("invalid", shifts == null);
        model.addAttribute("shifts", shifts == null ? List.of() : shifts);
        model.addAttribute("totals", shifts == null ? null : ShiftTotals.of(shifts));
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        return "pos/shifts";
    }

    /** One shift: its cash, worked out line by line, and every event its till sent, with their comments. */
    @GetMapping("/sales/shifts/{id}")
    String shift(@PathVariable UUID id, Model model) {
        model.addAttribute("detail", reports.shift(id).orElseThrow(() -> new NotFoundException("cash shift", id)));
        return "pos/shift";
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
        model.addAttribute("paired", reports.devices().stream()
                .anyMatch(d -> d.paired() && (venueId == null || d.venueId().equals(venueId))));
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueId", venueId);
        model.addAttribute("venueName", venueId == null ? null
                : venues.active().stream().filter(v -> v.getId().equals(venueId)).map(Venue::getName)
                .findFirst().orElse(null));
        return "pos/dashboard";
    }

    /** Today's figures of every venue the user sees, for the home page's card (loaded there with htmx). */
    @GetMapping("/sales/today/summary")
    String todaySummary(Model model) {
        model.addAttribute("day", reports.dashboard(null, null));
        return "pos/today-summary :: summary";
    }

    private static PageRequest paging(Integer page, String sort) {
        try {
            return Paging.of(page, PAGE_SIZE, sort, SalesReports.SORTS.keySet(), "closedAt,desc");
        } catch (RuleViolation e) {
            return Paging.of(0, PAGE_SIZE, sort, SalesReports.SORTS.keySet(), "closedAt,desc");
        }
    }

    /** The sort asked for if the list can sort so, else null (the default: newest first). */
    private static String validSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return null;
        }
        try {
            Paging.of(0, PAGE_SIZE, sort, SalesReports.SORTS.keySet(), "closedAt,desc");
            return sort;
        } catch (RuleViolation e) {
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
