package app.larder.pos.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PosNavigation {

    @Bean
    Entry posDevicesEntry() {
        return Entry.of(Area.SETTINGS, "nav.posDevices", "/settings/pos-devices", 15, "OWNER", "MANAGER");
    }
}
