package app.larder.report;

import app.larder.platform.RuleViolation;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * What to export: a report by name, a format, a period of local dates (both inclusive), a venue (null: every venue
 * the user sees), and the report's own parameters by name ({@code storageId}, {@code itemId}, {@code at}).
 */
public record ReportRequest(String report, String format, LocalDate from, LocalDate to, UUID venueId,
                           Map<String, String> params) {

    public ReportRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public String param(String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A parameter that names something by id; null when absent, refused when it is not an id. */
    public UUID id(String name) {
        String value = param(name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new RuleViolation(name, "report.badParameter");
        }
    }
}
