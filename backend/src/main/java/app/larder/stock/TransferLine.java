package app.larder.stock;

import app.larder.stock.StockQuantities.EnteredUnit;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.math.BigDecimal;
import java.util.UUID;

/** One line of a transfer: an ingredient and the quantity moved, as entered and in base units. */
@Embeddable
public class TransferLine {

    @Column(name = "ingredient_id", nullable = false)
    private UUID ingredientId;

    @Column(nullable = false)
    private BigDecimal quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EnteredUnit unit;

    @Column(name = "base_quantity", nullable = false)
    private BigDecimal baseQuantity;

    protected TransferLine() {
    }

    TransferLine(UUID ingredientId, BigDecimal quantity, EnteredUnit unit, BigDecimal baseQuantity) {
        this.ingredientId = ingredientId;
        this.quantity = quantity;
        this.unit = unit;
        this.baseQuantity = baseQuantity;
    }

    public UUID getIngredientId() {
        return ingredientId;
    }

    /** As entered, in {@link #getUnit()}. */
    public BigDecimal getQuantity() {
        return quantity;
    }

    public EnteredUnit getUnit() {
        return unit;
    }

    /** In the ingredient's base unit: g, ml or pcs. */
    public BigDecimal getBaseQuantity() {
        return baseQuantity;
    }
}
