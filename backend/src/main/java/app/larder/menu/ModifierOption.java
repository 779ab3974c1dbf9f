package app.larder.menu;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A choice of a modifier group. It changes the price by {@code priceDelta}, and may ADD {@code quantity} base
 * units of an ingredient (extra shot: 9 g of coffee) or REPLACE an ingredient of the dish's tech card with
 * {@code quantity} of another (oat milk instead of milk: 180 ml).
 */
@Embeddable
public class ModifierOption {

    /** What choosing the option does to the recipe. */
    public enum Effect { NONE, ADD, REPLACE }

    @Column(nullable = false)
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "price_delta", nullable = false)
    private BigDecimal priceDelta;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Effect effect;

    @Column(name = "ingredient_id")
    private UUID ingredientId;

    private BigDecimal quantity;

    @Column(name = "replaces_ingredient_id")
    private UUID replacesIngredientId;

    protected ModifierOption() {
    }

    ModifierOption(UUID id, String name, BigDecimal priceDelta, Effect effect, UUID ingredientId, BigDecimal quantity,
                   UUID replacesIngredientId) {
        this.id = id;
        this.name = name;
        this.priceDelta = priceDelta;
        this.effect = effect;
        this.ingredientId = ingredientId;
        this.quantity = quantity;
        this.replacesIngredientId = replacesIngredientId;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getPriceDelta() {
        return priceDelta;
    }

    public Effect getEffect() {
        return effect;
    }

    public UUID getIngredientId() {
        return ingredientId;
    }

    public BigDecimal getQuantity() {
        return quantity;
    }

    public UUID getReplacesIngredientId() {
        return replacesIngredientId;
    }
}
