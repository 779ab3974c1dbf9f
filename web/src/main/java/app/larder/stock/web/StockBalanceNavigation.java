package app.larder.stock.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stock → Balances, Movements and Below minimum, after the documents. */
@Configuration(proxyBeanMethods = false)
class StockBalanceNavigation {

    @Bean
    Entry stockBalancesEntry() {
        return Entry.of(Area.STOCK, "nav.stockBalances", "/stock/balances", 70);
    }

    @Bean
    Entry stockMovementsEntry() {
        return Entry.of(Area.STOCK, "nav.stockMovements", "/stock/movements", 71);
    }

    @Bean
    Entry belowMinimumEntry() {
        return Entry.of(Area.STOCK, "nav.belowMinimum", "/stock/below-minimum", 72);
    }
}
