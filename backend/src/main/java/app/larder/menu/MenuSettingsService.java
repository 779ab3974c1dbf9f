package app.larder.menu;

import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.UUID;

/** The business's menu settings: for now the target food cost above which menu items are highlighted. */
@Service
public class MenuSettingsService {

    private final Repository settings;
    private final AuditLog audit;

    MenuSettingsService(Repository settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public BigDecimal foodCostTarget() {
        return settings.findById(TenantContext.requireTenant()).map(MenuSettings::getFoodCostTarget)
                .orElse(MenuSettings.DEFAULT_FOOD_COST_TARGET);
    }

    @Transactional
    public void setFoodCostTarget(BigDecimal percent) {
        if (percent == null || percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new RuleViolation("foodCostTarget", "menu.targetRange");
        }
        UUID tenant = TenantContext.requireTenant();
        settings.findById(tenant).ifPresentOrElse(s -> s.change(percent),
                () -> settings.save(new MenuSettings(tenant, percent)));
        audit.record("updated", "menu-settings", tenant, "Food cost target " + percent.toPlainString() + " %");
    }

    interface Repository extends JpaRepository<MenuSettings, UUID> {
    }
}
