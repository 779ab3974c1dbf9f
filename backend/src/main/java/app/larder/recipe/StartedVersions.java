package app.larder.recipe;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Every few minutes, business by business, brings cost prices up to date with tech card versions that have just
 * started. Each business runs in its own tenant context and transaction, so one failing does not stop the others.
 */
@Component
class StartedVersions {

    private static final Logger log = LoggerFactory.getLogger(StartedVersions.class);

    private final TenantDirectory directory;
    private final Costing costing;

    StartedVersions(TenantDirectory directory, Costing costing) {
        this.directory = directory;
        this.costing = costing;
    }

    @Scheduled(fixedDelayString = "${larder.costing.started-versions-every:PT5M}",
            initialDelayString = "${larder.costing.started-versions-every:PT5M}")
    void recalculate() {
        for (UUID tenant : directory.tenants()) {
            try {
                int changed = TenantContext.callAs(TenantContext.Actor.system(tenant),
                        costing::recalculateStartedVersions);
                if (changed > 0) {
                    log.info("Tech card versions took effect for business {}: {} cost prices changed", tenant, changed);
                }
            } catch (RuntimeException e) {
                log.warn("Could not bring cost prices up to date for business {}", tenant, e);
            }
        }
    }
}
