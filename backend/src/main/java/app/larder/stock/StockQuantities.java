package app.larder.stock;

import app.larder.platform.RuleViolation;
import app.larder.shared.Unit;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Quantities of an ingredient as people enter them on documents: in a unit of its dimension (g, kg, ml, l, pcs) or
 * in its purchase unit (a 5 kg sack), converted exactly into base units (g, ml, pcs), as the ledger keeps them.
 * Nothing is rounded: a quantity that does not fit six decimals in base units is refused instead.
 */
public final class StockQuantities {

    /** Decimals of a quantity in base units, as the columns keep them. */
    public static final int BASE_SCALE = 6;

    private StockQuantities() {
    }

    /** What a quantity was entered in: a unit of the ingredient's dimension, or its purchase unit. */
    public enum EnteredUnit {
        G, KG, ML, L, PCS, PURCHASE;

        /** The unit of measure, or null for the purchase unit, whose size the ingredient declares. */
        public Unit unit() {
            return this == PURCHASE ? null : Unit.valueOf(name());
        }

        public String symbol() {
            return this == PURCHASE ? "purchase" : name().toLowerCase(Locale.ROOT);
        }

        public static EnteredUnit of(Unit unit) {
            return valueOf(unit.name());
        }

        /**
         * A unit from a request: g, kg, ml, l, pcs or purchase, in any case; null or blank gives null (the base unit).
         * Anything else is refused under {@code field}.
         */
        public static EnteredUnit parse(String field, String symbol) {
            if (symbol == null || symbol.isBlank()) {
                return null;
            }
            try {
                return valueOf(symbol.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuleViolation(field, "stock.quantity.unknownUnit");
            }
        }
    }

    /**
     * {@code quantity} of {@code ingredient} in {@code unit} (null: its base unit), in base units. Refuses, under
     * {@code quantityField} or {@code unitField}: no quantity, zero or less, too large, more precise than the ledger
     * keeps, a unit of another dimension, the purchase unit of an ingredient that has none.
     */
    public static BigDecimal toBase(Ingredient ingredient, BigDecimal quantity, EnteredUnit unit,
                                    String quantityField, String unitField) {
        if (quantity == null) {
            throw new RuleViolation(quantityField, "validation.required");
        }
        if (quantity.signum() <= 0) {
            throw new RuleViolation(quantityField, "validation.positive");
        }
        if (quantity.compareTo(StockLedger.MAX_QUANTITY) >= 0) {
            throw new RuleViolation(quantityField, "validation.tooLarge");
        }
        BigDecimal base;
        if (unit == EnteredUnit.PURCHASE) {
            if (ingredient.getPurchaseUnitSize() == null) {
                throw new RuleViolation(unitField, "stock.quantity.noPurchaseUnit", ingredient.getName());
            }
            base = quantity.multiply(ingredient.getPurchaseUnitSize());
        } else {
            Unit of = unit == null ? ingredient.getDimension().base() : unit.unit();
            if (of.dimension() != ingredient.getDimension()) {
                throw new RuleViolation(unitField, "stock.quantity.otherDimension", ingredient.getName(),
                        ingredient.getDimension().base().symbol(), ingredient.getStockUnit().symbol());
            }
            base = quantity.multiply(of.baseUnits());
        }
        if (base.compareTo(StockLedger.MAX_QUANTITY) >= 0) {
            throw new RuleViolation(quantityField, "validation.tooLarge");
        }
        if (scale(quantity) > BASE_SCALE || scale(base) > BASE_SCALE) {
            throw new RuleViolation(quantityField, "stock.quantity.tooPrecise", BASE_SCALE);
        }
        return plain(base);
    }

    /** As a person would type it: 1.5 rather than 1.500000, and never 1E+3. */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static int scale(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }
}
