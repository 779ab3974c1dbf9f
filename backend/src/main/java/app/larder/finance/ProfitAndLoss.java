package app.larder.finance;

import app.larder.business.Business;
import app.larder.business.Businesses;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.TenantContext;
import app.larder.pos.SalesTotals;
import app.larder.shared.Money;
import app.larder.stock.LedgerTotals;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The profit and loss of a period, of one venue or of every venue the user sees.
 * <pre>
 *   revenue            = sales − refunds, both net of line discounts           (pos, {@link SalesTotals})
 *   cost of goods sold = sales write-offs − what refunds returned to stock     (stock ledger, {@link LedgerTotals})
 *   gross profit       = revenue − cost of goods sold; margin = gross profit ÷ revenue
 *   stock losses       = write-offs + stocktake shortages − stocktake surpluses (stock ledger)
 *   expenses           = − the transactions in expense categories counted in the P&L (finance_transaction)
 *   other income       = the transactions in income categories counted in the P&L
 *   net profit         = gross profit − stock losses − expenses + other income
 * </pre>
 * Sales, refunds and supplier payments are kept out of the finance part by their categories ({@code in_pnl} false):
 * revenue and cost come from the operations' own ledgers, so nothing counts twice.
 * <p>
 * A period is {@code [from, to)} in local dates: receipts and stock movements on the date of their venue's time zone,
 * a transaction in its venue's zone or, without a venue, the business's. A transaction without a venue (the rent of
 * the office) counts only in the P&L of the whole business, seen by a user who sees every venue.
 * <p>
 * Money is never rounded here: every figure is an exact sum, rounded to the currency's minor unit only for display.
 * The margin is the one division, in percent to {@value #MARGIN_SCALE} decimal places, half-up.
 */
@Service
public class ProfitAndLoss {

    static final int MARGIN_SCALE = 4;
    /** Longer periods are typing mistakes (a year 20260), not questions. */
    static final int MAX_YEARS = 10;
    private static final int MAX_DEPTH = 32;

    private final SalesTotals sales;
    private final LedgerTotals ledger;
    private final Businesses businesses;
    private final Venues venues;
    private final NamedParameterJdbcTemplate jdbc;

    ProfitAndLoss(SalesTotals sales, LedgerTotals ledger, Businesses businesses, Venues venues,
                  NamedParameterJdbcTemplate jdbc) {
        this.sales = sales;
        this.ledger = ledger;
        this.businesses = businesses;
        this.venues = venues;
        this.jdbc = jdbc;
    }

    /**
     * A finance category's line: its own transactions' sum and the subtotal with everything under it, positive for
     * what the section says (an expense as spent, an income as received). {@code depth} 0 for a top category.
     */
    public record CategoryLine(UUID id, String name, int depth, BigDecimal own, BigDecimal total,
                               List<CategoryLine> children) {
    }

    /** The P&L. Every amount in {@code currency}, exact; {@code grossMargin} in percent, null without revenue. */
    public record Report(LocalDate from, LocalDate to, UUID venueId, Currency currency, SalesTotals.Totals sales,
                         LedgerTotals.Totals stock, Map<String, BigDecimal> writeOffsByReason,
                         List<CategoryLine> expenses, List<CategoryLine> otherIncome) {

        public BigDecimal revenue() {
            return sales.revenue();
        }

        public BigDecimal costOfGoodsSold() {
            return stock.costOfGoodsSold();
        }

        public BigDecimal grossProfit() {
            return revenue().subtract(costOfGoodsSold());
        }

        public BigDecimal grossMargin() {
            return revenue().signum() == 0 ? null : grossProfit().multiply(BigDecimal.valueOf(100))
                    .divide(revenue(), MARGIN_SCALE, RoundingMode.HALF_UP);
        }

        public BigDecimal writeOffs() {
            return stock.writeOffs();
        }

        public BigDecimal shortages() {
            return stock.shortages();
        }

        public BigDecimal surpluses() {
            return stock.surpluses();
        }

        /** Write-offs + shortages − surpluses. */
        public BigDecimal stockLosses() {
            return writeOffs().add(shortages()).subtract(surpluses());
        }

        public BigDecimal expensesTotal() {
            return expenses.stream().map(CategoryLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal otherIncomeTotal() {
            return otherIncome.stream().map(CategoryLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal netProfit() {
            return grossProfit().subtract(stockLosses()).subtract(expensesTotal()).add(otherIncomeTotal());
        }

        /** The category lines of a section in reading order (each followed by its children), for a table. */
        public static List<CategoryLine> flat(List<CategoryLine> tree) {
            List<CategoryLine> rows = new ArrayList<>();
            tree.forEach(line -> flatten(line, rows));
            return rows;
        }

        private static void flatten(CategoryLine line, List<CategoryLine> rows) {
            rows.add(line);
            line.children().forEach(child -> flatten(child, rows));
        }
    }

    /**
     * The P&L of {@code [from, to)} for a venue, or for every venue the user sees when {@code venueId} is null.
     * Refused: a missing date, an end not after the start, a period over {@value #MAX_YEARS} years; a venue of
     * another business or out of the user's reach is not found.
     */
    @Transactional(readOnly = true)
    public Report report(UUID venueId, LocalDate from, LocalDate to) {
        check(from, to);
        if (venueId != null) {
            venues.get(venueId);
        }
        Business business = businesses.current();
        List<CategoryLine> expenses = new ArrayList<>();
        List<CategoryLine> income = new ArrayList<>();
        categories(venueId, from, to, business, expenses, income);
        return new Report(from, to, venueId, business.getCurrency(), sales.totals(venueId, from, to),
                ledger.totals(venueId, from, to), ledger.writeOffsByReason(venueId, from, to), expenses, income);
    }

    /**
     * A period of local dates, {@code [from, to)}, and how it was chosen to compare with another: {@code MONTHS}
     * (the same number of whole calendar months), {@code SAME_DAYS} (the same days of the month, as many months
     * back as the other spans) or {@code DAYS} (as many days, just before).
     */
    public record Period(LocalDate from, LocalDate to, Basis basis) {

        public enum Basis { MONTHS, SAME_DAYS, DAYS }
    }

    /**
     * The period just before {@code [from, to)}, to compare with. Whole months compare with as many calendar months
     * (February before March, whatever their lengths). A period from the 1st of a month to a day before its last
     * month ends (month, quarter or year to date) compares with the same days as many months back: 1–7 December
     * with 1–7 November, 1 October–7 December with 1 July–7 September; a day the earlier month lacks becomes its
     * last day (1–30 March with 1–28 February). Anything else compares with as many days just before.
     */
    public static Period previous(LocalDate from, LocalDate to) {
        if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1) {
            long months = ChronoUnit.MONTHS.between(from, to);
            return new Period(from.minusMonths(months), from, Period.Basis.MONTHS);
        }
        LocalDate through = to.minusDays(1);
        if (from.getDayOfMonth() == 1) {
            long months = ChronoUnit.MONTHS.between(from, through.withDayOfMonth(1)) + 1;
            return new Period(from.minusMonths(months), through.minusMonths(months).plusDays(1),
                    Period.Basis.SAME_DAYS);
        }
        return new Period(from.minusDays(ChronoUnit.DAYS.between(from, to)), from, Period.Basis.DAYS);
    }

    static void check(LocalDate from, LocalDate to) {
        if (from == null) {
            throw new RuleViolation("from", "validation.required");
        }
        if (to == null) {
            throw new RuleViolation("to", "validation.required");
        }
        if (!to.isAfter(from)) {
            throw new RuleViolation("to", "finance.pnl.periodReversed");
        }
        if (to.isAfter(from.plusYears(MAX_YEARS))) {
            throw new RuleViolation("to", "finance.pnl.periodTooLong", MAX_YEARS);
        }
    }

    private record Category(UUID id, UUID parentId, String name, String direction, BigDecimal amount) {
    }

    /**
     * The finance categories with the sum of their transactions in the period (those counted in the P&L only), as
     * two trees: expenses and other income, each line with its subtotal; categories with nothing in or under them
     * left out. A subtree belongs to the section of its top category's direction.
     */
    private void categories(UUID venueId, LocalDate from, LocalDate to, Business business,
                            List<CategoryLine> expenses, List<CategoryLine> income) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("coarseFrom", Timestamp.from(from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("coarseTo", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("from", from).addValue("to", to).addValue("zone", business.getTimezone().getId());
        StringBuilder where = new StringBuilder();
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (venueId != null) {
            where.append(" AND t.venue_id = :venue");
            params.addValue("venue", venueId);
        } else if (scope != null) {
            // A user limited to some venues sees their transactions, not the business's own.
            where.append(scope.isEmpty() ? " AND FALSE" : " AND t.venue_id IN (:scope)");
            params.addValue("scope", scope);
        }
        List<Category> all = jdbc.query("""
                SELECT c.id, c.parent_id, c.name, c.direction, COALESCE(x.amount, 0) AS amount
                FROM finance_category c
                LEFT JOIN (
                    SELECT t.category_id, SUM(t.amount) AS amount
                    FROM finance_transaction t LEFT JOIN venue v ON v.id = t.venue_id
                    WHERE t.category_id IS NOT NULL
                      AND t.occurred_at >= :coarseFrom AND t.occurred_at < :coarseTo
                      AND (t.occurred_at AT TIME ZONE COALESCE(v.timezone, :zone))::date >= :from
                      AND (t.occurred_at AT TIME ZONE COALESCE(v.timezone, :zone))::date < :to %s
                    GROUP BY t.category_id
                ) x ON x.category_id = c.id AND c.in_pnl""".formatted(where), params, (rs, n) -> new Category(
                rs.getObject("id", UUID.class), rs.getObject("parent_id", UUID.class), rs.getString("name"),
                rs.getString("direction"), rs.getBigDecimal("amount")));
        Map<UUID, List<Category>> children = new HashMap<>();
        List<Category> roots = new ArrayList<>();
        for (Category c : all) {
            if (c.parentId() == null) {
                roots.add(c);
            } else {
                children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
            }
        }
        Comparator<Category> byName = Comparator.comparing((Category c) -> c.name().toLowerCase(Locale.ROOT))
                .thenComparing(Category::id);
        roots.sort(byName);
        for (Category root : roots) {
            boolean expense = "EXPENSE".equals(root.direction());
            CategoryLine line = line(root, 0, expense, children, byName);
            if (line != null) {
                (expense ? expenses : income).add(line);
            }
        }
    }

    private static CategoryLine line(Category c, int depth, boolean expense, Map<UUID, List<Category>> children,
                                     Comparator<Category> order) {
        // Money out of an account is negative; an expense shows as spent, so its sign turns.
        BigDecimal own = expense ? c.amount().negate() : c.amount();
        List<CategoryLine> lines = new ArrayList<>();
        boolean any = c.amount().signum() != 0;
        BigDecimal total = own;
        // The schema forbids only a category its own parent; a longer circle stops here instead of going round.
        List<Category> under = depth >= MAX_DEPTH ? List.of() : children.getOrDefault(c.id(), List.of());
        for (Category child : under.stream().sorted(order).toList()) {
            CategoryLine line = line(child, depth + 1, expense, children, order);
            if (line != null) {
                lines.add(line);
                total = total.add(line.total());
                any = true;
            }
        }
        return any ? new CategoryLine(c.id(), c.name(), depth, own, total, List.copyOf(lines)) : null;
    }

    /**
     * A line of the P&L as it is read: its section (a message key suffix: revenue, costOfGoodsSold, writeOffs,
     * expenses, otherIncome, netProfit), a message key (or a category's name), this period's amount and the previous
     * one's, costs negative, both exact, in {@code currency}; {@code depth} indents it, {@code total} marks a
     * (sub)total. The page and the export both lay the P&L out from these.
     */
    public record Line(String id, String section, String labelKey, String name, BigDecimal current,
                       BigDecimal previous, int depth, boolean total, Currency currency) {

        /**
         * This period less the previous one as both are shown: each rounded to the currency's minor unit first, then
         * subtracted, so the column agrees with the two figures beside it (6,462.355 − 0.004 shows 6,462.36 and
         * 0.00, and a change of 6,462.36, not the 6,462.35 of the exact difference).
         */
        public BigDecimal change() {
            return current == null || previous == null ? null
                    : new Money(current, currency).rounded().minus(new Money(previous, currency).rounded()).amount();
        }
    }

    /** The lines of both periods, in the order an accountant reads a P&L. */
    public static List<Line> lines(Report now, Report before) {
        List<Line> lines = new ArrayList<>();
        Currency c = now.currency();
        lines.add(line("revenue", "salesBeforeDiscounts", now.sales().salesBeforeDiscounts(),
                before.sales().salesBeforeDiscounts(), 1, false, c));
        lines.add(line("revenue", "discounts", now.sales().discounts().negate(),
                before.sales().discounts().negate(), 1, false, c));
        lines.add(line("revenue", "refunds", now.sales().refundsAmount().negate(),
                before.sales().refundsAmount().negate(), 1, false, c));
        lines.add(line("revenue", "revenue", now.revenue(), before.revenue(), 0, true, c));
        lines.add(line("costOfGoodsSold", "salesWriteOffs", now.stock().salesWriteOffs().negate(),
                before.stock().salesWriteOffs().negate(), 1, false, c));
        lines.add(line("costOfGoodsSold", "returnedByRefunds", now.stock().returnedByRefunds(),
                before.stock().returnedByRefunds(), 1, false, c));
        lines.add(line("costOfGoodsSold", "costOfGoodsSold", now.costOfGoodsSold().negate(),
                before.costOfGoodsSold().negate(), 0, true, c));
        lines.add(line("costOfGoodsSold", "grossProfit", now.grossProfit(), before.grossProfit(), 0, true, c));
        Set<String> reasons = new TreeSet<>(now.writeOffsByReason().keySet());
        reasons.addAll(before.writeOffsByReason().keySet());
        for (String reason : reasons) {
            lines.add(new Line("reason-" + reason, "writeOffs", "writeOff.reason." + reason, null,
                    now.writeOffsByReason().getOrDefault(reason, BigDecimal.ZERO).negate(),
                    before.writeOffsByReason().getOrDefault(reason, BigDecimal.ZERO).negate(), 1, false, c));
        }
        lines.add(line("writeOffs", "writeOffs", now.writeOffs().negate(), before.writeOffs().negate(), 0, false, c));
        lines.add(line("writeOffs", "shortages", now.shortages().negate(), before.shortages().negate(), 0, false, c));
        lines.add(line("writeOffs", "surpluses", now.surpluses(), before.surpluses(), 0, false, c));
        categories(lines, now.expenses(), before.expenses(), "expenses", true, c);
        lines.add(line("expenses", "expenses", now.expensesTotal().negate(), before.expensesTotal().negate(), 0, true,
                c));
        categories(lines, now.otherIncome(), before.otherIncome(), "otherIncome", false, c);
        lines.add(line("otherIncome", "otherIncome", now.otherIncomeTotal(), before.otherIncomeTotal(), 0, true,
                c));
        lines.add(line("netProfit", "netProfit", now.netProfit(), before.netProfit(), 0, true, c));
        return lines;
    }

    private static Line line(String section, String key, BigDecimal current, BigDecimal previous, int depth,
                             boolean total, Currency currency) {
        return new Line(key, section, "finance.pnl." + key, null, current, previous, depth, total, currency);
    }

    /**
     * The categories of a section, this period's tree first, then what only the previous period had; an expense
     * shows negative, as it takes from profit.
     */
    private static void categories(List<Line> lines, List<CategoryLine> now, List<CategoryLine> before,
                                   String section, boolean expense, Currency currency) {
        Map<UUID, BigDecimal> previous = new HashMap<>();
        Report.flat(before).forEach(l -> previous.put(l.id(), l.total()));
        Set<UUID> shown = new HashSet<>();
        for (CategoryLine l : Report.flat(now)) {
            shown.add(l.id());
            lines.add(category(l, section, l.total(), previous.getOrDefault(l.id(), BigDecimal.ZERO), expense,
                    currency));
        }
        for (CategoryLine l : Report.flat(before)) {
            if (!shown.contains(l.id())) {
                lines.add(category(l, section, BigDecimal.ZERO, l.total(), expense, currency));
            }
        }
    }

    private static Line category(CategoryLine l, String section, BigDecimal current, BigDecimal previous,
                                 boolean expense, Currency currency) {
        return new Line("category-" + l.id(), section, null, l.name(), expense ? current.negate() : current,
                expense ? previous.negate() : previous, l.depth() + 1, !l.children().isEmpty(), currency);
    }
}
