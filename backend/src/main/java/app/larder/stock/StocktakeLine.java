package app.larder.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/**
 * The count of one item of a stocktake, in base units (g, ml, pcs). {@code expected} is the ledger's level at the
 * moment of the count as it stood when the stocktake was posted: null while it is a draft.
 */
@Embeddable
public class StocktakeLine {

    @Column(nullable = false)
    private BigDecimal counted;

    private BigDecimal expected;

    protected StocktakeLine() {
    }

    StocktakeLine(BigDecimal counted) {
        this.counted = counted;
    }

    void recount(BigDecimal counted) {
        this.counted = counted;
    }

    void expect(BigDecimal expected) {
        this.expected = expected;
    }

    public BigDecimal getCounted() {
        return counted;
    }

    public BigDecimal getExpected() {
        return expected;
    }
}
