package app.larder.platform.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlatformNavigation {

    @Bean
    Entry auditLogEntry() {
        return Entry.of(Area.SETTINGS, "nav.audit", "/settings/audit", 90, "OWNER");
    }
}
