package app.larder.pos;

import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What each menu item, and each category, sold over a period: portions sold and refunded, and the money of the
 * lines (quantity × price + options − discount, as the terminal charged it). Revenue = sales − refunds. Days are
 * each venue's own, as in {@link SalesReports}; a user limited to some venues counts only theirs. One statement.
 */
@Service
public class SalesByItem {

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;

    SalesByItem(NamedParameterJdbcTemplate jdbc, Venues venues) {
        this.jdbc = jdbc;
        this.venues = venues;
    }

    /** A menu item's period; {@code name} null when the item was deleted since. */
    public record ItemSales(UUID menuItemId, String name, String category, BigDecimal sold, BigDecimal refunded,
                            BigDecimal salesAmount, BigDecimal refundsAmount) {

        public BigDecimal quantity() {
            return sold.subtract(refunded);
        }

        public BigDecimal revenue() {
            return salesAmount.subtract(refundsAmount);
        }
    }

    /** A category's period: the sum of its items' lines. */
    public record CategorySales(String category, BigDecimal sold, BigDecimal refunded, BigDecimal salesAmount,
                                BigDecimal refundsAmount) {

        public BigDecimal quantity() {
            return sold.subtract(refunded);
        }

        public BigDecimal revenue() {
            return salesAmount.subtract(refundsAmount);
        }
    }

    /** By item, largest revenue first. {@code venueId} null: every venue the user sees. Dates inclusive. */
    @Transactional(readOnly = true)
    public List<ItemSales> items(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReceiptJournal.where(venueId, from, to, params, venues);
        return jdbc.query("""
                SELECT * FROM (
                    SELECT l.menu_item_id, i.name, c.name AS category, %s
                    FROM receipt r JOIN venue v ON v.id = r.venue_id
                         JOIN receipt_line l ON l.receipt_id = r.id
                         LEFT JOIN menu_item i ON i.id = l.menu_item_id
                         LEFT JOIN menu_category c ON c.id = i.category_id
                    WHERE %s
                    GROUP BY l.menu_item_id, i.name, c.name) s
                ORDER BY s.sales_amount - s.refunds_amount DESC, s.name, s.menu_item_id""".formatted(SUMS, where),
                params, (rs, n) -> new ItemSales(rs.getObject("menu_item_id", UUID.class), rs.getString("name"),
                        rs.getString("category"), rs.getBigDecimal("sold"), rs.getBigDecimal("refunded"),
                        rs.getBigDecimal("sales_amount"), rs.getBigDecimal("refunds_amount")));
    }

    /** By the item's category (its own, not the tree's root), largest revenue first. */
    @Transactional(readOnly = true)
    public List<CategorySales> categories(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReceiptJournal.where(venueId, from, to, params, venues);
        return jdbc.query("""
                SELECT * FROM (
                    SELECT c.name AS category, %s
                    FROM receipt r JOIN venue v ON v.id = r.venue_id
                         JOIN receipt_line l ON l.receipt_id = r.id
                         LEFT JOIN menu_item i ON i.id = l.menu_item_id
                         LEFT JOIN menu_category c ON c.id = i.category_id
                    WHERE %s
                    GROUP BY c.name) s
                ORDER BY s.sales_amount - s.refunds_amount DESC, s.category""".formatted(SUMS, where),
                params, (rs, n) -> new CategorySales(rs.getString("category"), rs.getBigDecimal("sold"),
                        rs.getBigDecimal("refunded"), rs.getBigDecimal("sales_amount"),
                        rs.getBigDecimal("refunds_amount")));
    }

    private static final String SUMS = """
            COALESCE(SUM(l.quantity) FILTER (WHERE r.refund_of IS NULL), 0) AS sold,
            COALESCE(SUM(l.quantity) FILTER (WHERE r.refund_of IS NOT NULL), 0) AS refunded,
            COALESCE(SUM(l.amount) FILTER (WHERE r.refund_of IS NULL), 0) AS sales_amount,
            COALESCE(SUM(l.amount) FILTER (WHERE r.refund_of IS NOT NULL), 0) AS refunds_amount""";

    static void checkPeriod(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new RuleViolation("to", "sales.periodReversed");
        }
    }
}
