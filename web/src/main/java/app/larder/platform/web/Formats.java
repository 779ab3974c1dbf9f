package app.larder.platform.web;

import app.larder.platform.security.CurrentUser;
import app.larder.shared.Money;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * Dates and money as the business reads them: in its time zone and locale. Templates call it as {@code @fmt}.
 */
@Component("fmt")
public class Formats {

    public String dateTime(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).withZone(zone()).format(instant);
    }

    /**
     * A wall-clock time already in the right zone (a receipt's closing in its own venue's zone, which may not be the
     * business's), in the user's locale.
     */
    public String localDateTime(java.time.LocalDateTime time) {
        return time == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).format(time);
    }

    /** A calendar day (an opening date, a report's period) in the user's locale. */
    public String day(java.time.LocalDate day) {
        return day == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(LocaleContextHolder.getLocale()).format(day);
    }

    public String date(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(LocaleContextHolder.getLocale()).withZone(zone()).format(instant);
    }

    /**
     * Rounded to the currency's minor unit here, at display, and nowhere earlier. Where the page's language has no
     * symbol of its own for the currency, the code follows the number ("45.50 UAH", not "UAH45.50").
     */
    public String money(Money money) {
        if (money == null) {
            return "";
        }
        java.util.Locale locale = LocaleContextHolder.getLocale();
        java.util.Currency currency = money.currency();
        NumberFormat format;
        boolean codeOnly = currency.getSymbol(locale).equals(currency.getCurrencyCode());
        if (codeOnly) {
            format = NumberFormat.getNumberInstance(locale);
            format.setMinimumFractionDigits(currency.getDefaultFractionDigits());
            format.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        } else {
            format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(currency);
        }
        format.setRoundingMode(Money.ROUNDING);
        String number = format.format(money.rounded().amount());
        return codeOnly ? number + "\u00a0" + currency.getCurrencyCode() : number;
    }

    /** An amount in the signed-in business's currency, rounded for display. */
    public String amount(java.math.BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        return money(new Money(amount, currentUser() == null ? java.util.Currency.getInstance("EUR")
                : currentUser().currency()));
    }

    /** A percentage with one decimal, half-up, in the page's locale. */
    public String percent(java.math.BigDecimal value) {
        if (value == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(LocaleContextHolder.getLocale());
        format.setMinimumFractionDigits(1);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(value) + " %";
    }

    /** A quantity without trailing zeros, in the page's locale. */
    public String quantity(java.math.BigDecimal value) {
        if (value == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(LocaleContextHolder.getLocale());
        format.setMaximumFractionDigits(6);
        return format.format(value);
    }

    private static CurrentUser currentUser() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes != null && attributes.getAttribute(CurrentUserFilter.ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST) instanceof CurrentUser user ? user : null;
    }

    public ZoneId zone() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null && attributes.getAttribute(CurrentUserFilter.ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST) instanceof CurrentUser user) {
            return user.timezone();
        }
        return ZoneId.of("UTC");
    }
}
