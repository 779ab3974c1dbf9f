package app.larder.business;

import app.larder.platform.security.Accounts;
import app.larder.platform.security.CurrentUser;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** The users and tokens of businesses, as authentication asks for them. */
@Component
class UserAccounts implements Accounts {

    private final Users users;
    private final ApiTokens tokens;

    UserAccounts(Users users, ApiTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public Optional<Login> findLogin(String email) {
        return users.findLogin(email);
    }

    @Override
    public Optional<CurrentUser> signedIn(UUID tenantId, UUID userId) {
        return users.signedIn(tenantId, userId);
    }

    @Override
    public Optional<TokenHolder> authenticateToken(String token) {
        return tokens.authenticate(token);
    }
}
