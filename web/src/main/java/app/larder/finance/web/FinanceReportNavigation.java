package app.larder.finance.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finance reports in the menu: the P&L. Owners and accountants see the whole business; managers see it too, for the
 * venues they are limited to, as they see those venues' sales.
 */
@Configuration(proxyBeanMethods = false)
class FinanceReportNavigation {

    @Bean
    Entry profitAndLossEntry() {
        return Entry.of(Area.FINANCE, "nav.profitAndLoss", "/finance/pnl", 50, "OWNER", "MANAGER", "ACCOUNTANT");
    }
}
