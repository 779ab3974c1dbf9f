package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** A way an ingredient is prepared, with the share of it lost: cleaning 20 %, boiling 15 %, frying 30 %. */
@Entity
@Table(name = "processing_method")
public class ProcessingMethod extends TenantOwned {

    @Column(name = "ingredient_id", nullable = false, updatable = false)
    private UUID ingredientId;

    @Column(nullable = false)
    private String name;

    @Column(name = "loss_percent", nullable = false)
    private BigDecimal lossPercent;

    protected ProcessingMethod() {
    }

    ProcessingMethod(UUID id, UUID ingredientId, String name, BigDecimal lossPercent) {
        super(id);
        this.ingredientId = ingredientId;
        this.name = name;
        this.lossPercent = lossPercent;
    }

    void change(String name, BigDecimal lossPercent) {
        this.name = name;
        this.lossPercent = lossPercent;
    }

    public UUID getIngredientId() {
        return ingredientId;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getLossPercent() {
        return lossPercent;
    }
}
