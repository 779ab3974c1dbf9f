package app.larder.pos;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A receipt (a sale, or a refund when {@code refundOf} is set) was stored for the first time. Published inside the
 * receipt's transaction and savepoint, so whatever follows from it (money into the venue's accounts) is applied
 * exactly when the receipt is, and rolled back with it: a repeat upload publishes nothing.
 * <p>
 * Amounts are positive for refunds too; {@link #isRefund()} says which way the money went.
 */
public record ReceiptAccepted(UUID receiptId, UUID venueId, UUID shiftId, String number, Instant closedAt,
                              UUID refundOf, BigDecimal total, List<Payment> payments) {

    public record Payment(String method, BigDecimal amount) {
    }

    public boolean isRefund() {
        return refundOf != null;
    }
}
