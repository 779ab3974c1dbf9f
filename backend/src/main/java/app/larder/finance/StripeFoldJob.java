package app.larder.finance;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import app.larder.pos.SalesTotals;
import app.larder.stock.LedgerTotals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Every hour, business by business, folds the stripes of the P&L's derived totals ({@code receipt_total},
 * {@code stock_movement_total}) of the quarter hours older than an hour into stripe 0, so that a busy quarter hour
 * ends as one row again. Each business and each table in its own tenant context and transaction, so one failing (a
 * deadlock with a late receipt, say) does not stop the others; what is left is folded next time, and the sums are
 * right either way.
 */
@Component
class StripeFoldJob {

    /** Quarter hours this old are past their rush: late receipts into them are rare. */
    static final Duration AGE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(StripeFoldJob.class);

    private final TenantDirectory directory;
    private final SalesTotals sales;
    private final LedgerTotals ledger;
    private final Clock clock;

    StripeFoldJob(TenantDirectory directory, SalesTotals sales, LedgerTotals ledger, Clock clock) {
        this.directory = directory;
        this.sales = sales;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${larder.finance.stripes-fold-every:PT1H}",
            initialDelayString = "${larder.finance.stripes-fold-after-start:PT5M}")
    void fold() {
        Instant before = clock.instant().minus(AGE);
        for (UUID tenant : directory.tenants()) {
            fold(tenant, "receipt_total", () -> sales.foldStripes(before));
            fold(tenant, "stock_movement_total", () -> ledger.foldStripes(before));
        }
    }

    private void fold(UUID tenant, String table, Callable<Integer> work) {
        try {
            int rows = TenantContext.callAs(TenantContext.Actor.system(tenant), work);
            if (rows > 0) {
                log.debug("Stripes of {} of business {} folded into {} rows", table, tenant, rows);
            }
        } catch (RuntimeException e) {
            log.warn("Could not fold the stripes of {} of business {}", table, tenant, e);
        }
    }
}
