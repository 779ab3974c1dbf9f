package app.larder.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One line of a supply: an ingredient, the quantity as entered (in a unit of its dimension or in its purchase unit)
 * and in base units, and what it cost. {@code total} is the stock value of the line, VAT included; {@code vatAmount}
 * is the VAT inside it. Whichever of price and total was entered is kept as entered; the other is worked out.
 */
@Embeddable
public class SupplyLine {

    /** What the quantity was entered in: a unit of the ingredient's dimension, or its purchase unit. */
    public enum LineUnit {
        G, KG, ML, L, PCS, PURCHASE;

        public String symbol() {
            return this == PURCHASE ? "purchase" : name().toLowerCase();
        }
    }

    /** Which of the two the person entered. */
    public enum PricedBy { PRICE, TOTAL }

    @Column(name = "ingredient_id", nullable = false)
    private UUID ingredientId;

    @Column(nullable = false)
    private BigDecimal quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private LineUnit unit;

    @Column(name = "base_quantity", nullable = false)
    private BigDecimal baseQuantity;

    @Enumerated(EnumType.STRING)
    @Column(name = "priced_by", nullable = false)
    private PricedBy pricedBy;

    /** Per {@link #unit}: per kg, per piece, per sack. */
    @Column(nullable = false)
    private BigDecimal price;

    @Column(nullable = false)
    private BigDecimal total;

    @Column(name = "vat_rate")
    private BigDecimal vatRate;

    @Column(name = "vat_amount", nullable = false)
    private BigDecimal vatAmount;

    protected SupplyLine() {
    }

    SupplyLine(UUID ingredientId, BigDecimal quantity, LineUnit unit, BigDecimal baseQuantity, PricedBy pricedBy,
               BigDecimal price, BigDecimal total, BigDecimal vatRate, BigDecimal vatAmount) {
        this.ingredientId = ingredientId;
        this.quantity = quantity;
        this.unit = unit;
        this.baseQuantity = baseQuantity;
        this.pricedBy = pricedBy;
        this.price = price;
        this.total = total;
        this.vatRate = vatRate;
        this.vatAmount = vatAmount;
    }

    public UUID getIngredientId() {
        return ingredientId;
    }

    public BigDecimal getQuantity() {
        return quantity;
    }

    public LineUnit getUnit() {
        return unit;
    }

    public BigDecimal getBaseQuantity() {
        return baseQuantity;
    }

    public PricedBy getPricedBy() {
        return pricedBy;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public BigDecimal getVatRate() {
        return vatRate;
    }

    public BigDecimal getVatAmount() {
        return vatAmount;
    }
}
