package app.larder.sales;

import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.audit.AuditLog;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per venue: whether a refund returns the ingredients of what it takes back to stock. Off by default: a dish sent
 * back is thrown away; a shop turns it on for goods that go back on the shelf.
 */
@Service
public class SalesSettings {

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;
    private final AuditLog audit;

    SalesSettings(NamedParameterJdbcTemplate jdbc, Venues venues, AuditLog audit) {
        this.jdbc = jdbc;
        this.venues = venues;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public boolean returnsStockOnRefund(UUID venueId) {
        if (!venues.exists(venueId)) {
            throw new NotFoundException("venue", venueId);
        }
        List<Boolean> found = jdbc.queryForList(
                "SELECT return_stock_on_refund FROM venue_sales_setting WHERE venue_id = :venue",
                Map.of("venue", venueId), Boolean.class);
        return !found.isEmpty() && found.get(0);
    }

    @Transactional
    public void setReturnsStockOnRefund(UUID venueId, boolean returns) {
        Venue venue = venues.get(venueId);
        if (returnsStockOnRefund(venueId) == returns) {
            return;
        }
        jdbc.update("""
                INSERT INTO venue_sales_setting (tenant_id, venue_id, return_stock_on_refund)
                VALUES (larder_current_tenant(), :venue, :returns)
                ON CONFLICT (tenant_id, venue_id) DO UPDATE SET return_stock_on_refund = EXCLUDED.return_stock_on_refund""",
                new MapSqlParameterSource("venue", venueId).addValue("returns", returns));
        audit.record("updated", "venue", venueId, "\"" + venue.getName() + "\": refunds "
                + (returns ? "return" : "no longer return") + " ingredients to stock");
    }
}
