package app.larder.pos.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sales in the menu: today's figures, the receipts, the cash shifts. Everyone who reads sales sees them. */
@Configuration(proxyBeanMethods = false)
class PosSalesNavigation {

    @Bean
    Entry salesTodayEntry() {
        return Entry.of(Area.SALES, "nav.salesToday", "/sales/today", 10, "OWNER", "MANAGER", "ACCOUNTANT");
    }

    @Bean
    Entry receiptsEntry() {
        return Entry.of(Area.SALES, "nav.receipts", "/sales/receipts", 20, "OWNER", "MANAGER", "ACCOUNTANT");
    }

    @Bean
    Entry cashShiftsEntry() {
        return Entry.of(Area.SALES, "nav.cashShifts", "/sales/shifts", 30, "OWNER", "MANAGER", "ACCOUNTANT");
    }
}
