package app.larder.stock;

import app.larder.shared.Unit;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Last prices, read from posted supplies: the price per stock unit (kg, l, pcs) of an item in the latest posted
 * supply that has it, = Σ line totals ÷ Σ base quantities of the item in that supply × base units of the stock unit,
 * rounded to 4 decimals half-even (as unit costs are stored). Derived, never stored.
 */
@Component
class SupplyPrices {

    static final int PRICE_SCALE = 4;

    /** An item's price in one posted supply. */
    record LastPrice(UUID ingredientId, String ingredientName, Unit stockUnit, BigDecimal pricePerStockUnit,
                     UUID supplyId, Instant suppliedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    SupplyPrices(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per stock unit: value ÷ base quantity × base units of the stock unit, 4 decimals half-even. */
    static BigDecimal perStockUnit(BigDecimal value, BigDecimal baseQuantity, Unit.Dimension dimension) {
        return value.multiply(dimension.stockUnit().baseUnits())
                .divide(baseQuantity, MathContext.DECIMAL128).setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** The items a supplier delivered, each with its price in the supplier's latest posted supply of it. */
    Map<UUID, LastPrice> ofSupplier(UUID supplierId) {
        return latest(null, supplierId, null, null);
    }

    /** The items' prices in their latest posted supplies, whoever delivered them. */
    Map<UUID, LastPrice> latest(Collection<UUID> items) {
        return items.isEmpty() ? Map.of() : latest(items, null, null, null);
    }

    /**
     * The prices a supply's lines are compared with: the latest posted supply at or before {@code at}, other than
     * {@code except}, of the supplier if given.
     */
    Map<UUID, LastPrice> before(Collection<UUID> items, UUID supplierId, Instant at, UUID except) {
        return items.isEmpty() ? Map.of() : latest(items, supplierId, at, except);
    }

    private Map<UUID, LastPrice> latest(Collection<UUID> items, UUID supplierId, Instant at, UUID except) {
        StringBuilder sql = new StringBuilder("""
                SELECT DISTINCT ON (l.ingredient_id) l.ingredient_id, i.name, i.dimension, s.id AS supply_id,
                       s.supplied_at, SUM(l.total) AS total, SUM(l.base_quantity) AS quantity
                FROM supply s
                JOIN supply_line l ON l.tenant_id = s.tenant_id AND l.supply_id = s.id
                JOIN ingredient i ON i.tenant_id = l.tenant_id AND i.id = l.ingredient_id
                WHERE s.status = 'POSTED'""");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (items != null) {
            sql.append(" AND l.ingredient_id IN (:items)");
            params.addValue("items", items);
        }
        if (supplierId != null) {
            sql.append(" AND s.supplier_id = :supplier");
            params.addValue("supplier", supplierId);
        }
        if (at != null) {
            sql.append(" AND s.supplied_at <= :at");
            params.addValue("at", Timestamp.from(at));
        }
        if (except != null) {
            sql.append(" AND s.id <> :except");
            params.addValue("except", except);
        }
        sql.append("""
                 GROUP BY l.ingredient_id, i.name, i.dimension, s.id, s.supplied_at
                ORDER BY l.ingredient_id, s.supplied_at DESC, s.id DESC""");
        Map<UUID, LastPrice> found = new LinkedHashMap<>();
        jdbc.query(sql.toString(), params, rs -> {
            Unit.Dimension dimension = Unit.Dimension.valueOf(rs.getString("dimension"));
            UUID item = rs.getObject("ingredient_id", UUID.class);
            found.put(item, new LastPrice(item, rs.getString("name"), dimension.stockUnit(),
                    perStockUnit(rs.getBigDecimal("total"), rs.getBigDecimal("quantity"), dimension),
                    rs.getObject("supply_id", UUID.class), rs.getTimestamp("supplied_at").toInstant()));
        });
        return found;
    }
}
