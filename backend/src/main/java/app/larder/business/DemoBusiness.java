package app.larder.business;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Set;

/**
 * A demo café to log into on a fresh install: an owner, a manager and an accountant. Features that have sample data
 * add it when they hear {@link BusinessSignedUp} with {@code demo} set.
 */
@Service
public class DemoBusiness {

    public static final String OWNER_EMAIL = "owner@demo.larder.app";
    public static final String MANAGER_EMAIL = "manager@demo.larder.app";
    public static final String ACCOUNTANT_EMAIL = "accountant@demo.larder.app";
    public static final String PASSWORD = "larder-demo";
    private static final Logger log = LoggerFactory.getLogger(DemoBusiness.class);

    private final Businesses businesses;
    private final Users users;
    private final Passwords passwords;
    private final TenantDirectory directory;
    private final Repositories.UserRepository userRepository;
    private final TransactionTemplate transaction;

    DemoBusiness(Businesses businesses, Users users, Passwords passwords, TenantDirectory directory,
                 Repositories.UserRepository userRepository, PlatformTransactionManager transactionManager) {
        this.businesses = businesses;
        this.users = users;
        this.passwords = passwords;
        this.directory = directory;
        this.userRepository = userRepository;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Creates the demo business unless its owner exists already. Returns true when it was created now. */
    public boolean ensureExists() {
        if (directory.isTaken(TenantDirectory.emailKey(OWNER_EMAIL))) {
            return false;
        }
        Businesses.SignedUp signedUp = businesses.signUp(new Businesses.NewBusiness("Demo Café", "Olena Demo",
                OWNER_EMAIL, PASSWORD, "UAH", "Europe/Kyiv", "en-GB"), true);
        TenantContext.runAs(new TenantContext.Actor(signedUp.tenantId(), signedUp.ownerId(), "Olena Demo", null),
                () -> transaction.executeWithoutResult(status -> {
                    addStaff(MANAGER_EMAIL, "Marko Manager", Role.MANAGER);
                    addStaff(ACCOUNTANT_EMAIL, "Anna Accountant", Role.ACCOUNTANT);
                }));
        log.info("Created the demo business");
        return true;
    }

    private void addStaff(String email, String name, Role role) {
        Users.Invited invited = users.invite(new Users.Invitation(email, name, role, Set.of()));
        userRepository.findById(invited.user().getId())
                .ifPresent(u -> u.changePassword(passwords.hash(PASSWORD), false));
    }
}
