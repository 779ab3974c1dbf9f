package app.larder.stock.web;

import app.larder.business.Storages;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Moments as people and clients give them, read in the venue's time zone: an instant with an offset
 * ({@code 2026-03-01T10:00:00Z}) as it is; a local date and time ({@code 2026-03-01T10:00}, as a date-time picker
 * sends it) in the time zone of the storage's venue, or the business's when no storage is chosen; a bare date as the
 * end of that day for a balance, its start for the start of a period, and the start of the next day for the end of
 * a period (so a period of dates includes its last day).
 */
@Component
class StockBalanceMoments {

    private final Storages storages;
    private final Venues venues;

    StockBalanceMoments(Storages storages, Venues venues) {
        this.storages = storages;
        this.venues = venues;
    }

    /** The time zone of the storage's venue (404 for a storage outside the user's venues), or the business's. */
    ZoneId zone(UUID storageId, CurrentUser me) {
        if (storageId == null) {
            return me.timezone();
        }
        return venues.get(storages.get(storageId).getVenueId()).getTimezone();
    }

    /** A balance's moment: now when none is given; a date means the end of it. */
    static Instant at(String text, ZoneId zone, Instant now) {
        if (text == null || text.isBlank()) {
            return now;
        }
        return parse("at", text.trim(), zone, 1, true);
    }

    static Instant from(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new RuleViolation("from", "validation.required");
        }
        return parse("from", text.trim(), zone, 0, false);
    }

    static Instant to(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new RuleViolation("to", "validation.required");
        }
        return parse("to", text.trim(), zone, 1, false);
    }

    /** {@code daysAfter} moves a bare date to the start of a later day; {@code justBefore} a microsecond earlier. */
    private static Instant parse(String field, String text, ZoneId zone, int daysAfter, boolean justBefore) {
        try {
            if (!text.contains("T")) {
                Instant start = LocalDate.parse(text).plusDays(daysAfter).atStartOfDay(zone).toInstant();
                // The database keeps microseconds: the last of them in the day is still that day.
                return justBefore && daysAfter > 0 ? start.minusNanos(1_000) : start;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            }
        } catch (DateTimeException e) {
            throw new RuleViolation(field, "balance.badMoment", text);
        }
    }
}
