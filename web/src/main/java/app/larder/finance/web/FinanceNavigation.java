package app.larder.finance.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Finance in the menu. Owners and accountants work here; managers read (their venues' accounts only if limited). */
@Configuration(proxyBeanMethods = false)
class FinanceNavigation {

    @Bean
    Entry financeTransactionsEntry() {
        return Entry.of(Area.FINANCE, "nav.financeTransactions", "/finance/transactions", 10, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }

    @Bean
    Entry financeAccountsEntry() {
        return Entry.of(Area.FINANCE, "nav.financeAccounts", "/finance/accounts", 20, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }

    @Bean
    Entry financeRecurringEntry() {
        return Entry.of(Area.FINANCE, "nav.financeRecurring", "/finance/recurring", 30, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }

    @Bean
    Entry financeCashFlowEntry() {
        return Entry.of(Area.FINANCE, "nav.financeCashFlow", "/finance/cash-flow", 40, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }

    @Bean
    Entry financePayablesEntry() {
        return Entry.of(Area.FINANCE, "nav.financePayables", "/finance/payables", 50, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }

    @Bean
    Entry financeCategoriesEntry() {
        return Entry.of(Area.FINANCE, "nav.financeCategories", "/finance/categories", 60, "OWNER", "ACCOUNTANT",
                "MANAGER");
    }
}
