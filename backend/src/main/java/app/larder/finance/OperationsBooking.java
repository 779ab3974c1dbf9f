package app.larder.finance;

import app.larder.finance.FinanceAccount.Kind;
import app.larder.platform.tenancy.Ids;
import app.larder.pos.CashShiftEventAccepted;
import app.larder.pos.CashShifts;
import app.larder.pos.ReceiptAccepted;
import app.larder.pos.ReceiptsAccepted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Money that follows from operations, booked in the operation's own transaction (the POS publishes its events inside
 * the receipt's savepoint), so it is booked exactly when the operation is stored and rolled back with it:
 * <ul>
 * <li>a receipt: its cash payments into the venue's cash desk and its card payments into the venue's acquiring
 * account, one row per receipt and account (a refund: the same, out); payments of method {@code other} are booked
 * nowhere;</li>
 * <li>a shift's cash in and cash out, into and out of the cash desk;</li>
 * <li>a shift's discrepancy (counted − expected) at its close, and whenever something that changes the expected
 * cash of a closed shift arrives late, the difference between the discrepancy as known now and what is booked for
 * the shift already.</li>
 * </ul>
 * Every row names its operation ({@code source}, {@code source_id}); the unique index on them makes a second booking
 * of the same operation into the same account a no-op, whatever happened upstream.
 */
@Component
class OperationsBooking {

    private final NamedParameterJdbcTemplate jdbc;
    private final FinanceAccounts accounts;
    private final FinanceCategories categories;
    private final CashShifts cashShifts;

    OperationsBooking(NamedParameterJdbcTemplate jdbc, FinanceAccounts accounts, FinanceCategories categories,
                      CashShifts cashShifts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.categories = categories;
        this.cashShifts = cashShifts;
    }

    @EventListener
    void onReceipt(ReceiptAccepted receipt) {
        bookReceipts(List.of(receipt));
    }

    @EventListener
    void onReceipts(ReceiptsAccepted batch) {
        bookReceipts(batch.receipts());
    }

    /** One booking into a POS account: what {@link #book} takes. */
    private record Booking(UUID venueId, Kind accountKind, String categoryKey, FinanceTransactions.Kind kind,
                           FinanceTransactions.Source source, UUID sourceId, Instant at, BigDecimal amount,
                           String comment) {
    }

    /**
     * The money of the receipts, a row per receipt and account. A batch goes as one statement; whatever it did not
     * insert (an account or category still to be made, or a row booked already) goes through {@link #book} alone.
     * Each closed shift a cash receipt belongs to is then set right once.
     */
    private void bookReceipts(List<ReceiptAccepted> receipts) {
        List<Booking> bookings = new ArrayList<>();
        Map<UUID, ReceiptAccepted> cashShifts = new LinkedHashMap<>();
        for (ReceiptAccepted receipt : receipts) {
            BigDecimal cash = BigDecimal.ZERO;
            BigDecimal card = BigDecimal.ZERO;
            for (ReceiptAccepted.Payment payment : receipt.payments()) {
                if ("cash".equals(payment.method())) {
                    cash = cash.add(payment.amount());
                } else if ("card".equals(payment.method())) {
                    card = card.add(payment.amount());
                }
            }
            boolean refund = receipt.isRefund();
            FinanceTransactions.Source source = refund ? FinanceTransactions.Source.REFUND
                    : FinanceTransactions.Source.RECEIPT;
            String category = refund ? FinanceCategories.REFUNDS : FinanceCategories.SALES;
            FinanceTransactions.Kind kind = refund ? FinanceTransactions.Kind.EXPENSE
                    : FinanceTransactions.Kind.INCOME;
            String comment = ((refund ? "Refund " : "Receipt ") + (receipt.number() == null ? "" : receipt.number()))
                    .trim();
            if (cash.signum() != 0) {
                bookings.add(new Booking(receipt.venueId(), Kind.CASH_DESK, category, kind, source,
                        receipt.receiptId(), receipt.closedAt(), refund ? cash.negate() : cash, comment));
                if (receipt.shiftId() != null) {
                    cashShifts.putIfAbsent(receipt.shiftId(), receipt);
                }
            }
            if (card.signum() != 0) {
                bookings.add(new Booking(receipt.venueId(), Kind.ACQUIRING, category, kind, source,
                        receipt.receiptId(), receipt.closedAt(), refund ? card.negate() : card, comment));
            }
        }
        Set<String> booked = bookings.size() > 1 ? bookAll(bookings) : Set.of();
        for (Booking b : bookings) {
            if (!booked.contains(b.sourceId() + "/" + b.accountKind())) {
                book(b.venueId(), b.accountKind(), b.categoryKey(), b.kind(), b.source(), b.sourceId(), b.at(),
                        b.amount(), null, b.comment());
            }
        }
        cashShifts.forEach((shiftId, receipt) -> settleIfClosed(shiftId, receipt.venueId(), receipt.receiptId()));
    }

    /**
     * The bookings whose account and category exist, in one statement, as {@link #book} would insert each; answers
     * {@code sourceId/accountKind} of the rows it inserted.
     */
    private Set<String> bookAll(List<Booking> bookings) {
        StringBuilder values = new StringBuilder();
        MapSqlParameterSource params = new MapSqlParameterSource("now", Timestamp.from(Instant.now()));
        for (int i = 0; i < bookings.size(); i++) {
            Booking b = bookings.get(i);
            values.append(i == 0 ? "" : ", ").append("""
                    (CAST(:id%1$d AS uuid), CAST(:venue%1$d AS uuid), :accountKind%1$d, :key%1$d, :kind%1$d,
                     CAST(:at%1$d AS timestamptz), CAST(:amount%1$d AS numeric), :comment%1$d, :source%1$d,
                     CAST(:sourceId%1$d AS uuid))""".formatted(i));
            params.addValue("id" + i, Ids.next()).addValue("venue" + i, b.venueId())
                    .addValue("accountKind" + i, b.accountKind().name()).addValue("key" + i, b.categoryKey())
                    .addValue("kind" + i, b.kind().name()).addValue("at" + i, Timestamp.from(b.at()))
                    .addValue("amount" + i, b.amount()).addValue("comment" + i, b.comment())
                    .addValue("source" + i, b.source().name()).addValue("sourceId" + i, b.sourceId());
        }
        Set<String> inserted = new HashSet<>();
        jdbc.query("""
                WITH booked AS (
                    INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount,
                                                     category_id, venue_id, comment, source, source_id, shift_id,
                                                     created_at)
                    SELECT larder_current_tenant(), r.id, a.id, r.kind, r.at, r.amount, c.id, r.venue, r.comment,
                           r.source, r.source_id, NULL, :now
                    FROM (VALUES %s) AS r(id, venue, account_kind, key, kind, at, amount, comment, source, source_id)
                    JOIN finance_account a ON a.pos_default AND a.venue_id = r.venue AND a.kind = r.account_kind
                    JOIN finance_category c ON c.system_key = r.key
                    ON CONFLICT DO NOTHING
                    RETURNING source_id, account_id)
                SELECT b.source_id, a.kind AS account_kind
                FROM booked b JOIN finance_account a ON a.id = b.account_id"""
                .formatted(values), params, rs -> {
            inserted.add(rs.getObject("source_id", UUID.class) + "/" + rs.getString("account_kind"));
        });
        return inserted;
    }

    @EventListener
    void onShiftEvent(CashShiftEventAccepted event) {
        switch (event.type()) {
            case "cashIn" -> book(event.venueId(), Kind.CASH_DESK, FinanceCategories.CASH_IN,
                    FinanceTransactions.Kind.INCOME, FinanceTransactions.Source.SHIFT_EVENT, event.eventId(),
                    event.at(), event.amount(), null, comment("Cash in", event.comment()));
            case "cashOut" -> book(event.venueId(), Kind.CASH_DESK, FinanceCategories.CASH_OUT,
                    FinanceTransactions.Kind.EXPENSE, FinanceTransactions.Source.SHIFT_EVENT, event.eventId(),
                    event.at(), event.amount().negate(), null, comment("Cash out", event.comment()));
            default -> {
            }
        }
        if ("close".equals(event.type())) {
            lock(event.shiftId(), false);
            settle(event.shiftId(), event.venueId(), event.eventId());
        } else if (event.amount() != null && event.amount().signum() != 0) {
            // An opening, cash in or cash out arriving after the close changes the shift's expected cash too.
            settleIfClosed(event.shiftId(), event.venueId(), event.eventId());
        }
    }

    /**
     * The shift's discrepancy set right if it is closed. The shared lock pairs with the close's exclusive one: either
     * the close waits for this operation and counts it, or this operation waits for the close and sees it closed.
     */
    private void settleIfClosed(UUID shiftId, UUID venueId, UUID sourceId) {
        lock(shiftId, true);
        if (cashShifts.isClosed(shiftId)) {
            settle(shiftId, venueId, sourceId);
        }
    }

    /** Books the discrepancy as known now less what the shift's discrepancy rows hold already, at the close. */
    private void settle(UUID shiftId, UUID venueId, UUID sourceId) {
        CashShifts.Shift shift = cashShifts.shift(shiftId).orElse(null);
        if (shift == null || shift.discrepancy() == null) {
            return;
        }
        BigDecimal booked = jdbc.queryForObject("""
                SELECT COALESCE(SUM(amount), 0) FROM finance_transaction WHERE shift_id = :shift""",
                Map.of("shift", shiftId), BigDecimal.class);
        BigDecimal delta = shift.discrepancy().subtract(booked);
        if (delta.signum() != 0) {
            book(venueId, Kind.CASH_DESK, FinanceCategories.SHIFT_DISCREPANCY, FinanceTransactions.Kind.EXPENSE,
                    FinanceTransactions.Source.SHIFT_EVENT, sourceId, shift.closedAt(), delta, shiftId,
                    delta.signum() < 0 ? "Cash short at shift close" : "Cash over at shift close");
        }
    }

    private void lock(UUID shiftId, boolean shared) {
        long key = shiftId.getMostSignificantBits() ^ shiftId.getLeastSignificantBits();
        jdbc.getJdbcTemplate().queryForList(shared ? "SELECT pg_advisory_xact_lock_shared(?)"
                : "SELECT pg_advisory_xact_lock(?)", key);
    }

    /**
     * One row into the venue's POS account of {@code accountKind}, in a system category, once per operation and
     * account. The common case is a single statement; the account or the category is made only when missing.
     */
    private void book(UUID venueId, Kind accountKind, String categoryKey, FinanceTransactions.Kind kind,
                      FinanceTransactions.Source source, UUID sourceId, Instant at, BigDecimal amount, UUID shiftId,
                      String comment) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", Ids.next()).addValue("venue", venueId)
                .addValue("accountKind", accountKind.name()).addValue("key", categoryKey)
                .addValue("kind", kind.name()).addValue("at", Timestamp.from(at)).addValue("amount", amount)
                .addValue("comment", comment).addValue("source", source.name()).addValue("sourceId", sourceId)
                .addValue("shift", shiftId).addValue("now", Timestamp.from(Instant.now()));
        String insert = """
                INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount, category_id,
                                                 venue_id, comment, source, source_id, shift_id, created_at)
                SELECT larder_current_tenant(), :id, a.id, :kind, :at, :amount, c.id, :venue, :comment, :source,
                       :sourceId, :shift, :now
                FROM finance_account a, finance_category c
                WHERE a.pos_default AND a.venue_id = :venue AND a.kind = :accountKind AND c.system_key = :key
                ON CONFLICT DO NOTHING""";
        if (jdbc.update(insert, params) == 1) {
            return;
        }
        UUID account = accounts.findPosAccount(venueId, accountKind);
        if (account != null && categories.hasSystem(categoryKey)) {
            return; // booked already: the unique index of operations refused the second row
        }
        accounts.posAccount(venueId, accountKind, LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1));
        categories.systemId(categoryKey);
        jdbc.update(insert, params);
    }

    private static String comment(String what, String comment) {
        return comment == null || comment.isBlank() ? what : what + ": " + comment;
    }
}
