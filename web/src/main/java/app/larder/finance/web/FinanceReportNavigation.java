package app.larder.finance.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finance reports in the menu: the P&L, for owners and accountants (decision 47). A manager reads their venues'
 * revenue, cost and gross profit on the sales pages, but not the business's expenses (salaries, rent).
 */
@Configuration(proxyBeanMethods = false)
class FinanceReportNavigation {

    @Bean
    Entry profitAndLossEntry() {
        return Entry.of(Area.FINANCE, "nav.profitAndLoss", "/finance/pnl", 50, "OWNER", "ACCOUNTANT");
    }
}
