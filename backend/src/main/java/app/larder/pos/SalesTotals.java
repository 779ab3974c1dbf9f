package app.larder.pos;

import app.larder.business.Venues;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Revenue of a period for the P&L: sales and refunds of a venue, or of every venue the user sees, net of line
 * discounts, with the number of receipts; in total or by day.
 * <p>
 * A period is {@code [from, to)} in local dates, each receipt on the date of its closing in its own venue's time zone
 * (as {@link SalesReports} counts days). Revenue = the sales' totals − the refunds' totals; a receipt's total is
 * already net of its lines' discounts, which are summed apart to show what was given away.
 * <p>
 * The figures come from {@code receipt_total}: the receipts per venue and quarter hour of their closing, derived,
 * added to in the transaction that inserts the receipts (which are never updated or deleted), compared with the
 * receipts by {@link #check()} and made again by {@link #rebuild()}. {@link #fromReceipts} sums the receipts
 * themselves. Nothing is rounded here.
 * <p>
 * A venue's quarter hour is striped: each transaction adds to the row of its connection's stripe
 * ({@code pg_backend_pid() % 64}), so concurrent batches of one venue seldom wait on the same row, and every reader
 * sums the stripes. {@link #foldStripes} merges the stripes of older quarter hours into stripe 0.
 */
@Service
public class SalesTotals {

    static final long QUARTER_SECONDS = 900;
    /**
     * The stripe a transaction adds to: its connection's server process, so concurrent transactions (on different
     * connections) mostly add to different rows, and one transaction always to the same stripe.
     */
    static final String STRIPE_SQL = "pg_backend_pid() % 64";
    /** How a receipt_total row adds what meets it at its key: the receipts' inserts and the fold alike. */
    private static final String ADD_TO_ROW = """
            ON CONFLICT (tenant_id, quarter, venue_id, stripe) DO UPDATE
            SET sales = receipt_total.sales + EXCLUDED.sales,
                refunds = receipt_total.refunds + EXCLUDED.refunds,
                sales_amount = receipt_total.sales_amount + EXCLUDED.sales_amount,
                refunds_amount = receipt_total.refunds_amount + EXCLUDED.refunds_amount,
                sales_discount = receipt_total.sales_discount + EXCLUDED.sales_discount,
                refunds_discount = receipt_total.refunds_discount + EXCLUDED.refunds_discount""";
    private static final String QUARTER_SQL =
            "date_bin('15 minutes', r.closed_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')";

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;

    SalesTotals(NamedParameterJdbcTemplate jdbc, Venues venues) {
        this.jdbc = jdbc;
        this.venues = venues;
    }

    /**
     * Sales and refunds of a period (or a day). Amounts are receipts' totals, so net of line discounts; refunds are
     * positive here and taken off in {@link #revenue()}.
     */
    public record Totals(long sales, long refunds, BigDecimal salesAmount, BigDecimal refundsAmount,
                         BigDecimal salesDiscount, BigDecimal refundsDiscount) {

        public long receipts() {
            return sales + refunds;
        }

        /** Sales − refunds, both net of their discounts. */
        public BigDecimal revenue() {
            return salesAmount.subtract(refundsAmount);
        }

        /** What sales would have brought without line discounts. */
        public BigDecimal salesBeforeDiscounts() {
            return salesAmount.add(salesDiscount);
        }

        /** Discounts given, less those of the lines refunds took back. */
        public BigDecimal discounts() {
            return salesDiscount.subtract(refundsDiscount);
        }

        Totals plus(Totals other) {
            return new Totals(sales + other.sales, refunds + other.refunds, salesAmount.add(other.salesAmount),
                    refundsAmount.add(other.refundsAmount), salesDiscount.add(other.salesDiscount),
                    refundsDiscount.add(other.refundsDiscount));
        }
    }

    public record Day(LocalDate date, Totals totals) {
    }

    /** A receipt just inserted, as the totals count it. */
    record Added(Instant closedAt, boolean refund, BigDecimal total, BigDecimal discount) {
    }

    /**
     * Adds receipts just inserted for a venue, in the caller's transaction and savepoint, to the stripe of its
     * connection. One statement, rows in the order of their keys, so batches of one venue that share a stripe wait
     * for each other in line, never in a circle.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(UUID venueId, Collection<Added> receipts) {
        Map<Instant, Totals> byQuarter = new TreeMap<>();
        for (Added r : receipts) {
            Totals one = r.refund() ? new Totals(0, 1, BigDecimal.ZERO, r.total(), BigDecimal.ZERO, r.discount())
                    : new Totals(1, 0, r.total(), BigDecimal.ZERO, r.discount(), BigDecimal.ZERO);
            Instant quarter = Instant.ofEpochSecond(Math.floorDiv(r.closedAt().getEpochSecond(), QUARTER_SECONDS)
                    * QUARTER_SECONDS);
            byQuarter.merge(quarter, one, Totals::plus);
        }
        if (byQuarter.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO receipt_total (tenant_id, venue_id, quarter, stripe, sales, refunds, sales_amount,
                                           refunds_amount, sales_discount, refunds_discount)
                VALUES (larder_current_tenant(), :venue, :quarter, %s, :sales, :refunds, :salesAmount,
                        :refundsAmount, :salesDiscount, :refundsDiscount)
                """.formatted(STRIPE_SQL) + ADD_TO_ROW,
                byQuarter.entrySet().stream().map(e -> (SqlParameterSource) new MapSqlParameterSource()
                        .addValue("venue", venueId).addValue("quarter", Timestamp.from(e.getKey()))
                        .addValue("sales", e.getValue().sales()).addValue("refunds", e.getValue().refunds())
                        .addValue("salesAmount", e.getValue().salesAmount())
                        .addValue("refundsAmount", e.getValue().refundsAmount())
                        .addValue("salesDiscount", e.getValue().salesDiscount())
                        .addValue("refundsDiscount", e.getValue().refundsDiscount()))
                        .toArray(SqlParameterSource[]::new));
    }

    /** Revenue of {@code [from, to)} of a venue, or of every venue the user sees when {@code venueId} is null. */
    @Transactional(readOnly = true)
    public Totals totals(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "t.quarter", "t.venue_id", params);
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(t.sales), 0) AS sales, COALESCE(SUM(t.refunds), 0) AS refunds,
                       COALESCE(SUM(t.sales_amount), 0) AS sales_amount,
                       COALESCE(SUM(t.refunds_amount), 0) AS refunds_amount,
                       COALESCE(SUM(t.sales_discount), 0) AS sales_discount,
                       COALESCE(SUM(t.refunds_discount), 0) AS refunds_discount
                FROM receipt_total t JOIN venue v ON v.id = t.venue_id
                WHERE %s""".formatted(where), params, (rs, n) -> totals(rs));
    }

    /** The same figures by local day, days without receipts left out, oldest first. */
    @Transactional(readOnly = true)
    public List<Day> byDay(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "t.quarter", "t.venue_id", params);
        return jdbc.query("""
                SELECT (t.quarter AT TIME ZONE v.timezone)::date AS day,
                       SUM(t.sales) AS sales, SUM(t.refunds) AS refunds, SUM(t.sales_amount) AS sales_amount,
                       SUM(t.refunds_amount) AS refunds_amount, SUM(t.sales_discount) AS sales_discount,
                       SUM(t.refunds_discount) AS refunds_discount
                FROM receipt_total t JOIN venue v ON v.id = t.venue_id
                WHERE %s GROUP BY 1 ORDER BY 1""".formatted(where), params,
                (rs, n) -> new Day(rs.getObject("day", LocalDate.class), totals(rs)));
    }

    /** The same totals summed from the receipts and their lines: slower, for checks. */
    @Transactional(readOnly = true)
    public Totals fromReceipts(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "r.closed_at", "r.venue_id", params);
        return jdbc.queryForObject("""
                WITH found AS MATERIALIZED (
                    SELECT r.id, r.total, r.refund_of FROM receipt r JOIN venue v ON v.id = r.venue_id WHERE %s
                ), discounts AS (
                    SELECT l.receipt_id, SUM(l.discount) AS discount FROM receipt_line l
                    WHERE l.receipt_id IN (SELECT id FROM found) GROUP BY l.receipt_id
                )
                SELECT COUNT(*) FILTER (WHERE f.refund_of IS NULL) AS sales,
                       COUNT(*) FILTER (WHERE f.refund_of IS NOT NULL) AS refunds,
                       COALESCE(SUM(f.total) FILTER (WHERE f.refund_of IS NULL), 0) AS sales_amount,
                       COALESCE(SUM(f.total) FILTER (WHERE f.refund_of IS NOT NULL), 0) AS refunds_amount,
                       COALESCE(SUM(d.discount) FILTER (WHERE f.refund_of IS NULL), 0) AS sales_discount,
                       COALESCE(SUM(d.discount) FILTER (WHERE f.refund_of IS NOT NULL), 0) AS refunds_discount
                FROM found f LEFT JOIN discounts d ON d.receipt_id = f.id""".formatted(where), params,
                (rs, n) -> totals(rs));
    }

    /**
     * The derived totals compared with the receipts: the venues and quarter hours whose rows (all stripes together)
     * differ from what their receipts add up to. Empty when all is well.
     */
    @Transactional(readOnly = true)
    public List<String> check() {
        return jdbc.queryForList("""
                WITH raw AS (
                    SELECT r.venue_id, %s AS quarter,
                           COUNT(*) FILTER (WHERE r.refund_of IS NULL) AS sales,
                           COUNT(*) FILTER (WHERE r.refund_of IS NOT NULL) AS refunds,
                           COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NULL), 0) AS sales_amount,
                           COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NOT NULL), 0) AS refunds_amount,
                           COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NULL), 0) AS sales_discount,
                           COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NOT NULL), 0) AS refunds_discount
                    FROM receipt r
                    LEFT JOIN (SELECT receipt_id, SUM(discount) AS discount FROM receipt_line GROUP BY receipt_id) d
                      ON d.receipt_id = r.id
                    GROUP BY 1, 2
                ), t AS (
                    SELECT venue_id, quarter, SUM(sales) AS sales, SUM(refunds) AS refunds,
                           SUM(sales_amount) AS sales_amount, SUM(refunds_amount) AS refunds_amount,
                           SUM(sales_discount) AS sales_discount, SUM(refunds_discount) AS refunds_discount
                    FROM receipt_total GROUP BY 1, 2
                )
                SELECT COALESCE(t.venue_id, raw.venue_id) || '/' || COALESCE(t.quarter, raw.quarter)
                FROM t FULL JOIN raw ON raw.venue_id = t.venue_id AND raw.quarter = t.quarter
                WHERE t.sales IS DISTINCT FROM raw.sales OR t.refunds IS DISTINCT FROM raw.refunds
                   OR t.sales_amount IS DISTINCT FROM raw.sales_amount
                   OR t.refunds_amount IS DISTINCT FROM raw.refunds_amount
                   OR t.sales_discount IS DISTINCT FROM raw.sales_discount
                   OR t.refunds_discount IS DISTINCT FROM raw.refunds_discount""".formatted(QUARTER_SQL),
                Map.of(), String.class);
    }

    /**
     * Makes the business's derived totals again from its receipts (after loading receipts by SQL, or a repair), all
     * in stripe 0. Run it while no receipts arrive: one that commits during the rebuild may be counted twice or not
     * at all.
     */
    @Transactional
    public int rebuild() {
        jdbc.update("DELETE FROM receipt_total", Map.of());
        return jdbc.update("""
                INSERT INTO receipt_total (tenant_id, venue_id, quarter, sales, refunds, sales_amount,
                                           refunds_amount, sales_discount, refunds_discount)
                SELECT r.tenant_id, r.venue_id, %s,
                       COUNT(*) FILTER (WHERE r.refund_of IS NULL), COUNT(*) FILTER (WHERE r.refund_of IS NOT NULL),
                       COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NULL), 0),
                       COALESCE(SUM(r.total) FILTER (WHERE r.refund_of IS NOT NULL), 0),
                       COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NULL), 0),
                       COALESCE(SUM(d.discount) FILTER (WHERE r.refund_of IS NOT NULL), 0)
                FROM receipt r
                LEFT JOIN (SELECT receipt_id, SUM(discount) AS discount FROM receipt_line GROUP BY receipt_id) d
                  ON d.receipt_id = r.id
                GROUP BY 1, 2, 3""".formatted(QUARTER_SQL), Map.of());
    }

    /**
     * Merges the business's stripes of the quarter hours that began before {@code before} into stripe 0, so the
     * stripes of busy hours do not pile up (a scheduled job runs it for every business). One statement: the other
     * stripes' rows are locked in key order, deleted, and their sums added to stripe 0 in key order, so a late
     * receipt adding to a stripe meanwhile either waits and is folded with it or adds to a row of its own. Sums,
     * {@link #check()} and every reader are unchanged. Returns the number of stripe-0 rows written.
     */
    @Transactional
    public int foldStripes(Instant before) {
        return jdbc.update("""
                WITH doomed AS (
                    SELECT tenant_id, quarter, venue_id, stripe FROM receipt_total
                    WHERE stripe <> 0 AND quarter < :before
                    ORDER BY quarter, venue_id, stripe
                    FOR UPDATE
                ), moved AS (
                    DELETE FROM receipt_total t USING doomed d
                    WHERE t.tenant_id = d.tenant_id AND t.quarter = d.quarter AND t.venue_id = d.venue_id
                      AND t.stripe = d.stripe
                    RETURNING t.tenant_id, t.venue_id, t.quarter, t.sales, t.refunds, t.sales_amount,
                              t.refunds_amount, t.sales_discount, t.refunds_discount
                )
                INSERT INTO receipt_total (tenant_id, venue_id, quarter, stripe, sales, refunds, sales_amount,
                                           refunds_amount, sales_discount, refunds_discount)
                SELECT tenant_id, venue_id, quarter, 0, SUM(sales), SUM(refunds), SUM(sales_amount),
                       SUM(refunds_amount), SUM(sales_discount), SUM(refunds_discount)
                FROM moved GROUP BY tenant_id, quarter, venue_id ORDER BY quarter, venue_id
                """ + ADD_TO_ROW, Map.of("before", Timestamp.from(before)));
    }

    private static Totals totals(ResultSet rs) throws SQLException {
        return new Totals(rs.getLong("sales"), rs.getLong("refunds"), rs.getBigDecimal("sales_amount"),
                rs.getBigDecimal("refunds_amount"), rs.getBigDecimal("sales_discount"),
                rs.getBigDecimal("refunds_discount"));
    }

    /**
     * The local date of {@code moment} in the venue's zone within {@code [from, to)}, with a range of instants around
     * it for the index; the user's venues only; a venue the user may not see is not found.
     */
    private String where(UUID venueId, LocalDate from, LocalDate to, String moment, String venue,
                         MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("""
                %1$s >= :coarseFrom AND %1$s < :coarseTo
                AND (%1$s AT TIME ZONE v.timezone)::date >= :from AND (%1$s AT TIME ZONE v.timezone)::date < :to"""
                .formatted(moment));
        params.addValue("coarseFrom", Timestamp.from(from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("coarseTo", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("from", from).addValue("to", to);
        if (venueId != null) {
            venues.get(venueId);
            where.append(" AND ").append(venue).append(" = :venue");
            params.addValue("venue", venueId);
        }
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            if (scope.isEmpty()) {
                where.append(" AND FALSE");
            } else {
                where.append(" AND ").append(venue).append(" IN (:scope)");
                params.addValue("scope", scope);
            }
        }
        return where.toString();
    }
}
