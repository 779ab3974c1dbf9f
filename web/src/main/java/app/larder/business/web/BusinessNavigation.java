package app.larder.business.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BusinessNavigation {

    @Bean
    Entry venuesEntry() {
        return Entry.of(Area.SETTINGS, "nav.venues", "/settings/venues", 10);
    }

    @Bean
    Entry usersEntry() {
        return Entry.of(Area.SETTINGS, "nav.users", "/settings/users", 20, "OWNER");
    }

    @Bean
    Entry businessEntry() {
        return Entry.of(Area.SETTINGS, "nav.business", "/settings/business", 30, "OWNER");
    }

    @Bean
    Entry profileEntry() {
        return Entry.of(Area.SETTINGS, "nav.profile", "/settings/profile", 80);
    }
}
