package app.larder.business;

import app.larder.business.Repositories.ApiTokenRepository;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.security.Accounts;
import app.larder.platform.security.SecretHashes;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Personal API tokens: 256 random bits, shown once, stored as a SHA-256 hash (a slow hash buys nothing for a
 * random secret of that size, and every API call checks one). A token acts with its user's current role.
 */
@Service
public class ApiTokens {

    static final String PREFIX = "lrd_";
    static final String DIRECTORY_KIND = "api-token";
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final TenantDirectory directory;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    ApiTokens(ApiTokenRepository tokens, TenantDirectory directory, AuditLog audit,
              PlatformTransactionManager transactionManager) {
        this.tokens = tokens;
        this.directory = directory;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    public record IssuedToken(UUID id, String name, String token, Instant createdAt) {
    }

    @Transactional
    public IssuedToken issue(UUID userId, String name) {
        String trimmed = name == null || name.isBlank() ? "API token" : name.trim();
        if (trimmed.length() > 100) {
            throw new RuleViolation("name", "validation.tooLong", 100);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = hash(token);
        ApiToken saved = tokens.save(new ApiToken(Ids.next(), userId, trimmed, hash));
        directory.register(TenantDirectory.tokenKey(DIRECTORY_KIND, hash), TenantContext.requireTenant());
        audit.record("issued", "api-token", saved.getId(), "API token \"" + trimmed + "\" issued");
        return new IssuedToken(saved.getId(), trimmed, token, saved.getCreatedAt());
    }

    /** The tenant and user behind a token, if it is one of ours and not revoked. */
    public Optional<Accounts.TokenHolder> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        return directory.find(TenantDirectory.tokenKey(DIRECTORY_KIND, hash)).flatMap(tenant ->
                TenantContext.callAs(TenantContext.Actor.system(tenant), () -> transaction.execute(status ->
                        tokens.findByTokenHash(hash).filter(t -> !t.isRevoked()).map(t -> {
                            Instant now = Instant.now();
                            if (t.getLastUsedAt() == null
                                    || t.getLastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
                                t.used(now);
                            }
                            return new Accounts.TokenHolder(tenant, t.getUserId());
                        }))));
    }

    @Transactional(readOnly = true)
    public List<ApiToken> ofUser(UUID userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId);
    }

    /** A user revokes one of their own tokens; someone else's is not found. */
    @Transactional
    public void revoke(UUID userId, UUID tokenId) {
        ApiToken token = tokens.findById(tokenId).filter(t -> t.getUserId().equals(userId))
                .orElseThrow(() -> new NotFoundException("api-token", tokenId));
        if (!token.isRevoked()) {
            token.revoke();
            directory.remove(TenantDirectory.tokenKey(DIRECTORY_KIND, token.getTokenHash()));
            audit.record("revoked", "api-token", tokenId, "API token \"" + token.getName() + "\" revoked");
        }
    }

    static String hash(String token) {
        return SecretHashes.sha256(token);
    }
}
