package app.larder.report.web;

import app.larder.platform.web.Navigation.Area;
import app.larder.platform.web.Navigation.Entry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reports in the menu: everyone who may export something (a manager the operational reports of their venues). */
@Configuration(proxyBeanMethods = false)
class ReportNavigation {

    @Bean
    Entry reportExportsEntry() {
        return Entry.of(Area.REPORTS, "nav.reportExports", "/reports", 10, "OWNER", "MANAGER", "ACCOUNTANT");
    }
}
