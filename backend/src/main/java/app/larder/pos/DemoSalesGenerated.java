package app.larder.pos;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The demo's sales of {@code firstDay} to {@code lastDay} (the venue's days) are stored, so features that keep
 * money apart from the receipts (finance: the card takings the bank receives the next day) can follow them.
 */
public record DemoSalesGenerated(UUID venueId, LocalDate firstDay, LocalDate lastDay) {
}
