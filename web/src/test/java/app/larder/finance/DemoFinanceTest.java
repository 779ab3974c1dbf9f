package app.larder.finance;

import app.larder.business.DemoBusiness;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo café has accounts and a few months of expenses, so the finance pages are not empty on a fresh install. */
class DemoFinanceTest extends IntegrationTest {

    @Autowired
    DemoBusiness demo;
    @Autowired
    TenantDirectory directory;
    @Autowired
    FinanceAccounts accounts;
    @Autowired
    FinanceTransactions transactions;
    @Autowired
    RecurringTransactions recurring;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    Clock clock;

    @Test
    void theDemoCafeHasItsAccountsTheRentAsARecurringExpenseAndMonthsOfExpenses() {
        demo.ensureExists();
        UUID tenant = directory.find(TenantDirectory.emailKey(DemoBusiness.OWNER_EMAIL)).orElseThrow();
        TenantContext.runAs(TenantContext.Actor.system(tenant), () -> new TransactionTemplate(transactionManager)
                .executeWithoutResult(s -> {
                    List<String> names = accounts.all().stream().map(FinanceAccount::getName).toList();
                    assertThat(names).contains("Bank account", "Safe");
                    assertThat(accounts.all()).filteredOn(FinanceAccount::isPosDefault)
                            .extracting(FinanceAccount::getKind)
                            .containsExactlyInAnyOrder(FinanceAccount.Kind.CASH_DESK, FinanceAccount.Kind.ACQUIRING);
                    assertThat(recurring.all()).hasSize(1);
                    // The rent of every month since the first of the month three months back: at least 4 months.
                    var rent = transactions.search(new FinanceTransactions.Query(null, null, null, null, null, null,
                            FinanceTransactions.Source.RECURRENCE, null), org.springframework.data.domain.PageRequest
                            .of(0, 10));
                    assertThat(rent.totals().count()).isGreaterThanOrEqualTo(4);
                    assertThat(rent.totals().expense()).isEqualByComparingTo(
                            new BigDecimal("-45000").multiply(BigDecimal.valueOf(rent.totals().count())));
                    ZoneId zone = transactions.zone(null);
                    LocalDate today = LocalDate.now(clock.withZone(zone));
                    UUID bank = accounts.all().stream().filter(a -> a.getName().equals("Bank account")).findFirst()
                            .orElseThrow().getId();
                    // Every month costs the bank at least the rent and two salaries.
                    BigDecimal spent = transactions.search(new FinanceTransactions.Query(null, null, bank, null, null,
                            FinanceTransactions.Kind.EXPENSE, null, null), org.springframework.data.domain.PageRequest
                            .of(0, 1)).totals().expense().negate();
                    assertThat(spent).isGreaterThanOrEqualTo(new BigDecimal("45000").add(new BigDecimal("76000"))
                            .multiply(BigDecimal.valueOf(3)));
                    assertThat(today).isAfter(LocalDate.of(2026, 1, 1));
                }));
    }
}
