package app.larder.business;

import app.larder.business.Repositories.BusinessRepository;
import app.larder.business.Repositories.UserRepository;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.security.Accounts;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The people of the current business: invitations, roles, venues, deactivation, passwords, and the look-up that
 * logging in needs. A business always keeps at least one active owner.
 */
@Service
public class Users {

    private final UserRepository users;
    private final BusinessRepository businesses;
    private final Venues venues;
    private final TenantDirectory directory;
    private final Passwords passwords;
    private final AuditLog audit;
    private final TransactionTemplate readOnly;

    Users(UserRepository users, BusinessRepository businesses, Venues venues, TenantDirectory directory,
          Passwords passwords, AuditLog audit, PlatformTransactionManager transactionManager) {
        this.users = users;
        this.businesses = businesses;
        this.venues = venues;
        this.directory = directory;
        this.passwords = passwords;
        this.audit = audit;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** An empty {@code venueIds} means every venue. */
    public record Invitation(String email, String fullName, Role role, Set<UUID> venueIds) {
    }

    public record Invited(AppUser user, String temporaryPassword) {
    }

    public record UserChange(String fullName, Role role, Set<UUID> venueIds) {
    }

    public record UserQuery(String text, Role role, Boolean active) {
    }

    public Optional<Accounts.Login> findLogin(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return directory.find(TenantDirectory.emailKey(email)).flatMap(tenant ->
                TenantContext.callAs(TenantContext.Actor.system(tenant), () -> readOnly.execute(status ->
                        users.findByEmailIgnoreCase(email.trim()).map(u ->
                                new Accounts.Login(tenant, u.getId(), u.getEmail(), u.getPasswordHash(), u.isActive())))));
    }

    /** Loads a signed-in user afresh, in the tenant named; empty when the user no longer exists there. */
    public Optional<CurrentUser> signedIn(UUID tenantId, UUID userId) {
        return TenantContext.callAs(TenantContext.Actor.system(tenantId), () -> readOnly.execute(status ->
                users.findById(userId).flatMap(u -> businesses.findById(tenantId).map(b ->
                        new CurrentUser(tenantId, u.getId(), u.getEmail(), u.getFullName(), u.getRole().name(),
                                u.isActive(), u.venueScope(), u.isMustChangePassword(), b.getName(),
                                b.getCurrency(), b.getTimezone(), b.getLocale())))));
    }

    @Transactional(readOnly = true)
    public Page<AppUser> search(UserQuery query, Pageable page) {
        Specification<AppUser> spec = (r, q, cb) -> cb.conjunction();
        if (query.text() != null && !query.text().isBlank()) {
            String like = Likes.contains(query.text());
            spec = spec.and((r, q, cb) -> cb.or(cb.like(cb.lower(r.get("email")), like, '\\'),
                    cb.like(cb.lower(r.get("fullName")), like, '\\')));
        }
        if (query.role() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("role"), query.role()));
        }
        if (query.active() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("active"), query.active()));
        }
        return users.findAll(spec, page);
    }

    @Transactional(readOnly = true)
    public AppUser get(UUID id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    @Transactional
    public Invited invite(Invitation invitation) {
        String email = invitation.email().trim();
        if (directory.isTaken(TenantDirectory.emailKey(email))) {
            throw new RuleViolation("email", "user.emailTaken");
        }
        Set<UUID> venueIds = checkedVenues(invitation.venueIds());
        String temporary = passwords.temporary();
        AppUser user = users.save(new AppUser(Ids.next(), email, invitation.fullName(), passwords.hash(temporary),
                requireRole(invitation.role()), venueIds, true));
        directory.register(TenantDirectory.emailKey(email), TenantContext.requireTenant());
        audit.record("invited", "user", user.getId(), "Invited " + email + " as " + user.getRole()
                + venuesText(user));
        return new Invited(user, temporary);
    }

    @Transactional
    public AppUser change(UUID id, UserChange change) {
        AppUser user = get(id);
        Role role = requireRole(change.role());
        if (user.getRole() == Role.OWNER && role != Role.OWNER && user.isActive()) {
            requireAnotherOwner();
        }
        String before = user.getFullName() + ", " + user.getRole() + venuesText(user);
        if (change.fullName() != null && !change.fullName().isBlank()) {
            user.rename(change.fullName());
        }
        user.assign(role, checkedVenues(change.venueIds()));
        audit.record("updated", "user", id, user.getEmail() + ": " + before + " → " + user.getFullName() + ", "
                + user.getRole() + venuesText(user));
        return user;
    }

    @Transactional
    public AppUser deactivate(UUID id) {
        AppUser user = get(id);
        if (user.isActive()) {
            if (user.getRole() == Role.OWNER) {
                requireAnotherOwner();
            }
            user.deactivate();
            audit.record("deactivated", "user", id, user.getEmail() + " deactivated");
        }
        return user;
    }

    @Transactional
    public AppUser activate(UUID id) {
        AppUser user = get(id);
        if (!user.isActive()) {
            user.activate();
            audit.record("activated", "user", id, user.getEmail() + " activated");
        }
        return user;
    }

    /** The signed-in user changes their own password, proving they know the current one. */
    @Transactional
    public void changePassword(UUID userId, String currentPassword, String newPassword) {
        AppUser user = get(userId);
        if (!passwords.matches(currentPassword, user.getPasswordHash())) {
            throw new RuleViolation("currentPassword", "password.currentWrong");
        }
        passwords.checkPolicy("newPassword", newPassword);
        user.changePassword(passwords.hash(newPassword), false);
        audit.record("password-changed", "user", userId, user.getEmail() + " changed their password");
    }

    private void requireAnotherOwner() {
        if (users.countActiveOwners() <= 1) {
            throw new RuleViolation("role", "user.lastOwner");
        }
    }

    private Set<UUID> checkedVenues(Set<UUID> venueIds) {
        Set<UUID> ids = venueIds == null ? Set.of() : Set.copyOf(venueIds);
        if (!venues.allExist(ids)) {
            throw new RuleViolation("venueIds", "user.unknownVenue");
        }
        return ids;
    }

    private static Role requireRole(Role role) {
        if (role == null) {
            throw new RuleViolation("role", "validation.required");
        }
        return role;
    }

    private static String venuesText(AppUser user) {
        return user.isAllVenues() ? ", all venues" : ", venues " + user.getVenueIds();
    }
}
