package app.larder.pos;

import app.larder.business.Venues;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The receipts of a period in the order they were closed, read a page at a time after the last one read (by closing
 * time and id, never by offset), so an export of a year's receipts holds one page in memory and each page is one
 * short statement. Days are each venue's own, as in {@link SalesReports}; a user limited to some venues reads only
 * theirs.
 */
@Service
public class ReceiptJournal {

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;

    ReceiptJournal(NamedParameterJdbcTemplate jdbc, Venues venues) {
        this.jdbc = jdbc;
        this.venues = venues;
    }

    /**
     * A receipt as a journal lists it: {@code revenue} signed (a refund's is negative), {@code cost} what its stock
     * movements are worth now, {@code closedAtLocal} in its venue's zone.
     */
    public record Entry(UUID id, String number, Instant closedAt, LocalDateTime closedAtLocal, String venueName,
                        String waiter, List<String> paymentMethods, boolean refund, BigDecimal revenue,
                        BigDecimal cost) {

        public BigDecimal grossProfit() {
            return revenue.subtract(cost);
        }

        public Cursor cursor() {
            return new Cursor(closedAt, id);
        }
    }

    /** Where the previous page ended. */
    public record Cursor(Instant closedAt, UUID id) {
    }

    /** How many receipts the period holds. */
    @Transactional(readOnly = true)
    public long count(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, params, venues);
        Long count = jdbc.queryForObject("SELECT count(*) FROM receipt r JOIN venue v ON v.id = r.venue_id WHERE "
                + where, params, Long.class);
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} receipts after {@code after} (null: from the first), oldest first. */
    @Transactional(readOnly = true)
    public List<Entry> page(UUID venueId, LocalDate from, LocalDate to, Cursor after, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, params, venues);
        if (after != null) {
            where += " AND (r.closed_at, r.id) > (:afterAt, :afterId)";
            params.addValue("afterAt", Timestamp.from(after.closedAt())).addValue("afterId", after.id());
        }
        params.addValue("limit", limit);
        return jdbc.query("""
                WITH page AS (
                    SELECT r.id, r.number, r.closed_at, r.waiter, r.total, r.refund_of, v.name AS venue_name,
                           v.timezone
                    FROM receipt r JOIN venue v ON v.id = r.venue_id
                    WHERE %s
                    ORDER BY r.closed_at, r.id
                    LIMIT :limit
                )
                SELECT p.*,
                       (SELECT string_agg(DISTINCT pay.method, ',') FROM receipt_payment pay
                        WHERE pay.receipt_id = p.id) AS methods,
                       COALESCE((SELECT -SUM(m.value) FROM stock_movement m WHERE m.document_id = p.id), 0) AS cost
                FROM page p
                ORDER BY p.closed_at, p.id""".formatted(where), params, (rs, n) -> {
            Instant closedAt = rs.getTimestamp("closed_at").toInstant();
            boolean refund = rs.getObject("refund_of", UUID.class) != null;
            BigDecimal total = rs.getBigDecimal("total");
            String methods = rs.getString("methods");
            return new Entry(rs.getObject("id", UUID.class), rs.getString("number"), closedAt,
                    LocalDateTime.ofInstant(closedAt, ZoneId.of(rs.getString("timezone"))),
                    rs.getString("venue_name"), rs.getString("waiter"),
                    methods == null ? List.of() : Arrays.stream(methods.split(",")).sorted().toList(), refund,
                    refund ? total.negate() : total, rs.getBigDecimal("cost"));
        });
    }

    /**
     * The receipts of a venue (or of every venue the user sees) closed on {@code from} to {@code to} (inclusive,
     * each in its venue's zone; either may be null), over {@code r} joined to its venue {@code v}.
     */
    static String where(UUID venueId, LocalDate from, LocalDate to, MapSqlParameterSource params, Venues venues) {
        SalesByItem.checkPeriod(from, to);
        List<String> conditions = new ArrayList<>();
        conditions.add("TRUE");
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            conditions.add(scope.isEmpty() ? "FALSE" : "r.venue_id IN (:scope)");
            params.addValue("scope", scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope);
        }
        if (venueId != null) {
            venues.get(venueId);
            conditions.add("r.venue_id = :venue");
            params.addValue("venue", venueId);
        }
        // The venue's local date decides; the coarse instant bounds (zones lie within a day of UTC) use the index.
        if (from != null) {
            conditions.add("r.closed_at >= :coarseFrom AND (r.closed_at AT TIME ZONE v.timezone)::date >= :from");
            params.addValue("coarseFrom", Timestamp.from(from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                    .addValue("from", from);
        }
        if (to != null) {
            conditions.add("r.closed_at < :coarseTo AND (r.closed_at AT TIME ZONE v.timezone)::date <= :to");
            params.addValue("coarseTo", Timestamp.from(to.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant()))
                    .addValue("to", to);
        }
        return String.join(" AND ", conditions);
    }
}
