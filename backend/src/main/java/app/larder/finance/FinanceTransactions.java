package app.larder.finance;

import app.larder.business.Businesses;
import app.larder.business.Venues;
import app.larder.finance.FinanceCategory.Direction;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.SupplyPayables;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Transactions: money into or out of an account, append-only. An income or expense is one row in a category of its
 * direction; a transfer is two rows, out of one account and into another, that sum to zero. Nothing is updated or
 * deleted (the database refuses it): cancelling adds a reversing row for each row cancelled, at the original's
 * moment, and a correction is a cancellation plus a new transaction. Amounts are stored as entered (at most 4
 * decimals), signed: + into the account, − out of it; they are rounded only for display.
 */
@Service
public class FinanceTransactions {

    public enum Kind { INCOME, EXPENSE, TRANSFER }

    public enum Source { MANUAL, RECEIPT, REFUND, SHIFT_EVENT, SUPPLY_PAYMENT, RECURRENCE, REVERSAL }

    /** Sources booked by operations: they follow the operation and are not cancelled by hand. */
    static final Set<Source> AUTOMATIC = Set.of(Source.RECEIPT, Source.REFUND, Source.SHIFT_EVENT);
    public static final Set<String> SORTS = Set.of("occurredAt", "amount");

    private final NamedParameterJdbcTemplate jdbc;
    private final FinanceAccounts accounts;
    private final FinanceCategories categories;
    private final Venues venues;
    private final Businesses businesses;
    private final SupplyPayables payables;
    private final AuditLog audit;

    FinanceTransactions(NamedParameterJdbcTemplate jdbc, FinanceAccounts accounts, FinanceCategories categories,
                        Venues venues, Businesses businesses, SupplyPayables payables, AuditLog audit) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.categories = categories;
        this.venues = venues;
        this.businesses = businesses;
        this.payables = payables;
        this.audit = audit;
    }

    /**
     * An income or an expense as entered: {@code amount} positive (the kind says which way it goes); the moment is
     * {@code occurredAt}, else the start of {@code date} in the time zone of the account's venue (the business's for
     * an account of no venue). {@code venueId} defaults to the account's venue.
     */
    public record Entry(Kind kind, UUID accountId, Instant occurredAt, LocalDate date, BigDecimal amount,
                        UUID categoryId, UUID venueId, String counterparty, String comment) {
    }

    /**
     * A transfer as entered: {@code amount} positive leaves {@code fromAccountId} and arrives in
     * {@code toAccountId}.
     */
    public record TransferInput(UUID fromAccountId, UUID toAccountId, Instant occurredAt, LocalDate date,
                                BigDecimal amount, String comment) {
    }

    /** One row, with the names a list shows; {@code reversed} when a later row cancelled it. */
    public record Movement(UUID id, UUID accountId, String accountName, Kind kind, Instant occurredAt,
                           BigDecimal amount, UUID categoryId, String categoryName, UUID venueId, String venueName,
                           String counterparty, String comment, UUID transferId, UUID reversesId, Source source,
                           UUID sourceId, UUID supplyId, Instant createdAt, boolean reversed, BigDecimal balance) {

        public boolean cancellable() {
            return !reversed && source != Source.REVERSAL && !AUTOMATIC.contains(source);
        }
    }

    /** Filters of the list, each optional; {@code from} and {@code to} are whole days, both included. */
    public record Query(LocalDate from, LocalDate to, UUID accountId, UUID venueId, UUID categoryId, Kind kind,
                        Source source, String text) {
    }

    /** Sums over everything a query finds: income and expense rows (reversals included), transfers, all of it. */
    public record Totals(long count, BigDecimal income, BigDecimal expense, BigDecimal transfers, BigDecimal net) {
    }

    public record Found(Page<Movement> page, Totals totals) {
    }

    @Transactional
    public List<Movement> record(Entry entry) {
        UUID id = insertEntry(entry, Source.MANUAL, null, null);
        Movement made = find(id);
        audit.record("created", "financeTransaction", id, describe(made));
        return List.of(made);
    }

    @Transactional
    public List<Movement> transfer(TransferInput input) {
        if (input.fromAccountId() == null) {
            throw new RuleViolation("fromAccountId", "validation.required");
        }
        if (input.toAccountId() == null) {
            throw new RuleViolation("toAccountId", "validation.required");
        }
        if (input.fromAccountId().equals(input.toAccountId())) {
            throw new RuleViolation("toAccountId", "finance.transferSameAccount");
        }
        FinanceAccount from = usable("fromAccountId", input.fromAccountId());
        FinanceAccount to = usable("toAccountId", input.toAccountId());
        FinanceAccounts.checkAmount("amount", input.amount(), false);
        Instant at = moment(input.occurredAt(), input.date(), from);
        notBeforeOpening(from, at, "date");
        notBeforeOpening(to, at, "date");
        String comment = text("comment", input.comment(), 1000);
        UUID transferId = Ids.next();
        UUID out = insert(from.getId(), Kind.TRANSFER, at, input.amount().negate(), null, from.getVenueId(), null,
                comment, transferId, null, Source.MANUAL, null, null);
        insert(to.getId(), Kind.TRANSFER, at, input.amount(), null, to.getVenueId(), null, comment, transferId, null,
                Source.MANUAL, null, null);
        audit.record("created", "financeTransaction", out, "Transfer of " + plain(input.amount()) + " from \""
                + from.getName() + "\" to \"" + to.getName() + "\"");
        return legs(transferId);
    }

    /**
     * Cancels a transaction (both legs of a transfer): a reversing row for each, at the original moment. A supplier
     * payment cancelled is owed again. Rows booked by operations, reversals and what is cancelled already are
     * refused.
     */
    @Transactional
    public List<Movement> cancel(UUID id) {
        Movement original = find(id);
        if (original.source() == Source.REVERSAL) {
            throw new RuleViolation(null, "finance.reversalReadOnly");
        }
        if (AUTOMATIC.contains(original.source())) {
            throw new RuleViolation(null, "finance.automaticReadOnly");
        }
        List<Movement> rows = original.transferId() == null ? List.of(original)
                : legs(original.transferId()).stream().filter(m -> m.source() != Source.REVERSAL).toList();
        if (rows.stream().anyMatch(Movement::reversed)) {
            throw new RuleViolation(null, "finance.alreadyCancelled");
        }
        List<Movement> reversals = new ArrayList<>();
        for (Movement row : rows) {
            accounts.get(row.accountId());
            UUID reversal = insert(row.accountId(), row.kind(), row.occurredAt(), row.amount().negate(),
                    row.categoryId(), row.venueId(), row.counterparty(), row.comment(), row.transferId(), row.id(),
                    Source.REVERSAL, row.id(), row.supplyId());
            if (row.source() == Source.SUPPLY_PAYMENT && row.supplyId() != null) {
                payables.recordPayment(row.supplyId(), row.amount());
            }
            reversals.add(find(reversal));
        }
        audit.record("cancelled", "financeTransaction", id, describe(original) + " cancelled");
        return reversals;
    }

    /** Corrects an income or expense: the old one reversed, the new one booked, in one transaction. */
    @Transactional
    public List<Movement> correct(UUID id, Entry entry) {
        Movement original = find(id);
        if (original.kind() == Kind.TRANSFER) {
            throw new RuleViolation("kind", "finance.correctTransfer");
        }
        if (original.source() == Source.SUPPLY_PAYMENT) {
            throw new RuleViolation(null, "finance.correctSupplyPayment");
        }
        List<Movement> made = new ArrayList<>(cancel(id));
        made.addAll(record(entry));
        return made;
    }

    /** Corrects a transfer: both legs reversed, the new transfer booked. */
    @Transactional
    public List<Movement> correctTransfer(UUID id, TransferInput input) {
        Movement original = find(id);
        if (original.kind() != Kind.TRANSFER) {
            throw new RuleViolation("kind", "finance.notATransfer");
        }
        List<Movement> made = new ArrayList<>(cancel(id));
        made.addAll(transfer(input));
        return made;
    }

    /**
     * A supplier payment: an expense out of {@code accountId} in the supplier payments category, linked to the
     * supply, whose owed amount the stock feature lowers in the same transaction (refusing more than is owed).
     */
    @Transactional
    public Movement paySupply(UUID supplyId, UUID accountId, BigDecimal amount, Instant occurredAt, LocalDate date,
                              String comment) {
        FinanceAccounts.checkAmount("amount", amount, false);
        FinanceAccount account = usable("accountId", accountId);
        Instant at = moment(occurredAt, date, account);
        notBeforeOpening(account, at, "date");
        SupplyPayables.Payable before = payables.get(supplyId);
        SupplyPayables.Payable after = payables.recordPayment(supplyId, amount);
        UUID id = insert(account.getId(), Kind.EXPENSE, at, amount.negate(),
                categories.systemId(FinanceCategories.SUPPLIER_PAYMENTS), before.venueId(), before.supplierName(),
                text("comment", comment, 1000), null, null, Source.SUPPLY_PAYMENT, supplyId, supplyId);
        audit.record("created", "financeTransaction", id, "Payment of " + plain(amount) + " to \""
                + before.supplierName() + "\" for supply " + (before.invoiceNumber() == null ? supplyId
                : "\"" + before.invoiceNumber() + "\"") + ", owed now " + plain(after.owed()));
        return find(id);
    }

    @Transactional(readOnly = true)
    public Movement find(UUID id) {
        List<Movement> found = jdbc.query(SELECT + " WHERE t.id = :id" + scope(), params().addValue("id", id), ROW);
        if (found.isEmpty()) {
            throw new NotFoundException("transaction", id);
        }
        return found.get(0);
    }

    /** The rows of a transfer, reversals included, out before in. */
    @Transactional(readOnly = true)
    public List<Movement> legs(UUID transferId) {
        return jdbc.query(SELECT + " WHERE t.transfer_id = :transfer" + scope() + " ORDER BY t.created_at, t.amount",
                params().addValue("transfer", transferId), ROW);
    }

    /** The payments of a supply, newest first. */
    @Transactional(readOnly = true)
    public List<Movement> ofSupply(UUID supplyId) {
        return jdbc.query(SELECT + " WHERE t.supply_id = :supply" + scope() + " ORDER BY t.occurred_at DESC, t.id",
                params().addValue("supply", supplyId), ROW);
    }

    @Transactional(readOnly = true)
    public Found search(Query query, Pageable page) {
        MapSqlParameterSource params = params();
        String where = where(query, params);
        Map<String, Object> sums = jdbc.queryForMap("""
                SELECT COUNT(*) AS n,
                       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 'INCOME'), 0) AS income,
                       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 'EXPENSE'), 0) AS expense,
                       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 'TRANSFER'), 0) AS transfers,
                       COALESCE(SUM(t.amount), 0) AS net
                FROM finance_transaction t JOIN finance_account a ON a.id = t.account_id""" + where, params);
        long count = ((Number) sums.get("n")).longValue();
        Totals totals = new Totals(count, (BigDecimal) sums.get("income"), (BigDecimal) sums.get("expense"),
                (BigDecimal) sums.get("transfers"), (BigDecimal) sums.get("net"));
        List<Movement> rows = jdbc.query(SELECT + where + order(page.getSort()) + " LIMIT :limit OFFSET :offset",
                params.addValue("limit", page.getPageSize()).addValue("offset", page.getOffset()), ROW);
        return new Found(new PageImpl<>(rows, page, count), totals);
    }

    /**
     * The account's rows in a period, newest first, each with the account's balance right after it (opening
     * balance + every row up to it, in the order of moment, entry and id).
     */
    @Transactional(readOnly = true)
    public Page<Movement> ofAccount(UUID accountId, Instant from, Instant to, Pageable page) {
        FinanceAccount account = accounts.get(accountId);
        MapSqlParameterSource params = params().addValue("account", accountId).addValue("opening",
                account.getOpeningBalance()).addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to));
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM finance_transaction WHERE account_id = :account AND occurred_at >= :from
                  AND occurred_at < :to""", params, Long.class);
        List<Movement> rows = jdbc.query("""
                WITH running AS (
                    SELECT id, :opening + SUM(amount) OVER (ORDER BY occurred_at, created_at, id) AS balance
                    FROM finance_transaction WHERE account_id = :account AND occurred_at < :to
                )""" + SELECT.replace("FALSE AS with_balance, NULL::numeric AS balance",
                "TRUE AS with_balance, r.balance")
                + " JOIN running r ON r.id = t.id WHERE t.occurred_at >= :from" + scope()
                + " ORDER BY t.occurred_at DESC, t.created_at DESC, t.id DESC LIMIT :limit OFFSET :offset",
                params.addValue("limit", page.getPageSize()).addValue("offset", page.getOffset()), ROW);
        return new PageImpl<>(rows, page, count == null ? 0 : count);
    }

    /** The time zone whole days are read in: the venue's, else the business's. */
    @Transactional(readOnly = true)
    public ZoneId zone(UUID venueId) {
        return venueId != null ? venues.get(venueId).getTimezone() : businesses.current().getTimezone();
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    private UUID insertEntry(Entry entry, Source source, UUID sourceId, UUID supplyId) {
        Checked c = checked(entry);
        return insert(c.account().getId(), entry.kind(), c.at(), c.signed(), c.category().getId(), c.venueId(),
                c.counterparty(), c.comment(), null, null, source, sourceId, supplyId);
    }

    /** An income or expense checked against every rule, with what it resolves to; nothing is written. */
    record Checked(FinanceAccount account, FinanceCategory category, UUID venueId, Instant at, BigDecimal signed,
                   String counterparty, String comment) {
    }

    Checked checked(Entry entry) {
        if (entry.kind() == null) {
            throw new RuleViolation("kind", "validation.required");
        }
        if (entry.kind() == Kind.TRANSFER) {
            throw new RuleViolation("kind", "finance.useTransfer");
        }
        FinanceAccount account = usable("accountId", entry.accountId());
        FinanceAccounts.checkAmount("amount", entry.amount(), false);
        if (entry.categoryId() == null) {
            throw new RuleViolation("categoryId", "validation.required");
        }
        FinanceCategory category;
        try {
            category = categories.get(entry.categoryId());
        } catch (NotFoundException e) {
            throw new RuleViolation("categoryId", "finance.unknownCategory");
        }
        if (category.isArchived()) {
            throw new RuleViolation("categoryId", "finance.categoryArchived");
        }
        if ((entry.kind() == Kind.INCOME) != (category.getDirection() == Direction.INCOME)) {
            throw new RuleViolation("categoryId", "finance.categoryDirection");
        }
        if (category.isSystem() && !FinanceCategories.SHIFT_DISCREPANCY.equals(category.getSystemKey())
                && !FinanceCategories.CASH_IN.equals(category.getSystemKey())
                && !FinanceCategories.CASH_OUT.equals(category.getSystemKey())) {
            // Sales, refunds and supplier payments come from their operations; booked by hand they would count twice.
            throw new RuleViolation("categoryId", "finance.categoryForOperations");
        }
        UUID venueId = entry.venueId() != null ? venues.get(entry.venueId()).getId() : account.getVenueId();
        Instant at = moment(entry.occurredAt(), entry.date(), account);
        notBeforeOpening(account, at, "date");
        BigDecimal signed = entry.kind() == Kind.INCOME ? entry.amount() : entry.amount().negate();
        return new Checked(account, category, venueId, at, signed, text("counterparty", entry.counterparty(), 200),
                text("comment", entry.comment(), 1000));
    }

    private UUID insert(UUID accountId, Kind kind, Instant at, BigDecimal amount, UUID categoryId, UUID venueId,
                        String counterparty, String comment, UUID transferId, UUID reversesId, Source source,
                        UUID sourceId, UUID supplyId) {
        UUID id = Ids.next();
        jdbc.update("""
                INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount, category_id,
                                                 venue_id, counterparty, comment, transfer_id, reverses_id, source,
                                                 source_id, supply_id, created_at, created_by)
                VALUES (larder_current_tenant(), :id, :account, :kind, :at, :amount, :category, :venue, :counterparty,
                        :comment, :transfer, :reverses, :source, :sourceId, :supply, :now, :by)""",
                new MapSqlParameterSource("id", id).addValue("account", accountId).addValue("kind", kind.name())
                        .addValue("at", Timestamp.from(at)).addValue("amount", amount).addValue("category", categoryId)
                        .addValue("venue", venueId).addValue("counterparty", counterparty).addValue("comment", comment)
                        .addValue("transfer", transferId).addValue("reverses", reversesId)
                        .addValue("source", source.name()).addValue("sourceId", sourceId).addValue("supply", supplyId)
                        .addValue("now", Timestamp.from(Instant.now()))
                        .addValue("by", TenantContext.current().map(TenantContext.Actor::userId).orElse(null)));
        return id;
    }

    /** An account the user sees and may book into: not archived. An unknown one is a 404 like another business's. */
    private FinanceAccount usable(String field, UUID accountId) {
        if (accountId == null) {
            throw new RuleViolation(field, "validation.required");
        }
        FinanceAccount account = accounts.get(accountId);
        if (account.isArchived()) {
            throw new RuleViolation(field, "finance.accountArchived");
        }
        return account;
    }

    private Instant moment(Instant occurredAt, LocalDate date, FinanceAccount account) {
        if (occurredAt != null) {
            return occurredAt;
        }
        if (date == null) {
            throw new RuleViolation("date", "validation.required");
        }
        return date.atStartOfDay(zone(account.getVenueId())).toInstant();
    }

    private void notBeforeOpening(FinanceAccount account, Instant at, String field) {
        if (at.isBefore(account.getOpeningDate().atStartOfDay(zone(account.getVenueId())).toInstant())) {
            throw new RuleViolation(field, "finance.beforeOpening", account.getName(), account.getOpeningDate());
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    private static final String SELECT = """
            SELECT t.id, t.account_id, a.name AS account_name, t.kind, t.occurred_at, t.amount, t.category_id,
                   c.name AS category_name, t.venue_id, v.name AS venue_name, t.counterparty, t.comment,
                   t.transfer_id, t.reverses_id, t.source, t.source_id, t.supply_id, t.created_at,
                   EXISTS (SELECT 1 FROM finance_transaction x WHERE x.reverses_id = t.id) AS reversed,
                   FALSE AS with_balance, NULL::numeric AS balance
            FROM finance_transaction t
            JOIN finance_account a ON a.id = t.account_id
            LEFT JOIN finance_category c ON c.id = t.category_id
            LEFT JOIN venue v ON v.id = t.venue_id""";

    private static final RowMapper<Movement> ROW = FinanceTransactions::movement;

    private static Movement movement(ResultSet rs, int n) throws SQLException {
        return new Movement(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("account_name"), Kind.valueOf(rs.getString("kind")),
                rs.getTimestamp("occurred_at").toInstant(), rs.getBigDecimal("amount"),
                rs.getObject("category_id", UUID.class), rs.getString("category_name"),
                rs.getObject("venue_id", UUID.class), rs.getString("venue_name"), rs.getString("counterparty"),
                rs.getString("comment"), rs.getObject("transfer_id", UUID.class),
                rs.getObject("reverses_id", UUID.class), Source.valueOf(rs.getString("source")),
                rs.getObject("source_id", UUID.class), rs.getObject("supply_id", UUID.class),
                rs.getTimestamp("created_at").toInstant(), rs.getBoolean("reversed"),
                rs.getBoolean("with_balance") ? rs.getBigDecimal("balance") : null);
    }

    private String where(Query q, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder(" WHERE TRUE").append(scope());
        ZoneId zone = zone(q.venueId());
        if (q.from() != null && q.to() != null && q.to().isBefore(q.from())) {
            throw new RuleViolation("to", "finance.periodReversed");
        }
        if (q.from() != null) {
            sql.append(" AND t.occurred_at >= :from");
            params.addValue("from", Timestamp.from(q.from().atStartOfDay(zone).toInstant()));
        }
        if (q.to() != null) {
            sql.append(" AND t.occurred_at < :to");
            params.addValue("to", Timestamp.from(q.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (q.accountId() != null) {
            accounts.get(q.accountId());
            sql.append(" AND t.account_id = :account");
            params.addValue("account", q.accountId());
        }
        if (q.venueId() != null) {
            sql.append(" AND t.venue_id = :venue");
            params.addValue("venue", q.venueId());
        }
        if (q.categoryId() != null) {
            sql.append(" AND t.category_id = :category");
            params.addValue("category", q.categoryId());
        }
        if (q.kind() != null) {
            sql.append(" AND t.kind = :kind");
            params.addValue("kind", q.kind().name());
        }
        if (q.source() != null) {
            sql.append(" AND t.source = :source");
            params.addValue("source", q.source().name());
        }
        if (q.text() != null && !q.text().isBlank()) {
            sql.append(" AND (lower(COALESCE(t.counterparty, '')) LIKE :text ESCAPE '\\'"
                    + " OR lower(COALESCE(t.comment, '')) LIKE :text ESCAPE '\\')");
            params.addValue("text", "%" + q.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return sql.toString();
    }

    private static String order(Sort sort) {
        Sort.Order order = sort.stream().findFirst().orElse(Sort.Order.desc("occurredAt"));
        String column = "amount".equals(order.getProperty()) ? "t.amount" : "t.occurred_at";
        String direction = order.isAscending() ? " ASC" : " DESC";
        return " ORDER BY " + column + direction + ", t.created_at" + direction + ", t.id" + direction;
    }

    /** Rows of the accounts the user sees: a user limited to venues sees the accounts of those venues only. */
    private static String scope() {
        return TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null) == null ? ""
                : " AND a.venue_id IN (:scope)";
    }

    private static MapSqlParameterSource params() {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        return new MapSqlParameterSource("scope", scope == null || scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new RuleViolation(field, "validation.tooLong", max);
        }
        return trimmed;
    }

    private static String describe(Movement m) {
        return m.kind() + " of " + plain(m.amount()) + " on \"" + m.accountName() + "\""
                + (m.categoryName() == null ? "" : " in \"" + m.categoryName() + "\"")
                + (m.counterparty() == null ? "" : ", " + m.counterparty());
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
