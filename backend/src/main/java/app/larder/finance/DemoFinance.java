package app.larder.finance;

import app.larder.business.BusinessSignedUp;
import app.larder.finance.FinanceAccount.Kind;
import app.larder.finance.FinanceTransactions.Entry;
import app.larder.pos.DemoSalesGenerated;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The demo café's money: a safe and a bank account beside the venue's cash desk and acquiring (which its demo sales
 * book into), and the last three months of the usual expenses (the rent as a recurring one, salaries, utilities,
 * marketing) and transfers, so the finance pages have something to show. Once the demo's sales are made, the card
 * takings of each day reach the bank the next morning, as an acquirer settles them.
 */
@Component
class DemoFinance {

    private static final String BANK = "Bank account";

    private final FinanceCategories categories;
    private final FinanceAccounts accounts;
    private final FinanceTransactions transactions;
    private final RecurringTransactions recurring;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    DemoFinance(FinanceCategories categories, FinanceAccounts accounts, FinanceTransactions transactions,
                RecurringTransactions recurring, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.categories = categories;
        this.accounts = accounts;
        this.transactions = transactions;
        this.recurring = recurring;
        this.clock = clock;
    }

    @EventListener
    @Order(100)
    void onSignedUp(BusinessSignedUp event) {
        if (!event.demo()) {
            return;
        }
        categories.seed();
        Map<String, UUID> category = categories.tree().stream().collect(Collectors.toMap(n -> n.category().getName(),
                n -> n.category().getId(), (a, b) -> a));
        LocalDate today = LocalDate.now(clock.withZone(transactions.zone(event.venueId())));
        LocalDate opened = today.withDayOfMonth(1).minusMonths(3);
        UUID bank = accounts.create(new FinanceAccounts.AccountDetails(BANK, Kind.BANK, null,
                new BigDecimal("150000"), opened, false)).getId();
        UUID safe = accounts.create(new FinanceAccounts.AccountDetails("Safe", Kind.SAFE, event.venueId(),
                new BigDecimal("20000"), opened, false)).getId();
        accounts.posAccount(event.venueId(), Kind.CASH_DESK, opened);
        accounts.posAccount(event.venueId(), Kind.ACQUIRING, opened);
        // The rent as a recurring expense: its months so far are booked at once, the next ones by the job.
        recurring.create(new RecurringTransactions.RecurrenceInput(FinanceTransactions.Kind.EXPENSE, bank,
                category.get("Rent"), event.venueId(), new BigDecimal("45000"), 1, opened, null, "Kyiv Property LLC",
                "Rent"));
        for (LocalDate month = opened; !month.isAfter(today); month = month.plusMonths(1)) {
            expense(bank, category.get("Salaries"), month.withDayOfMonth(5), today, "38000", null,
                    "Salaries, 1st half");
            expense(bank, category.get("Utilities"), month.withDayOfMonth(10), today, "7200", "City Energy",
                    "Electricity and water");
            expense(bank, category.get("Marketing"), month.withDayOfMonth(15), today, "3500", "Instagram Ads", null);
            expense(bank, category.get("Salaries"), month.withDayOfMonth(20), today, "38000", null,
                    "Salaries, 2nd half");
            if (!month.withDayOfMonth(25).isAfter(today)) {
                transactions.transfer(new FinanceTransactions.TransferInput(safe, bank, null, month.withDayOfMonth(25),
                        new BigDecimal("5000"), "Cash to the bank"));
            }
        }
    }

    @EventListener
    void onDemoSales(DemoSalesGenerated sales) {
        UUID acquiring = accounts.findPosAccount(sales.venueId(), Kind.ACQUIRING);
        UUID bank = accounts.all().stream().filter(a -> a.getKind() == Kind.BANK && a.getName().equals(BANK))
                .map(FinanceAccount::getId).findFirst().orElse(null);
        if (acquiring == null || bank == null) {
            return;
        }
        ZoneId zone = transactions.zone(sales.venueId());
        Instant now = clock.instant();
        for (LocalDate day = sales.firstDay(); !day.isAfter(sales.lastDay()); day = day.plusDays(1)) {
            Instant settledAt = day.plusDays(1).atTime(9, 0).atZone(zone).toInstant();
            if (settledAt.isAfter(now)) {
                break;
            }
            BigDecimal takings = jdbc.queryForObject("""
                    SELECT COALESCE(SUM(amount), 0) FROM finance_transaction
                    WHERE account_id = :account AND source IN ('RECEIPT', 'REFUND')
                      AND occurred_at >= :start AND occurred_at < :end""", Map.of("account", acquiring,
                    "start", Timestamp.from(day.atStartOfDay(zone).toInstant()),
                    "end", Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant())), BigDecimal.class);
            if (takings != null && takings.signum() > 0) {
                transactions.transfer(new FinanceTransactions.TransferInput(acquiring, bank, settledAt, null, takings,
                        "Card settlement of " + day));
            }
        }
    }

    private void expense(UUID account, UUID category, LocalDate date, LocalDate today, String amount,
                         String counterparty, String comment) {
        if (date.isAfter(today)) {
            return;
        }
        transactions.record(new Entry(FinanceTransactions.Kind.EXPENSE, account, null, date, new BigDecimal(amount),
                category, null, counterparty, comment));
    }
}
