package app.larder.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * A request's period as instants, read in {@code zone} (the venue's, or the business's without a venue): from the
 * start of {@code from} (inclusive) to the start of the day after {@code to} (exclusive). {@code at} is the moment
 * of a balance: the {@code at} parameter, else the end of the period, else now. {@code text} gives a message in the
 * business's language, for words inside rows.
 */
public record ReportScope(ZoneId zone, Instant start, Instant end, Instant at, String venueName,
                          Function<String, String> text) {
}
