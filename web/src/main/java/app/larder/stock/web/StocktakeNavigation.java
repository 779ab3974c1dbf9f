package app.larder.stock.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StocktakeNavigation {

    @Bean
    Entry stocktakesEntry() {
        return Entry.of(Area.STOCK, "nav.stocktakes", "/stock/stocktakes", 40);
    }
}
