package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.UUID;

/**
 * Every few seconds folds the level deltas that sales appended into their level rows, business by business, so a
 * level stays a row and a handful of deltas. The first run after a start folds every business (deltas left by an
 * instance that stopped); later runs only those this instance saw a sale of. A level reads the same folded or not.
 */
@Component
class StockLevelFoldJob {

    private static final Logger log = LoggerFactory.getLogger(StockLevelFoldJob.class);

    private final TenantDirectory directory;
    private final StockLedger ledger;
    private boolean started;

    StockLevelFoldJob(TenantDirectory directory, StockLedger ledger) {
        this.directory = directory;
        this.ledger = ledger;
    }

    @Scheduled(fixedDelayString = "${larder.stock.fold-levels-every:PT2S}",
            initialDelayString = "${larder.stock.fold-levels-after-start:PT10S}")
    void fold() {
        Collection<UUID> tenants = started ? ledger.takeUnfolded() : directory.tenants();
        started = true;
        for (UUID tenant : tenants) {
            try {
                TenantContext.callAs(TenantContext.Actor.system(tenant), ledger::foldDeltas);
            } catch (RuntimeException e) {
                // A deadlock with a posting, say: the deltas stay (and count) until the next run.
                ledger.markUnfolded(tenant);
                log.debug("Could not fold stock level deltas of business {}: {}", tenant, e.toString());
            }
        }
    }
}
