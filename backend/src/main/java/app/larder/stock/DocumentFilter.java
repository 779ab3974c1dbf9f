package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The WHERE clause of a stock document list (write-offs, transfers, stocktakes), grown one filter at a time, with
 * its parameters. Every filter is optional: a null value adds nothing.
 */
final class DocumentFilter {

    private final MapSqlParameterSource params = new MapSqlParameterSource();
    private final StringBuilder where = new StringBuilder("TRUE");

    /** Only documents whose venues (one column per storage the document touches) the user may see. */
    DocumentFilter visibleVenues(String... venueColumns) {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            for (String column : venueColumns) {
                where.append(" AND ").append(column).append(" IN (:venues)");
            }
            params.addValue("venues", scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope);
        }
        return this;
    }

    /** From inclusive, to exclusive. */
    DocumentFilter period(String column, Instant from, Instant to) {
        if (from != null) {
            where.append(" AND ").append(column).append(" >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            where.append(" AND ").append(column).append(" < :to");
            params.addValue("to", Timestamp.from(to));
        }
        return this;
    }

    /** {@code condition} names its parameter {@code :name}; an enum is compared by its name. */
    DocumentFilter and(String condition, String name, Object value) {
        if (value != null) {
            where.append(" AND (").append(condition).append(")");
            params.addValue(name, value instanceof Enum<?> e ? e.name() : value);
        }
        return this;
    }

    MapSqlParameterSource params() {
        return params;
    }

    String where() {
        return where.toString();
    }
}
