package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import app.larder.shared.Money;
import app.larder.shared.Unit;

import java.math.BigDecimal;

/** Decimal strings for the API, as the contract wants them: exact, no exponent, no trailing zeros. */
public final class Decimals {

    private Decimals() {
    }

    public static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /**
     * Money as the POS contract shows it: at least the currency's minor unit ("65.00"), more digits only where the
     * amount has them; never rounded here.
     */
    public static String money(BigDecimal value, java.util.Currency currency) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int minor = Money.minorDigits(currency);
        return (stripped.scale() < minor ? stripped.setScale(minor) : stripped).toPlainString();
    }

    /** A unit symbol from a request (kg, g, l, ml, pcs), or a clear 4xx naming the field. */
    public static Unit unit(String field, String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new RuleViolation(field, "validation.required");
        }
        try {
            return Unit.parse(symbol);
        } catch (IllegalArgumentException e) {
            throw new RuleViolation(field, "validation.unit");
        }
    }
}
