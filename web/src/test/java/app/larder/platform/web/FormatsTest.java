package app.larder.platform.web;

import app.larder.shared.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Money as a person reads it: rounded half-up to the currency's minor unit, in the business's locale. */
class FormatsTest {

    private final Formats formats = new Formats();

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void roundsHalfUpOnceAtDisplay() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("en-GB"));
        assertThat(formats.money(Money.of("21.665", "EUR"))).isEqualTo("€21.67");
        assertThat(formats.money(Money.of("21.664999", "EUR"))).isEqualTo("€21.66");
        assertThat(formats.money(Money.of("1234.5", "EUR"))).isEqualTo("€1,234.50");
    }

    @Test
    void putsTheCodeAfterTheNumberWhereTheLanguageHasNoSymbol() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("en-GB"));
        assertThat(formats.money(Money.of("45.5", "UAH"))).isEqualTo("45.50\u00a0UAH");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("uk-UA"));
        assertThat(formats.money(Money.of("45.5", "UAH"))).isEqualTo("45,50\u00a0₴");
    }

    @Test
    void percentagesHaveOneDecimal() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("en-GB"));
        assertThat(formats.percent(new BigDecimal("33.2307"))).isEqualTo("33.2 %");
        assertThat(formats.percent(new BigDecimal("200.925"))).isEqualTo("200.9 %");
    }
}
