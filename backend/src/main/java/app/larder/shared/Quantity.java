package app.larder.shared;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount in a unit. Conversions within a dimension are exact (1 kg = 1000 g); across dimensions only
 * through {@link #toBase(BigDecimal)} with a factor the item declares.
 */
public record Quantity(BigDecimal value, Unit unit) {

    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
    }

    public static Quantity of(String value, Unit unit) {
        return new Quantity(new BigDecimal(value), unit);
    }

    /** The same amount in its dimension's base unit (g, ml, pcs). */
    public Quantity toBase() {
        return new Quantity(value.multiply(unit.baseUnits()), unit.dimension().base());
    }

    /**
     * This amount in the base unit of {@code target}, crossing between pieces and mass or volume with
     * {@code baseUnitsPerPiece} (grams or millilitres in one piece). Throws when the dimensions differ and no
     * factor is given.
     */
    public BigDecimal inBaseOf(Unit.Dimension target, BigDecimal baseUnitsPerPiece) {
        Quantity base = toBase();
        Unit.Dimension from = unit.dimension();
        if (from == target) {
            return base.value();
        }
        if (baseUnitsPerPiece == null || baseUnitsPerPiece.signum() <= 0) {
            throw new IncompatibleUnits(unit, target);
        }
        if (from == Unit.Dimension.COUNT) {
            return base.value().multiply(baseUnitsPerPiece);
        }
        if (target == Unit.Dimension.COUNT) {
            return base.value().divide(baseUnitsPerPiece, java.math.MathContext.DECIMAL128);
        }
        throw new IncompatibleUnits(unit, target);
    }

    public boolean isPositive() {
        return value.signum() > 0;
    }

    /** Two units that cannot be converted into each other without a declared factor. */
    public static class IncompatibleUnits extends RuntimeException {
        public IncompatibleUnits(Unit from, Unit.Dimension to) {
            super("Cannot convert " + from.symbol() + " to " + to.base().symbol());
        }
    }
}
