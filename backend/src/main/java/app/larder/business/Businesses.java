package app.larder.business;

import app.larder.business.Repositories.BusinessRepository;
import app.larder.business.Repositories.StorageRepository;
import app.larder.business.Repositories.UserRepository;
import app.larder.business.Repositories.VenueRepository;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Signs up new businesses and keeps the current business's settings. */
@Service
public class Businesses {

    /** The languages Larder's pages speak or are about to. */
    public static final Set<String> LANGUAGES = Set.of("en", "uk", "ru");

    private final BusinessRepository businesses;
    private final VenueRepository venues;
    private final StorageRepository storages;
    private final UserRepository users;
    private final TenantDirectory directory;
    private final Passwords passwords;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    Businesses(BusinessRepository businesses, VenueRepository venues, StorageRepository storages,
               UserRepository users, TenantDirectory directory, Passwords passwords, AuditLog audit,
               ApplicationEventPublisher events, PlatformTransactionManager transactionManager) {
        this.businesses = businesses;
        this.venues = venues;
        this.storages = storages;
        this.users = users;
        this.directory = directory;
        this.passwords = passwords;
        this.audit = audit;
        this.events = events;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** What sign-up asks for. Shape (blank, length, e-mail form) is checked at the edge; the rules here. */
    public record NewBusiness(String businessName, String ownerName, String email, String password,
                              String currency, String timezone, String locale) {
    }

    public record SignedUp(UUID tenantId, UUID ownerId, UUID venueId, UUID storageId) {
    }

    public SignedUp signUp(NewBusiness request) {
        return signUp(request, false);
    }

    /** Creates the business, its owner, a first venue and its main storage, all in one transaction. */
    SignedUp signUp(NewBusiness request, boolean demo) {
        Currency currency = currency(request.currency());
        ZoneId zone = zone("timezone", request.timezone());
        Locale locale = locale(request.locale());
        passwords.checkPolicy("password", request.password());
        String email = request.email().trim();
        if (directory.isTaken(TenantDirectory.emailKey(email))) {
            throw new RuleViolation("email", "signup.emailTaken");
        }
        UUID tenantId = Ids.next();
        UUID ownerId = Ids.next();
        String ownerName = request.ownerName() == null || request.ownerName().isBlank()
                ? email.substring(0, Math.max(1, email.indexOf('@'))) : request.ownerName().trim();
        TenantContext.Actor owner = new TenantContext.Actor(tenantId, ownerId, ownerName, null);
        return TenantContext.callAs(owner, () -> transaction.execute(status -> {
            Business business = new Business(tenantId, request.businessName().trim(), currency, zone, locale);
            businesses.save(business);
            Venue venue = new Venue(Ids.next(), request.businessName().trim(), null, zone);
            venues.save(venue);
            Storage storage = new Storage(Ids.next(), venue.getId(), Storages.MAIN_STORAGE);
            storages.save(storage);
            users.save(new AppUser(ownerId, email, ownerName, passwords.hash(request.password()), Role.OWNER,
                    null, false));
            directory.register(TenantDirectory.emailKey(email), tenantId);
            audit.record("signed-up", "business", tenantId, "Business \"" + business.getName() + "\" signed up by "
                    + email);
            events.publishEvent(new BusinessSignedUp(tenantId, ownerId, venue.getId(), storage.getId(), demo));
            return new SignedUp(tenantId, ownerId, venue.getId(), storage.getId());
        }));
    }

    @Transactional(readOnly = true)
    public Business current() {
        UUID tenant = TenantContext.requireTenant();
        return businesses.findById(tenant).orElseThrow(() -> new NotFoundException("business", tenant));
    }

    @Transactional
    public Business changeSettings(String name, String timezone, String locale) {
        Business business = current();
        ZoneId zone = zone("timezone", timezone);
        Locale parsed = locale(locale);
        String before = business.getName() + ", " + business.getTimezone() + ", " + business.getLocale();
        business.change(name.trim(), zone, parsed);
        audit.record("updated", "business", business.getId(),
                "Settings " + before + " → " + name.trim() + ", " + zone + ", " + parsed);
        return business;
    }

    static Currency currency(String code) {
        try {
            if (code == null || !code.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException();
            }
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("currency", "validation.currency");
        }
    }

    static ZoneId zone(String field, String id) {
        try {
            if (id == null || !id.contains("/")) {
                throw new DateTimeException(id);
            }
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new RuleViolation(field, "validation.timezone");
        }
    }

    static Locale locale(String tag) {
        Locale locale = tag == null ? Locale.ROOT : Locale.forLanguageTag(tag.replace('_', '-'));
        if (!LANGUAGES.contains(locale.getLanguage())) {
            throw new RuleViolation("locale", "validation.locale");
        }
        return locale;
    }
}
