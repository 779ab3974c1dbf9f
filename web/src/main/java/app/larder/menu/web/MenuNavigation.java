package app.larder.menu.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MenuNavigation {

    @Bean
    Entry menuItemsEntry() {
        return Entry.of(Area.MENU, "nav.menuItems", "/menu/items", 10);
    }

    @Bean
    Entry categoriesEntry() {
        return Entry.of(Area.MENU, "nav.categories", "/menu/categories", 30);
    }

    @Bean
    Entry modifiersEntry() {
        return Entry.of(Area.MENU, "nav.modifiers", "/menu/modifiers", 40);
    }

    @Bean
    Entry importEntry() {
        return Entry.of(Area.MENU, "nav.import", "/menu/import", 90);
    }
}
