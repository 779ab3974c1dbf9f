package app.larder.pos;

import java.util.List;

/**
 * Receipts of one upload stored for the first time together, in one transaction: each is what a
 * {@link ReceiptAccepted} would say, published once for all so that what follows from them can be applied in one go.
 * Published inside that transaction, so it is rolled back with them.
 */
public record ReceiptsAccepted(List<ReceiptAccepted> receipts) {

    public ReceiptsAccepted {
        receipts = List.copyOf(receipts);
    }
}
