package app.larder.stock;

import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.UUID;

/** The business's settings of supplies: the price deviation, in percent, above which a line is highlighted. */
@Service
public class SupplySettingsService {

    static final BigDecimal MAX_THRESHOLD = new BigDecimal("1000");

    private final Repository settings;
    private final AuditLog audit;

    SupplySettingsService(Repository settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public BigDecimal priceDeviationThreshold() {
        return settings.findById(TenantContext.requireTenant()).map(SupplySettings::getPriceDeviationThreshold)
                .orElse(SupplySettings.DEFAULT_DEVIATION_THRESHOLD);
    }

    @Transactional
    public void setPriceDeviationThreshold(BigDecimal percent) {
        if (percent == null) {
            throw new RuleViolation("priceDeviationThreshold", "validation.required");
        }
        if (percent.signum() < 0 || percent.compareTo(MAX_THRESHOLD) >= 0 || percent.stripTrailingZeros().scale() > 2) {
            throw new RuleViolation("priceDeviationThreshold", "supply.thresholdRange");
        }
        UUID tenant = TenantContext.requireTenant();
        settings.findById(tenant).ifPresentOrElse(s -> s.change(percent),
                () -> settings.save(new SupplySettings(tenant, percent)));
        audit.record("updated", "supply-settings", tenant, "Price deviation threshold " + percent.toPlainString()
                + " %");
    }

    interface Repository extends JpaRepository<SupplySettings, UUID> {
    }
}
