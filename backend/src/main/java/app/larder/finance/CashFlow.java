package app.larder.finance;

import app.larder.business.Businesses;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Cash flow by account for a period: for each account the user sees (of one venue, if asked), the balance at the
 * start, what came in, what went out and the balance at the end. One statement over the transactions; closing =
 * opening + in − out, which is the account's balance at the end of the period by construction of both
 * ({@link FinanceAccounts#balance}). "In" is the sum of the rows into the account, "out" of the rows out of it, each
 * less its cancellations: a reversing row (at its original's moment, so in the same period) counts on its original's
 * side, and a cancelled expense shows in neither.
 */
@Service
public class CashFlow {

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;
    private final Businesses businesses;

    CashFlow(NamedParameterJdbcTemplate jdbc, Venues venues, Businesses businesses) {
        this.jdbc = jdbc;
        this.venues = venues;
        this.businesses = businesses;
    }

    /** One account's figures; {@code out} is positive. */
    public record Line(UUID accountId, String name, FinanceAccount.Kind kind, UUID venueId, boolean archived,
                       BigDecimal opening, BigDecimal in, BigDecimal out, BigDecimal closing) {
    }

    /**
     * The report: whole days {@code from} to {@code to}, both included, read in the venue's time zone (the
     * business's without a venue): from {@code start} inclusive to {@code end} exclusive.
     */
    public record Report(LocalDate from, LocalDate to, UUID venueId, ZoneId zone, Instant start, Instant end,
                         List<Line> lines, Line total) {
    }

    @Transactional(readOnly = true)
    public Report of(LocalDate from, LocalDate to, UUID venueId) {
        if (from == null) {
            throw new RuleViolation("from", "validation.required");
        }
        if (to == null) {
            throw new RuleViolation("to", "validation.required");
        }
        if (to.isBefore(from)) {
            throw new RuleViolation("to", "finance.periodReversed");
        }
        if (to.isAfter(from.plusYears(10))) {
            throw new RuleViolation("to", "finance.periodTooLong");
        }
        ZoneId zone = venueId != null ? venues.get(venueId).getTimezone() : businesses.current().getTimezone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        List<Line> lines = jdbc.query("""
                SELECT a.id, a.name, a.kind, a.venue_id, a.archived, a.opening_balance,
                       COALESCE(SUM(t.amount) FILTER (WHERE t.occurred_at < :start), 0) AS before,
                       COALESCE(SUM(t.amount) FILTER (WHERE t.occurred_at >= :start AND (t.reverses_id IS NULL) = (t.amount > 0)), 0) AS came_in,
                       COALESCE(-SUM(t.amount) FILTER (WHERE t.occurred_at >= :start AND (t.reverses_id IS NULL) = (t.amount < 0)), 0) AS went_out
                FROM finance_account a
                LEFT JOIN finance_transaction t ON t.account_id = a.id AND t.occurred_at < :end
                WHERE (CAST(:venue AS uuid) IS NULL OR a.venue_id = CAST(:venue AS uuid))
                  AND (NOT :limited OR a.venue_id IN (:scope))
                GROUP BY a.id, a.name, a.kind, a.venue_id, a.archived, a.opening_balance
                HAVING NOT a.archived OR COUNT(t.id) > 0
                ORDER BY a.name""", new MapSqlParameterSource("start", Timestamp.from(start))
                        .addValue("end", Timestamp.from(end))
                        .addValue("venue", venueId == null ? null : venueId.toString())
                        .addValue("limited", scope != null)
                        .addValue("scope", scope == null || scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope),
                (rs, n) -> {
                    BigDecimal opening = rs.getBigDecimal("opening_balance").add(rs.getBigDecimal("before"));
                    BigDecimal in = rs.getBigDecimal("came_in");
                    BigDecimal out = rs.getBigDecimal("went_out");
                    return new Line(rs.getObject("id", UUID.class), rs.getString("name"),
                            FinanceAccount.Kind.valueOf(rs.getString("kind")), rs.getObject("venue_id", UUID.class),
                            rs.getBoolean("archived"), opening, in, out, opening.add(in).subtract(out));
                });
        BigDecimal opening = BigDecimal.ZERO;
        BigDecimal in = BigDecimal.ZERO;
        BigDecimal out = BigDecimal.ZERO;
        BigDecimal closing = BigDecimal.ZERO;
        for (Line line : lines) {
            opening = opening.add(line.opening());
            in = in.add(line.in());
            out = out.add(line.out());
            closing = closing.add(line.closing());
        }
        return new Report(from, to, venueId, zone, start, end, lines,
                new Line(null, null, null, venueId, false, opening, in, out, closing));
    }
}
