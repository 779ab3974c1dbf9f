package app.larder.pos;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.SecretHashes;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cash shifts, from the events terminals push: opening cash, cash in, cash out, counted cash at close. Each event is
 * stored once (a repeat is a duplicate, the same id with other content a conflict). A shift's expected cash is
 * opening + cash sales − cash refunds + cash in − cash out; the discrepancy is counted − expected.
 */
@Service
public class CashShifts {

    public static final int MAX_BATCH = 500;
    static final Set<String> TYPES = Set.of("open", "cashIn", "cashOut", "close");

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    CashShifts(NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactionManager,
               ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** An event as the terminal sent it, values still strings. */
    public record EventInput(String id, String shiftId, String type, String at, String amount, String comment) {
    }

    private record Event(UUID id, UUID shiftId, String type, Instant at, BigDecimal amount, String comment,
                         String hash) {
    }

    /** One shift as the web app shows it; amounts null where the event has not arrived (yet). */
    public record Shift(UUID shiftId, UUID venueId, Instant openedAt, Instant closedAt, BigDecimal openingCash,
                        BigDecimal cashSales, BigDecimal cashRefunds, BigDecimal cashIn, BigDecimal cashOut,
                        BigDecimal countedCash, int receipts) {

        public BigDecimal expectedCash() {
            return nz(openingCash).add(cashSales).subtract(cashRefunds).add(cashIn).subtract(cashOut);
        }

        /** Counted less expected: below zero is cash missing. Null while the shift is open. */
        public BigDecimal discrepancy() {
            return countedCash == null ? null : countedCash.subtract(expectedCash());
        }

        private static BigDecimal nz(BigDecimal value) {
            return value == null ? BigDecimal.ZERO : value;
        }
    }

    /** Takes a batch of events from a device; one result per event, in order. */
    public List<Receipts.Result> accept(UUID deviceId, UUID venueId, List<EventInput> inputs) {
        if (inputs.size() > MAX_BATCH) {
            throw new RuleViolation("events", "pos.eventBatchTooLarge", MAX_BATCH);
        }
        return transaction.execute(status -> {
            Instant now = clock.instant();
            List<Receipts.Result> results = new ArrayList<>();
            for (EventInput input : inputs) {
                List<Receipts.Problem> problems = new ArrayList<>();
                Event event = input == null ? null : parse(input, now, problems);
                String id = input == null ? null : input.id();
                if (event == null) {
                    if (problems.isEmpty()) {
                        problems.add(new Receipts.Problem(null, "pos.eventUnreadable"));
                    }
                    results.add(Receipts.Result.rejected(id, problems));
                    continue;
                }
                results.add(acceptOne(event, deviceId, venueId, now));
            }
            return results;
        });
    }

    private Receipts.Result acceptOne(Event event, UUID deviceId, UUID venueId, Instant now) {
        Receipts.Result stored = sameAsStored(event);
        if (stored != null) {
            return stored;
        }
        Map<String, Object> shift = jdbc.queryForMap("""
                SELECT MIN(venue_id::text)::uuid AS venue_id, MIN(at) FILTER (WHERE type = 'open') AS opened_at,
                       MIN(at) FILTER (WHERE type = 'close') AS closed_at, MIN(at) AS first_at, MAX(at) AS last_at
                FROM cash_shift_event WHERE shift_id = :shift""", Map.of("shift", event.shiftId()));
        if (shift.get("venue_id") != null && !venueId.equals(shift.get("venue_id"))) {
            return Receipts.Result.rejected(event.id().toString(),
                    List.of(new Receipts.Problem("shiftId", "pos.shiftOfAnotherVenue")));
        }
        // Events may arrive in any order, so each is held against whichever end of its shift is known, and an end
        // against every event already stored: nothing of a shift lies before its opening or after its close.
        Instant openedAt = "open".equals(event.type()) ? event.at() : instant((Timestamp) shift.get("opened_at"));
        Instant closedAt = "close".equals(event.type()) ? event.at() : instant((Timestamp) shift.get("closed_at"));
        Instant first = instant((Timestamp) shift.get("first_at"));
        Instant last = instant((Timestamp) shift.get("last_at"));
        // A second opening or close is answered as such by the unique index below, whatever its time.
        boolean secondEnd = "open".equals(event.type()) && shift.get("opened_at") != null
                || "close".equals(event.type()) && shift.get("closed_at") != null;
        if (!secondEnd && (openedAt != null && closedAt != null && closedAt.isBefore(openedAt)
                || openedAt != null && event.at().isBefore(openedAt)
                || closedAt != null && event.at().isAfter(closedAt)
                || "open".equals(event.type()) && first != null && first.isBefore(event.at())
                || "close".equals(event.type()) && last != null && last.isAfter(event.at()))) {
            return Receipts.Result.rejected(event.id().toString(), List.of(new Receipts.Problem("at",
                    "pos.shiftTimes", openedAt == null ? "?" : openedAt.toString(),
                    closedAt == null ? "?" : closedAt.toString())));
        }
        jdbc.getJdbcTemplate().execute("SAVEPOINT shift_event");
        try {
            int inserted = jdbc.update("""
                    INSERT INTO cash_shift_event (tenant_id, id, shift_id, venue_id, device_id, type, at, amount,
                                                  comment, content_hash, received_at)
                    VALUES (larder_current_tenant(), :id, :shift, :venue, :device, :type, :at, :amount, :comment,
                            :hash, :now)
                    ON CONFLICT (tenant_id, id) DO NOTHING""", new MapSqlParameterSource("id", event.id())
                    .addValue("shift", event.shiftId()).addValue("venue", venueId).addValue("device", deviceId)
                    .addValue("type", event.type()).addValue("at", Timestamp.from(event.at()))
                    .addValue("amount", event.amount()).addValue("comment", event.comment())
                    .addValue("hash", event.hash()).addValue("now", Timestamp.from(now)));
            if (inserted == 1) {
                events.publishEvent(new CashShiftEventAccepted(event.id(), event.shiftId(), venueId, event.type(),
                        event.at(), event.amount(), event.comment()));
            }
            jdbc.getJdbcTemplate().execute("RELEASE SAVEPOINT shift_event");
            if (inserted == 0) {
                Receipts.Result again = sameAsStored(event);
                return again != null ? again : Receipts.Result.rejected(event.id().toString(),
                        List.of(new Receipts.Problem("id", "pos.eventConflict")));
            }
            return new Receipts.Result(event.id().toString(), Receipts.Status.ACCEPTED, List.of());
        } catch (DuplicateKeyException e) {
            // The unique index of openings and closings: this shift has one already.
            jdbc.getJdbcTemplate().execute("ROLLBACK TO SAVEPOINT shift_event");
            return Receipts.Result.rejected(event.id().toString(), List.of(new Receipts.Problem("type",
                    "open".equals(event.type()) ? "pos.shiftOpenedTwice" : "pos.shiftClosedTwice")));
        }
    }

    private Receipts.Result sameAsStored(Event event) {
        List<String> hashes = jdbc.queryForList("SELECT content_hash FROM cash_shift_event WHERE id = :id",
                Map.of("id", event.id()), String.class);
        if (hashes.isEmpty()) {
            return null;
        }
        return hashes.get(0).equals(event.hash())
                ? new Receipts.Result(event.id().toString(), Receipts.Status.DUPLICATE, List.of())
                : Receipts.Result.rejected(event.id().toString(),
                List.of(new Receipts.Problem("id", "pos.eventConflict")));
    }

    /** One event of a shift as it was stored, with the name of the terminal that sent it. */
    public record ShiftEvent(UUID id, String type, Instant at, BigDecimal amount, String comment, String deviceName) {
    }

    /** The events of a shift in the order they happened (the caller has checked the user sees its venue). */
    @Transactional(readOnly = true)
    public List<ShiftEvent> events(UUID shiftId) {
        return jdbc.query("""
                SELECT e.id, e.type, e.at, e.amount, e.comment, d.name AS device_name
                FROM cash_shift_event e LEFT JOIN pos_device d ON d.id = e.device_id
                WHERE e.shift_id = :shift ORDER BY e.at, e.received_at""", Map.of("shift", shiftId),
                (rs, n) -> new ShiftEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getTimestamp("at").toInstant(), rs.getBigDecimal("amount"), rs.getString("comment"),
                        rs.getString("device_name")));
    }

    /** Shifts of a venue (or of every venue the user sees when null) opened or closed in a period, newest first. */
    @Transactional(readOnly = true)
    public List<Shift> shifts(UUID venueId, Instant from, Instant to) {
        return shifts(venueId, null, from, to);
    }

    /** Whether the shift's closing has arrived: one index probe, for callers that only care about closed shifts. */
    @Transactional(readOnly = true)
    public boolean isClosed(UUID shiftId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM cash_shift_event WHERE shift_id = :shift AND type = 'close')""",
                Map.of("shift", shiftId), Boolean.class));
    }

    /** One shift with its expected cash as known now, whatever its period (empty when no event of it arrived). */
    @Transactional(readOnly = true)
    public java.util.Optional<Shift> shift(UUID shiftId) {
        return shifts(null, shiftId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")).stream().findFirst();
    }

    private List<Shift> shifts(UUID venueId, UUID shiftId, Instant from, Instant to) {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        return jdbc.query("""
                WITH events AS (
                    SELECT shift_id, MIN(venue_id::text)::uuid AS venue_id,
                           MIN(at) FILTER (WHERE type = 'open') AS opened_at,
                           MIN(at) FILTER (WHERE type = 'close') AS closed_at,
                           SUM(amount) FILTER (WHERE type = 'open') AS opening_cash,
                           COALESCE(SUM(amount) FILTER (WHERE type = 'cashIn'), 0) AS cash_in,
                           COALESCE(SUM(amount) FILTER (WHERE type = 'cashOut'), 0) AS cash_out,
                           SUM(amount) FILTER (WHERE type = 'close') AS counted_cash,
                           MIN(at) AS first_at, MAX(at) AS last_at
                    FROM cash_shift_event
                    WHERE (CAST(:venue AS uuid) IS NULL OR venue_id = CAST(:venue AS uuid))
                      AND (NOT :limited OR venue_id IN (:venues))
                      AND (CAST(:shift AS uuid) IS NULL OR shift_id = CAST(:shift AS uuid))
                    GROUP BY shift_id
                    HAVING MAX(at) >= :from AND MIN(at) < :to
                ), sales AS (
                    SELECT r.shift_id,
                           COALESCE(SUM(p.amount) FILTER (WHERE r.refund_of IS NULL), 0) AS cash_sales,
                           COALESCE(SUM(p.amount) FILTER (WHERE r.refund_of IS NOT NULL), 0) AS cash_refunds,
                           COUNT(DISTINCT r.id) AS receipts
                    FROM receipt r JOIN receipt_payment p ON p.receipt_id = r.id AND p.method = 'cash'
                    WHERE r.shift_id IN (SELECT shift_id FROM events)
                    GROUP BY r.shift_id
                )
                SELECT e.*, COALESCE(s.cash_sales, 0) AS cash_sales, COALESCE(s.cash_refunds, 0) AS cash_refunds,
                       COALESCE(s.receipts, 0) AS receipts
                FROM events e LEFT JOIN sales s ON s.shift_id = e.shift_id
                ORDER BY COALESCE(e.opened_at, e.first_at) DESC""",
                new MapSqlParameterSource("venue", venueId == null ? null : venueId.toString())
                        .addValue("shift", shiftId == null ? null : shiftId.toString())
                        .addValue("limited", scope != null)
                        .addValue("venues", scope == null || scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope)
                        .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                (rs, n) -> new Shift(rs.getObject("shift_id", UUID.class), rs.getObject("venue_id", UUID.class),
                        instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("closed_at")),
                        rs.getBigDecimal("opening_cash"), rs.getBigDecimal("cash_sales"),
                        rs.getBigDecimal("cash_refunds"), rs.getBigDecimal("cash_in"), rs.getBigDecimal("cash_out"),
                        rs.getBigDecimal("counted_cash"), rs.getInt("receipts")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Event parse(EventInput in, Instant now, List<Receipts.Problem> problems) {
        UUID id = Receipts.uuid("id", in.id(), true, problems);
        UUID shiftId = Receipts.uuid("shiftId", in.shiftId(), true, problems);
        if (in.type() == null || !TYPES.contains(in.type())) {
            problems.add(new Receipts.Problem("type", "pos.eventType"));
        }
        Instant at = Receipts.instant("at", in.at(), true, problems);
        if (at != null && at.isAfter(now.plus(Receipts.MAX_AHEAD))) {
            problems.add(new Receipts.Problem("at", "pos.inTheFuture"));
        }
        if (at != null && at.isBefore(Receipts.EARLIEST)) {
            problems.add(new Receipts.Problem("at", "pos.tooLongAgo"));
        }
        BigDecimal amount = null;
        if (in.amount() == null || in.amount().isBlank()) {
            problems.add(new Receipts.Problem("amount", "validation.required"));
        } else {
            try {
                amount = new BigDecimal(in.amount().strip());
                if (amount.signum() < 0) {
                    problems.add(new Receipts.Problem("amount", "validation.notNegative"));
                } else if (amount.signum() == 0 && ("cashIn".equals(in.type()) || "cashOut".equals(in.type()))) {
                    problems.add(new Receipts.Problem("amount", "validation.positive"));
                } else if (amount.compareTo(Receipts.MAX_AMOUNT) >= 0 || amount.scale() > 4) {
                    problems.add(new Receipts.Problem("amount", "pos.numberRange"));
                }
            } catch (NumberFormatException e) {
                problems.add(new Receipts.Problem("amount", "pos.notANumber"));
            }
        }
        Receipts.text("comment", in.comment(), 500, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        String hash = SecretHashes.sha256(id + "|" + shiftId + "|" + in.type() + "|" + at + "|"
                + amount.stripTrailingZeros().toPlainString() + "|" + in.comment());
        return new Event(id, shiftId, in.type(), at, amount, in.comment(), hash);
    }
}
