package app.larder.menu.web;

import java.math.BigDecimal;

/** Stored numbers as a person would type them back into a form: 1 rather than 1.000000, 65.00 rather than 65.0000. */
final class FormValues {

    private FormValues() {
    }

    /** Without trailing zeros, and never 1E+3. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** An amount with at least two decimals, every digit entered kept: 65.00, 0.125. */
    static BigDecimal amount(BigDecimal value) {
        BigDecimal stripped = plain(value);
        return stripped == null || stripped.scale() >= 2 ? stripped : stripped.setScale(2);
    }
}
