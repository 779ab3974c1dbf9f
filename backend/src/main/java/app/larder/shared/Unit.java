package app.larder.shared;

import java.math.BigDecimal;

/**
 * Units a quantity is written in. Each belongs to a dimension and converts exactly to that dimension's base unit
 * (g, ml, pcs), in which quantities are stored. Crossing dimensions (pieces of egg to grams) needs a factor the item
 * declares, never this enum.
 */
public enum Unit {
    G(Dimension.MASS, BigDecimal.ONE),
    KG(Dimension.MASS, BigDecimal.valueOf(1000)),
    ML(Dimension.VOLUME, BigDecimal.ONE),
    L(Dimension.VOLUME, BigDecimal.valueOf(1000)),
    PCS(Dimension.COUNT, BigDecimal.ONE);

    /** What a unit measures. */
    public enum Dimension {
        MASS, VOLUME, COUNT;

        /** The unit quantities of this dimension are stored in. */
        public Unit base() {
            return switch (this) {
                case MASS -> G;
                case VOLUME -> ML;
                case COUNT -> PCS;
            };
        }

        /** The unit stock is counted and priced in: kg, l, pcs. */
        public Unit stockUnit() {
            return switch (this) {
                case MASS -> KG;
                case VOLUME -> L;
                case COUNT -> PCS;
            };
        }
    }

    private final Dimension dimension;
    private final BigDecimal baseUnits;

    Unit(Dimension dimension, BigDecimal baseUnits) {
        this.dimension = dimension;
        this.baseUnits = baseUnits;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** How many base units one of this unit is: 1000 for kg and l, 1 for g, ml and pcs. */
    public BigDecimal baseUnits() {
        return baseUnits;
    }

    public String symbol() {
        return name().toLowerCase();
    }

    public static Unit parse(String symbol) {
        try {
            return Unit.valueOf(symbol.trim().toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown unit: " + symbol);
        }
    }
}
