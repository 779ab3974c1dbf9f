package app.larder.finance;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Every hour, business by business, books the occurrences of recurring transactions that have fallen due. Each
 * business in its own tenant context and transaction, so one failing does not stop the others; the next run books
 * what it missed, and nothing twice.
 */
@Component
class RecurrenceJob {

    private static final Logger log = LoggerFactory.getLogger(RecurrenceJob.class);

    private final TenantDirectory directory;
    private final RecurringTransactions recurring;

    RecurrenceJob(TenantDirectory directory, RecurringTransactions recurring) {
        this.directory = directory;
        this.recurring = recurring;
    }

    @Scheduled(fixedDelayString = "${larder.finance.recurrences-every:PT1H}",
            initialDelayString = "${larder.finance.recurrences-after-start:PT3M}")
    void bookDue() {
        for (UUID tenant : directory.tenants()) {
            try {
                int booked = TenantContext.callAs(TenantContext.Actor.system(tenant), recurring::bookDue);
                if (booked > 0) {
                    log.debug("Recurring transactions of business {}: {} booked", tenant, booked);
                }
            } catch (RuntimeException e) {
                log.warn("Could not book recurring transactions of business {}", tenant, e);
            }
        }
    }
}
