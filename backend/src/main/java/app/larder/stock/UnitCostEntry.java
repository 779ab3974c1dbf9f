package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One entry of an ingredient's unit cost history, per stock unit. Written once, never changed. */
@Entity
@Table(name = "ingredient_unit_cost")
public class UnitCostEntry extends TenantOwned {

    @Column(name = "ingredient_id", nullable = false, updatable = false)
    private UUID ingredientId;

    @Column(name = "unit_cost", nullable = false, updatable = false)
    private BigDecimal unitCost;

    @Column(name = "effective_at", nullable = false, updatable = false)
    private Instant effectiveAt;

    @Column(nullable = false, updatable = false)
    private String source;

    @Column(name = "user_id", updatable = false)
    private UUID userId;

    protected UnitCostEntry() {
    }

    UnitCostEntry(UUID id, UUID ingredientId, BigDecimal unitCost, Instant effectiveAt, String source, UUID userId) {
        super(id);
        this.ingredientId = ingredientId;
        this.unitCost = unitCost;
        this.effectiveAt = effectiveAt;
        this.source = source;
        this.userId = userId;
    }

    public UUID getIngredientId() {
        return ingredientId;
    }

    public BigDecimal getUnitCost() {
        return unitCost;
    }

    public Instant getEffectiveAt() {
        return effectiveAt;
    }

    public String getSource() {
        return source;
    }
}
