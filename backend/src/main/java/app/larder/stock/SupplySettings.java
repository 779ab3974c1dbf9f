package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** The business's settings of supplies: one row, keyed by the tenant. */
@Entity
@Table(name = "supply_settings")
public class SupplySettings extends TenantOwned {

    /** A supply price more than this many percent away from the last one is highlighted. */
    static final BigDecimal DEFAULT_DEVIATION_THRESHOLD = BigDecimal.TEN;

    @Column(name = "price_deviation_threshold", nullable = false)
    private BigDecimal priceDeviationThreshold;

    protected SupplySettings() {
    }

    SupplySettings(UUID tenantId, BigDecimal threshold) {
        super(tenantId);
        this.priceDeviationThreshold = threshold;
    }

    void change(BigDecimal threshold) {
        this.priceDeviationThreshold = threshold;
    }

    public BigDecimal getPriceDeviationThreshold() {
        return priceDeviationThreshold;
    }
}
