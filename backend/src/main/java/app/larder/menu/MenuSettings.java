package app.larder.menu;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** The business's menu settings; its id is the tenant id. */
@Entity
@Table(name = "menu_settings")
public class MenuSettings extends TenantOwned {

    /** Default target food cost, in percent. */
    static final BigDecimal DEFAULT_FOOD_COST_TARGET = new BigDecimal("30");

    @Column(name = "food_cost_target", nullable = false)
    private BigDecimal foodCostTarget;

    protected MenuSettings() {
    }

    MenuSettings(UUID tenantId, BigDecimal foodCostTarget) {
        super(tenantId);
        this.foodCostTarget = foodCostTarget;
    }

    void change(BigDecimal foodCostTarget) {
        this.foodCostTarget = foodCostTarget;
    }

    public BigDecimal getFoodCostTarget() {
        return foodCostTarget;
    }
}
