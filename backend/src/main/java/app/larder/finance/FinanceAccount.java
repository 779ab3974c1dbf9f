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
import java.util.UUID;

/**
 * Where money is kept: a venue's cash desk, a safe, a bank account, card acquiring. It stores no balance: the balance
 * at a moment is the opening balance plus the sum of its transactions before that moment
 * ({@link FinanceAccounts#balance}).
 */
@Entity
@Table(name = "finance_account")
public class FinanceAccount extends TenantOwned {

    public enum Kind { CASH_DESK, SAFE, BANK, ACQUIRING }

    @Column(name = "venue_id")
    private UUID venueId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "opening_balance", nullable = false)
    private BigDecimal openingBalance;

    @Column(name = "opening_date", nullable = false)
    private LocalDate openingDate;

    @Column(nullable = false)
    private boolean archived;

    /** The account POS money of its venue and kind goes to; at most one per venue and kind. */
    @Column(name = "pos_default", nullable = false)
    private boolean posDefault;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected FinanceAccount() {
    }

    FinanceAccount(UUID id, boolean posDefault) {
        super(id);
        this.posDefault = posDefault;
        this.createdAt = Instant.now();
    }

    void describe(String name, Kind kind, UUID venueId, BigDecimal openingBalance, LocalDate openingDate) {
        this.name = name;
        this.kind = kind;
        this.venueId = venueId;
        this.openingBalance = openingBalance;
        this.openingDate = openingDate;
    }

    void archive() {
        archived = true;
    }

    void restore() {
        archived = false;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public String getName() {
        return name;
    }

    public Kind getKind() {
        return kind;
    }

    public BigDecimal getOpeningBalance() {
        return openingBalance;
    }

    public LocalDate getOpeningDate() {
        return openingDate;
    }

    public boolean isArchived() {
        return archived;
    }

    public boolean isPosDefault() {
        return posDefault;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
