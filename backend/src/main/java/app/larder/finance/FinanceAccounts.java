package app.larder.finance;

import app.larder.business.Businesses;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.finance.FinanceAccount.Kind;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Money;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The accounts of the business: where its money is. A user limited to some venues sees only the accounts of those
 * venues (not the business-wide safe or bank account); any other account is not found, like another business's.
 * Balances are never stored: {@link #balance} sums the account's transactions.
 */
@Service
public class FinanceAccounts {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");
    static final int SCALE = 4;
    private static final Instant AFTER_EVERYTHING = Instant.parse("9999-01-01T00:00:00Z");

    private final AccountRepository accounts;
    private final Venues venues;
    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;
    private final Businesses businesses;

    FinanceAccounts(AccountRepository accounts, Venues venues, NamedParameterJdbcTemplate jdbc, AuditLog audit,
                    Businesses businesses) {
        this.accounts = accounts;
        this.venues = venues;
        this.jdbc = jdbc;
        this.audit = audit;
        this.businesses = businesses;
    }

    /**
     * An account as a form or a request describes it. {@code posDefault}: the venue's POS money of this kind (cash
     * of a cash desk, cards of acquiring) is booked here; null on a change keeps it as it is.
     */
    public record AccountDetails(String name, Kind kind, UUID venueId, BigDecimal openingBalance,
                                 LocalDate openingDate, Boolean posDefault) {
    }

    /** Filters of the list; each optional. {@code text} matches the name. */
    public record AccountQuery(String text, UUID venueId, Kind kind, boolean includeArchived) {
    }

    @Transactional(readOnly = true)
    public Page<FinanceAccount> search(AccountQuery query, Pageable page) {
        Specification<FinanceAccount> spec = visible();
        if (!query.includeArchived()) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (query.venueId() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("venueId"), query.venueId()));
        }
        if (query.kind() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("kind"), query.kind()));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = "%" + query.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("name")), like, '\\'));
        }
        return accounts.findAll(spec, page);
    }

    /** Active accounts the user sees, by name: for pickers. */
    @Transactional(readOnly = true)
    public List<FinanceAccount> active() {
        return accounts.findAll(visible().and((r, q, cb) -> cb.isFalse(r.get("archived"))), Sort.by("name"));
    }

    /** Every account the user sees, archived ones too, by name. */
    @Transactional(readOnly = true)
    public List<FinanceAccount> all() {
        return accounts.findAll(visible(), Sort.by("name"));
    }

    @Transactional(readOnly = true)
    public FinanceAccount get(UUID id) {
        return accounts.findById(id).filter(FinanceAccounts::seen)
                .orElseThrow(() -> new NotFoundException("account", id));
    }

    /** The balance after every transaction of the account before {@code at}: opening balance + their sum. */
    @Transactional(readOnly = true)
    public BigDecimal balance(UUID id, Instant at) {
        FinanceAccount account = get(id);
        return account.getOpeningBalance().add(movedBefore(List.of(id), at).getOrDefault(id, BigDecimal.ZERO));
    }

    /**
     * What the account holds after every transaction booked into it, those dated later than now included (a payment
     * entered ahead of its day): the figure that must be nil before the account is archived.
     */
    @Transactional(readOnly = true)
    public BigDecimal finalBalance(UUID id) {
        return balance(id, AFTER_EVERYTHING);
    }

    /** Balances of many accounts before {@code at}, in one query: the ones the user sees among {@code ids}. */
    @Transactional(readOnly = true)
    public Map<UUID, BigDecimal> balances(Collection<FinanceAccount> of, Instant at) {
        Map<UUID, BigDecimal> moved = movedBefore(of.stream().map(FinanceAccount::getId).toList(), at);
        Map<UUID, BigDecimal> balances = new HashMap<>();
        of.forEach(a -> balances.put(a.getId(), a.getOpeningBalance().add(moved.getOrDefault(a.getId(),
                BigDecimal.ZERO))));
        return balances;
    }

    private Map<UUID, BigDecimal> movedBefore(List<UUID> ids, Instant at) {
        Map<UUID, BigDecimal> sums = new HashMap<>();
        if (ids.isEmpty()) {
            return sums;
        }
        jdbc.query("""
                SELECT account_id, SUM(amount) AS moved FROM finance_transaction
                WHERE account_id IN (:ids) AND occurred_at < :at GROUP BY account_id""",
                new MapSqlParameterSource("ids", ids).addValue("at", Timestamp.from(at)),
                rs -> {
                    sums.put(rs.getObject("account_id", UUID.class), rs.getBigDecimal("moved"));
                });
        return sums;
    }

    @Transactional
    public FinanceAccount create(AccountDetails details) {
        FinanceAccount account = new FinanceAccount(Ids.next(), Boolean.TRUE.equals(details.posDefault()));
        describe(account, details);
        accounts.save(account);
        audit.record("created", "financeAccount", account.getId(), summary(account));
        return account;
    }

    @Transactional
    public FinanceAccount change(UUID id, Long expectedVersion, AccountDetails details) {
        FinanceAccount account = get(id);
        if (expectedVersion != null && !expectedVersion.equals(account.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(FinanceAccount.class, id);
        }
        String before = summary(account);
        boolean posDefault = details.posDefault() == null ? account.isPosDefault() : details.posDefault();
        if (posDefault != account.isPosDefault() || (account.isPosDefault()
                && (details.kind() != account.getKind() || !java.util.Objects.equals(details.venueId(),
                account.getVenueId())))) {
            // Where a venue's POS money goes is decided once; moving it would split a venue's history.
            throw new RuleViolation("posDefault", "finance.posDefaultFixed");
        }
        describe(account, details);
        audit.record("updated", "financeAccount", id, before + " → " + summary(account));
        return account;
    }

    @Transactional
    public FinanceAccount archive(UUID id) {
        FinanceAccount account = get(id);
        if (account.isPosDefault()) {
            throw new RuleViolation(null, "finance.posDefaultArchive");
        }
        BigDecimal held = finalBalance(id);
        if (!account.isArchived() && held.signum() != 0) {
            // Archived money would drop out of sight (no transactions can be booked into or out of an archived
            // account): it must be moved out, or its loss booked, first.
            throw new RuleViolation(null, "finance.accountNotEmpty", account.getName(),
                    new Money(held, businesses.current().getCurrency()).rounded().toString());
        }
        if (!account.isArchived()) {
            account.archive();
            audit.record("archived", "financeAccount", id, "Account \"" + account.getName() + "\" archived");
        }
        return account;
    }

    @Transactional
    public FinanceAccount restore(UUID id) {
        FinanceAccount account = get(id);
        if (account.isArchived()) {
            account.restore();
            audit.record("restored", "financeAccount", id, "Account \"" + account.getName() + "\" restored");
        }
        return account;
    }

    /**
     * The account a venue's POS money of this kind goes to, made now (opening balance 0, opened on {@code date}) if
     * the venue has none. Inserted past a concurrent maker by the unique index of such accounts, and under another
     * name when the usual one is taken by an account of the business's own. No visibility check: operations book
     * for the venue they happened in.
     */
    @Transactional
    public UUID posAccount(UUID venueId, Kind kind, LocalDate date) {
        UUID found = findPosAccount(venueId, kind);
        if (found != null) {
            return found;
        }
        Map<String, Object> venue = jdbc.queryForMap("SELECT name, timezone FROM venue WHERE id = :id",
                Map.of("id", venueId));
        String base = (kind == Kind.CASH_DESK ? "Cash desk · " : "Card acquiring · ") + venue.get("name");
        LocalDate opened = date != null ? date : LocalDate.now(ZoneId.of((String) venue.get("timezone")));
        for (String name : List.of(base, base + " (" + kind.name().toLowerCase(Locale.ROOT) + ")",
                base + " " + Ids.next().toString().substring(24))) {
            UUID id = Ids.next();
            int inserted = jdbc.update("""
                    INSERT INTO finance_account (tenant_id, id, venue_id, name, kind, opening_balance, opening_date,
                                                 archived, pos_default, created_at, version)
                    VALUES (larder_current_tenant(), :id, :venue, :name, :kind, 0, :date, false, true, :now, 0)
                    ON CONFLICT DO NOTHING""", new MapSqlParameterSource("id", id).addValue("venue", venueId)
                    .addValue("name", name).addValue("kind", kind.name()).addValue("date", opened)
                    .addValue("now", Timestamp.from(Instant.now())));
            if (inserted == 1) {
                audit.record("created", "financeAccount", id, "Account \"" + name + "\" (" + kind
                        + ") made for the venue's POS " + (kind == Kind.CASH_DESK ? "cash" : "card payments"));
                return id;
            }
            found = findPosAccount(venueId, kind);
            if (found != null) {
                return found;
            }
        }
        throw new IllegalStateException("Could not make a POS account for venue " + venueId);
    }

    /** An account of the business whoever looks: for jobs acting for the whole business. */
    FinanceAccount byIdUnscoped(UUID id) {
        return accounts.findById(id).orElse(null);
    }

    UUID findPosAccount(UUID venueId, Kind kind) {
        return jdbc.queryForList("""
                SELECT id FROM finance_account WHERE pos_default AND venue_id = :venue AND kind = :kind""",
                new MapSqlParameterSource("venue", venueId).addValue("kind", kind.name()), UUID.class)
                .stream().findFirst().orElse(null);
    }

    private void describe(FinanceAccount account, AccountDetails d) {
        if (d.name() == null || d.name().isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String name = d.name().trim();
        if (name.length() > 200) {
            throw new RuleViolation("name", "validation.tooLong", 200);
        }
        boolean taken = account.getId() == null || account.isNew()
                ? accounts.existsByNameIgnoreCase(name)
                : accounts.existsByNameIgnoreCaseAndIdNot(name, account.getId());
        if (taken) {
            throw new RuleViolation("name", "finance.accountNameTaken");
        }
        if (d.kind() == null) {
            throw new RuleViolation("kind", "validation.required");
        }
        Venue venue = d.venueId() == null ? null : venues.get(d.venueId());
        if (venue == null && TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null) != null) {
            // A user limited to venues could not see an account of no venue again.
            throw new RuleViolation("venueId", "validation.required");
        }
        BigDecimal opening = d.openingBalance() == null ? BigDecimal.ZERO : d.openingBalance();
        checkAmount("openingBalance", opening, true);
        if (d.openingDate() == null) {
            throw new RuleViolation("openingDate", "validation.required");
        }
        if (account.isPosDefault() && account.isNew()) {
            if (venue == null || (d.kind() != Kind.CASH_DESK && d.kind() != Kind.ACQUIRING)) {
                throw new RuleViolation("posDefault", "finance.posDefaultKind");
            }
            if (findPosAccount(venue.getId(), d.kind()) != null) {
                throw new RuleViolation("posDefault", "finance.posDefaultTaken");
            }
        }
        account.describe(name, d.kind(), venue == null ? null : venue.getId(), opening, d.openingDate());
    }

    /** An amount finance can store exactly: at most 4 decimals, below 10^15; zero only where allowed. */
    static void checkAmount(String field, BigDecimal amount, boolean zeroOrNegative) {
        if (amount == null) {
            throw new RuleViolation(field, "validation.required");
        }
        if (!zeroOrNegative && amount.signum() <= 0) {
            throw new RuleViolation(field, "validation.positive");
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new RuleViolation(field, "finance.amountPrecision");
        }
        if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
            throw new RuleViolation(field, "validation.tooLarge");
        }
    }

    static boolean seen(FinanceAccount account) {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        return scope == null || (account.getVenueId() != null && scope.contains(account.getVenueId()));
    }

    private static Specification<FinanceAccount> visible() {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope == null) {
            return (r, q, cb) -> cb.conjunction();
        }
        return (r, q, cb) -> scope.isEmpty() ? cb.disjunction() : r.get("venueId").in(scope);
    }

    private static String summary(FinanceAccount a) {
        return "Account \"" + a.getName() + "\" (" + a.getKind() + ", opening "
                + a.getOpeningBalance().stripTrailingZeros().toPlainString() + " on " + a.getOpeningDate() + ")";
    }

    interface AccountRepository extends JpaRepository<FinanceAccount, UUID>, JpaSpecificationExecutor<FinanceAccount> {
        boolean existsByNameIgnoreCase(String name);

        boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);
    }
}
