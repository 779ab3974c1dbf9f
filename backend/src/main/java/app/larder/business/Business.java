package app.larder.business;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;

/** A customer of Larder: one company with its venues. Its id is the tenant id of all its data. */
@Entity
@Table(name = "business")
public class Business extends TenantOwned {

    @Column(nullable = false)
    private String name;

    /** Fixed at sign-up: every amount the business stores is in this currency. */
    @Column(nullable = false, updatable = false)
    private String currency;

    @Column(nullable = false)
    private String timezone;

    @Column(nullable = false)
    private String locale;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Business() {
    }

    Business(UUID id, String name, Currency currency, ZoneId timezone, Locale locale) {
        super(id);
        this.name = name;
        this.currency = currency.getCurrencyCode();
        this.timezone = timezone.getId();
        this.locale = locale.toLanguageTag();
        this.createdAt = Instant.now();
    }

    void change(String name, ZoneId timezone, Locale locale) {
        this.name = name;
        this.timezone = timezone.getId();
        this.locale = locale.toLanguageTag();
    }

    public String getName() {
        return name;
    }

    public Currency getCurrency() {
        return Currency.getInstance(currency);
    }

    public ZoneId getTimezone() {
        return ZoneId.of(timezone);
    }

    public Locale getLocale() {
        return Locale.forLanguageTag(locale);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
