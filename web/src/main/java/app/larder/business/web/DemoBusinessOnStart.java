package app.larder.business.web;

import app.larder.business.DemoBusiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** On start, makes sure the demo business exists and says how to log into it. */
@Component
@ConditionalOnProperty(name = "larder.demo.enabled", havingValue = "true")
class DemoBusinessOnStart {

    private static final Logger log = LoggerFactory.getLogger(DemoBusinessOnStart.class);

    private final DemoBusiness demo;
    private final Environment environment;

    DemoBusinessOnStart(DemoBusiness demo, Environment environment) {
        this.demo = demo;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureDemo() {
        demo.ensureExists();
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.info("""

                ==================================================================
                 Larder is running at http://localhost:{}
                 Demo business "Demo Café": log in as
                   owner       {}   password {}
                   manager     {}
                   accountant  {}
                 API docs:     http://localhost:{}/api-docs.html
                ==================================================================""",
                port, DemoBusiness.OWNER_EMAIL, DemoBusiness.PASSWORD, DemoBusiness.MANAGER_EMAIL,
                DemoBusiness.ACCOUNTANT_EMAIL, port);
    }
}
