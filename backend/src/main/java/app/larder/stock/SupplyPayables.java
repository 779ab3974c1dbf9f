package app.larder.stock;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What posted supplies still owe their suppliers, and the payments against them. Finance pays through
 * {@link #recordPayment}, in its own transaction, so stock never needs to know about accounts. What is owed is
 * total − amount paid of a posted supply (the {@code payable} column); a payment can be at most that, rounded half-up
 * to 4 decimals (finance's scale), and a payment of exactly that settles the supply in full.
 */
@Service
public class SupplyPayables {

    /** Finance stores money with 4 decimals; supplies keep 6. */
    public static final int PAYMENT_SCALE = 4;

    private final NamedParameterJdbcTemplate jdbc;
    private final Supplies.SupplyRepository supplies;
    private final AuditLog audit;

    SupplyPayables(NamedParameterJdbcTemplate jdbc, Supplies.SupplyRepository supplies, AuditLog audit) {
        this.jdbc = jdbc;
        this.supplies = supplies;
        this.audit = audit;
    }

    /** A supply with what it owes; {@code venueId} is its storage's venue. */
    public record Payable(UUID supplyId, UUID supplierId, String supplierName, String invoiceNumber,
                          java.time.Instant suppliedAt, UUID venueId, String status, BigDecimal total,
                          BigDecimal paid, BigDecimal owed) {

        /** The most a payment may be: what is owed, at finance's scale. */
        public BigDecimal payableNow() {
            return owed.setScale(PAYMENT_SCALE, RoundingMode.HALF_UP);
        }
    }

    /**
     * Posted supplies that still owe something, of one supplier and one venue if given, oldest first; only supplies
     * into venues the user sees.
     */
    @Transactional(readOnly = true)
    public List<Payable> owed(UUID supplierId, UUID venueId) {
        MapSqlParameterSource params = scoped().addValue("supplier", supplierId == null ? null : supplierId.toString())
                .addValue("venue", venueId == null ? null : venueId.toString());
        return jdbc.query(SELECT + " " + """
                 WHERE s.status = 'POSTED' AND s.payable > 0
                   AND (CAST(:supplier AS uuid) IS NULL OR s.supplier_id = CAST(:supplier AS uuid))
                   AND (CAST(:venue AS uuid) IS NULL OR st.venue_id = CAST(:venue AS uuid))""" + scope()
                + " ORDER BY s.supplied_at, s.id", params, ROW);
    }

    @Transactional(readOnly = true)
    public Payable get(UUID supplyId) {
        List<Payable> found = jdbc.query(SELECT + " WHERE s.id = :id" + scope(), scoped().addValue("id", supplyId),
                ROW);
        if (found.isEmpty()) {
            throw new NotFoundException("supply", supplyId);
        }
        return found.get(0);
    }

    /**
     * Records a payment of a posted supply ({@code amount} positive), or takes one back (negative, when finance
     * cancels it). Refuses paying more than is owed, paying a draft or cancelled supply, and taking back more than
     * was paid. The supply is locked meanwhile, so two payments cannot both take the last of what is owed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Payable recordPayment(UUID supplyId, BigDecimal amount) {
        get(supplyId);
        Supply supply = supplies.lockById(supplyId).orElseThrow(() -> new NotFoundException("supply", supplyId));
        if (amount.signum() > 0) {
            if (supply.getStatus() != Supply.Status.POSTED) {
                throw new RuleViolation("supplyId", "supply.notPayable");
            }
            BigDecimal most = supply.getPayable().setScale(PAYMENT_SCALE, RoundingMode.HALF_UP);
            if (amount.compareTo(most) > 0) {
                throw new RuleViolation("amount", "supply.paymentOverOwed", most.toPlainString());
            }
            supply.pay(amount, amount.compareTo(most) == 0);
        } else if (amount.signum() < 0) {
            BigDecimal back = supply.getAmountPaid().min(amount.negate());
            supply.pay(back.negate(), false);
        }
        supplies.flush();
        audit.record(amount.signum() >= 0 ? "paid" : "paymentCancelled", "supply", supplyId,
                (amount.signum() >= 0 ? "Payment of " : "Payment cancelled: ")
                        + amount.abs().stripTrailingZeros().toPlainString() + ", paid now "
                        + supply.getAmountPaid().stripTrailingZeros().toPlainString() + " of "
                        + supply.getTotal().stripTrailingZeros().toPlainString());
        return get(supplyId);
    }

    private static final String SELECT = """
            SELECT s.id, s.supplier_id, p.name AS supplier_name, s.invoice_number, s.supplied_at, st.venue_id,
                   s.status, s.total, s.amount_paid, s.payable
            FROM supply s JOIN supplier p ON p.id = s.supplier_id JOIN storage st ON st.id = s.storage_id""";

    private static final RowMapper<Payable> ROW = (rs, n) -> new Payable(rs.getObject("id", UUID.class),
            rs.getObject("supplier_id", UUID.class), rs.getString("supplier_name"), rs.getString("invoice_number"),
            rs.getTimestamp("supplied_at").toInstant(), rs.getObject("venue_id", UUID.class), rs.getString("status"),
            rs.getBigDecimal("total"), rs.getBigDecimal("amount_paid"), rs.getBigDecimal("payable"));

    private static String scope() {
        return TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null) == null ? ""
                : " AND st.venue_id IN (:scope)";
    }

    private static MapSqlParameterSource scoped() {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        return new MapSqlParameterSource("scope", scope == null || scope.isEmpty() ? Set.of(new UUID(0, 0)) : scope);
    }
}
