package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Every hour, business by business, adds the monthly stock snapshots that are missing: those of a month just begun,
 * and those a posting into the past deleted. Each business in its own tenant context, so one failing (a deadlock
 * with a posting, say) does not stop the others; it is simply tried again next time.
 */
@Component
class StockSnapshotJob {

    private static final Logger log = LoggerFactory.getLogger(StockSnapshotJob.class);

    private final TenantDirectory directory;
    private final StockSnapshots snapshots;
    private final Clock clock;

    StockSnapshotJob(TenantDirectory directory, StockSnapshots snapshots, Clock clock) {
        this.directory = directory;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${larder.stock.snapshots-every:PT1H}",
            initialDelayString = "${larder.stock.snapshots-after-start:PT2M}")
    void refresh() {
        for (UUID tenant : directory.tenants()) {
            try {
                int added = TenantContext.callAs(TenantContext.Actor.system(tenant),
                        () -> snapshots.refresh(clock.instant()));
                if (added > 0) {
                    log.debug("Stock snapshots for business {}: {} added", tenant, added);
                }
            } catch (RuntimeException e) {
                log.warn("Could not add stock snapshots for business {}", tenant, e);
            }
        }
    }
}
