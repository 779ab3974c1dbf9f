package app.larder.finance;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Recurring incomes and expenses (monthly rent, a subscription): each occurrence is booked once, on its date, into
 * its account, by {@link #bookDue} (run by a job every hour, and right after a recurrence is made). An occurrence is
 * a {@code RECURRENCE} transaction whose {@code source_id} is derived from the recurrence and the date, so the
 * unique index of operations makes a second booking of it a no-op, however often or concurrently the job runs.
 * A booked occurrence is a transaction like any other: cancel or correct it there.
 */
@Service
public class RecurringTransactions {

    private final RecurrenceRepository recurrences;
    private final FinanceTransactions transactions;
    private final FinanceAccounts accounts;
    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    RecurringTransactions(RecurrenceRepository recurrences, FinanceTransactions transactions,
                          FinanceAccounts accounts, NamedParameterJdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.recurrences = recurrences;
        this.transactions = transactions;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A recurrence as entered: an income or expense as on a transaction, monthly on {@code dayOfMonth}. */
    public record RecurrenceInput(FinanceTransactions.Kind kind, UUID accountId, UUID categoryId, UUID venueId,
                                  java.math.BigDecimal amount, Integer dayOfMonth, LocalDate startsOn,
                                  LocalDate endsOn, String counterparty, String comment) {
    }

    /** Recurrences on the accounts the user sees, running ones first. */
    @Transactional(readOnly = true)
    public List<Recurrence> all() {
        return recurrences.findAll(Sort.by("stopped", "dayOfMonth")).stream()
                .filter(r -> seen(r.getAccountId())).toList();
    }

    @Transactional(readOnly = true)
    public Recurrence get(UUID id) {
        return recurrences.findById(id).filter(r -> seen(r.getAccountId()))
                .orElseThrow(() -> new NotFoundException("recurring transaction", id));
    }

    /** Makes a recurrence (checked like a transaction on its first date) and books what is due of it already. */
    @Transactional
    public Recurrence create(RecurrenceInput in) {
        if (in.dayOfMonth() == null) {
            throw new RuleViolation("dayOfMonth", "validation.required");
        }
        if (in.dayOfMonth() < 1 || in.dayOfMonth() > 31) {
            throw new RuleViolation("dayOfMonth", "finance.dayOfMonth");
        }
        if (in.startsOn() == null) {
            throw new RuleViolation("startsOn", "validation.required");
        }
        if (in.endsOn() != null && in.endsOn().isBefore(in.startsOn())) {
            throw new RuleViolation("endsOn", "finance.periodReversed");
        }
        FinanceTransactions.Checked c = transactions.checked(new FinanceTransactions.Entry(in.kind(), in.accountId(),
                null, in.startsOn(), in.amount(), in.categoryId(), in.venueId(), in.counterparty(), in.comment()));
        Recurrence recurrence = recurrences.save(new Recurrence(Ids.next(), in.kind(), c.account().getId(),
                c.category().getId(), c.venueId(), in.amount(), in.dayOfMonth(), in.startsOn(), in.endsOn(),
                c.counterparty(), c.comment()));
        audit.record("created", "financeRecurrence", recurrence.getId(), "Recurring " + in.kind() + " of "
                + FinanceTransactions.plain(in.amount()) + " on day " + in.dayOfMonth() + " into \""
                + c.account().getName() + "\" from " + in.startsOn());
        recurrences.flush();
        book(recurrence, clock.instant());
        return recurrence;
    }

    /** Stops a recurrence: nothing more is booked of it; what was booked stays. */
    @Transactional
    public Recurrence stop(UUID id) {
        Recurrence recurrence = get(id);
        if (!recurrence.isStopped()) {
            recurrence.stop();
            audit.record("stopped", "financeRecurrence", id, "Recurring transaction stopped");
        }
        return recurrence;
    }

    /** Books every occurrence due by now of every running recurrence of the business; returns how many it booked. */
    @Transactional
    public int bookDue() {
        Instant now = clock.instant();
        int booked = 0;
        for (Recurrence recurrence : recurrences.findByStoppedFalse()) {
            booked += book(recurrence, now);
        }
        return booked;
    }

    /**
     * The occurrences of one recurrence due by {@code now} (in its account's time zone) that are not booked yet, in
     * one read of what is booked and one insert each, each past a concurrent booking by the unique index.
     */
    private int book(Recurrence r, Instant now) {
        FinanceAccount account = accounts.byIdUnscoped(r.getAccountId());
        if (account == null || account.isArchived()) {
            return 0;
        }
        java.time.ZoneId zone = transactions.zone(account.getVenueId());
        List<LocalDate> due = r.occurrences(LocalDate.ofInstant(now, zone)).stream()
                .filter(d -> !d.isBefore(account.getOpeningDate())).toList();
        if (due.isEmpty()) {
            return 0;
        }
        Set<UUID> booked = new HashSet<>(jdbc.queryForList("""
                SELECT source_id FROM finance_transaction WHERE source = 'RECURRENCE' AND source_id IN (:ids)""",
                Map.of("ids", due.stream().map(r::occurrenceId).toList()), UUID.class));
        int count = 0;
        java.math.BigDecimal signed = r.getKind() == FinanceTransactions.Kind.INCOME ? r.getAmount()
                : r.getAmount().negate();
        for (LocalDate date : due) {
            UUID occurrence = r.occurrenceId(date);
            if (booked.contains(occurrence)) {
                continue;
            }
            count += jdbc.update("""
                    INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount, category_id,
                                                     venue_id, counterparty, comment, source, source_id, created_at)
                    VALUES (larder_current_tenant(), :id, :account, :kind, :at, :amount, :category, :venue,
                            :counterparty, :comment, 'RECURRENCE', :occurrence, :now)
                    ON CONFLICT DO NOTHING""", new MapSqlParameterSource("id", Ids.next())
                    .addValue("account", r.getAccountId()).addValue("kind", r.getKind().name())
                    .addValue("at", Timestamp.from(date.atStartOfDay(zone).toInstant())).addValue("amount", signed)
                    .addValue("category", r.getCategoryId()).addValue("venue", r.getVenueId())
                    .addValue("counterparty", r.getCounterparty()).addValue("comment", r.getComment())
                    .addValue("occurrence", occurrence).addValue("now", Timestamp.from(now)));
        }
        return count;
    }

    private boolean seen(UUID accountId) {
        FinanceAccount account = accounts.byIdUnscoped(accountId);
        return account != null && FinanceAccounts.seen(account);
    }

    interface RecurrenceRepository extends JpaRepository<Recurrence, UUID> {
        List<Recurrence> findByStoppedFalse();
    }

}
