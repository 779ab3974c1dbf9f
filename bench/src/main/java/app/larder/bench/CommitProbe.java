package app.larder.bench;

import app.larder.stock.UnitCostChanged;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Splits the time of a unit cost change into its parts without touching the application: it hears
 * {@link UnitCostChanged} before {@code Costing} does, and the transaction's before- and after-commit callbacks.
 * So: [call → event] the service's own work, [event → before commit] the recalculation, [before → after commit]
 * the flush and COMMIT.
 */
@Component
class CommitProbe {

    volatile long eventAt;
    volatile long beforeCommitAt;
    volatile long afterCommitAt;

    void reset() {
        eventAt = 0;
        beforeCommitAt = 0;
        afterCommitAt = 0;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(UnitCostChanged event) {
        eventAt = System.nanoTime();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    beforeCommitAt = System.nanoTime();
                }

                @Override
                public void afterCommit() {
                    afterCommitAt = System.nanoTime();
                }
            });
        }
    }
}
