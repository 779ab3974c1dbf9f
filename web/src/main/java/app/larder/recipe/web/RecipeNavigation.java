package app.larder.recipe.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RecipeNavigation {

    @Bean
    Entry semiFinishedEntry() {
        return Entry.of(Area.MENU, "nav.semiFinished", "/recipes/semi-finished", 20);
    }
}
