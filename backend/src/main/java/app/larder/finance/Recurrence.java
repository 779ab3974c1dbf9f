package app.larder.finance;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A recurring income or expense, such as the monthly rent: {@link #occurrences} are its dates, one a month on its day
 * (the month's last day when the month is shorter), from its first date to its last, if any. Stopped rather than
 * deleted: its booked transactions refer to it by a derived id.
 */
@Entity
@Table(name = "finance_recurrence")
public class Recurrence extends TenantOwned {

    @Column(name = "account_id", nullable = false)
    private UUID accountId;

    @Column(name = "category_id", nullable = false)
    private UUID categoryId;

    @Column(name = "venue_id")
    private UUID venueId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private FinanceTransactions.Kind kind;

    @Column(nullable = false)
    private BigDecimal amount;

    @Column(name = "day_of_month", nullable = false)
    private int dayOfMonth;

    @Column(name = "starts_on", nullable = false)
    private LocalDate startsOn;

    @Column(name = "ends_on")
    private LocalDate endsOn;

    private String counterparty;

    private String comment;

    @Column(nullable = false)
    private boolean stopped;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Recurrence() {
    }

    Recurrence(UUID id, FinanceTransactions.Kind kind, UUID accountId, UUID categoryId, UUID venueId,
               BigDecimal amount, int dayOfMonth, LocalDate startsOn, LocalDate endsOn, String counterparty,
               String comment) {
        super(id);
        this.kind = kind;
        this.accountId = accountId;
        this.categoryId = categoryId;
        this.venueId = venueId;
        this.amount = amount;
        this.dayOfMonth = dayOfMonth;
        this.startsOn = startsOn;
        this.endsOn = endsOn;
        this.counterparty = counterparty;
        this.comment = comment;
        this.createdAt = Instant.now();
    }

    /** The dates it falls on from its start up to {@code until} (both included), oldest first. */
    public List<LocalDate> occurrences(LocalDate until) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate last = endsOn != null && endsOn.isBefore(until) ? endsOn : until;
        for (YearMonth month = YearMonth.from(startsOn); !month.atDay(1).isAfter(last); month = month.plusMonths(1)) {
            LocalDate date = month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
            if (!date.isBefore(startsOn) && !date.isAfter(last)) {
                dates.add(date);
            }
        }
        return dates;
    }

    /** The id an occurrence is booked under: the same for the same recurrence and date, whoever books it. */
    public UUID occurrenceId(LocalDate date) {
        return UUID.nameUUIDFromBytes(("recurrence|" + getId() + "|" + date).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    void stop() {
        stopped = true;
    }

    public UUID getAccountId() {
        return accountId;
    }

    public UUID getCategoryId() {
        return categoryId;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public FinanceTransactions.Kind getKind() {
        return kind;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public int getDayOfMonth() {
        return dayOfMonth;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public String getCounterparty() {
        return counterparty;
    }

    public String getComment() {
        return comment;
    }

    public boolean isStopped() {
        return stopped;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
