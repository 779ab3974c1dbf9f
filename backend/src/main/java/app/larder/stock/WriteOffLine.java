package app.larder.stock;

import app.larder.platform.RuleViolation;
import app.larder.stock.StockQuantities.EnteredUnit;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;

/**
 * One line of a write-off: an ingredient, the quantity as entered and in base units, and why it left, with an
 * optional note.
 */
@Embeddable
public class WriteOffLine {

    /** Why stock left without a sale. */
    public enum Reason {
        SPOILED, STAFF_MEAL, BREAKAGE, TASTING, OTHER;

        /** A reason from a request, in any case; refused under {@code field} when missing or unknown. */
        public static Reason parse(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new RuleViolation(field, "validation.required");
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuleViolation(field, "writeOff.unknownReason");
            }
        }
    }

    @Column(name = "ingredient_id", nullable = false)
    private UUID ingredientId;

    @Column(nullable = false)
    private BigDecimal quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EnteredUnit unit;

    @Column(name = "base_quantity", nullable = false)
    private BigDecimal baseQuantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Reason reason;

    private String note;

    protected WriteOffLine() {
    }

    WriteOffLine(UUID ingredientId, BigDecimal quantity, EnteredUnit unit, BigDecimal baseQuantity, Reason reason,
                 String note) {
        this.ingredientId = ingredientId;
        this.quantity = quantity;
        this.unit = unit;
        this.baseQuantity = baseQuantity;
        this.reason = reason;
        this.note = note;
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

    public Reason getReason() {
        return reason;
    }

    public String getNote() {
        return note;
    }
}
