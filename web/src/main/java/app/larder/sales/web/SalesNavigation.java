package app.larder.sales.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SalesNavigation {

    @Bean
    Entry writeOffStoragesEntry() {
        return Entry.of(Area.STOCK, "nav.writeOffStorages", "/stock/write-off-storages", 80);
    }
}
