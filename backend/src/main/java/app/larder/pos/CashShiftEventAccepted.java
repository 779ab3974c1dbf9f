package app.larder.pos;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A cash-shift event (type {@code open}, {@code cashIn}, {@code cashOut} or {@code close}) was stored for the first
 * time. Published inside its transaction and savepoint, like {@link ReceiptAccepted}. For {@code close} the amount is
 * the counted cash; {@link CashShifts#shift(UUID)} gives the expected cash as known now.
 */
public record CashShiftEventAccepted(UUID eventId, UUID shiftId, UUID venueId, String type, Instant at,
                                     BigDecimal amount, String comment) {
}
