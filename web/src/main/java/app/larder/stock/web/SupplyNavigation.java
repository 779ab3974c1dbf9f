package app.larder.stock.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stock → Supplies and Stock → Suppliers. */
@Configuration(proxyBeanMethods = false)
class SupplyNavigation {

    @Bean
    Entry suppliesEntry() {
        return Entry.of(Area.STOCK, "nav.supplies", "/stock/supplies", 20);
    }

    @Bean
    Entry suppliersEntry() {
        return Entry.of(Area.STOCK, "nav.suppliers", "/stock/suppliers", 21);
    }
}
