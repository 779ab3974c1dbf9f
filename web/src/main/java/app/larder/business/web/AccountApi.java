package app.larder.business.web;

import app.larder.platform.security.CurrentUser;
import app.larder.business.ApiTokens;
import app.larder.business.Businesses;
import app.larder.business.Users;
import app.larder.platform.security.Accounts;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.web.RateLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Sign-up, API tokens, and who the token belongs to. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Account", description = "Sign-up, API tokens, the current user")
class AccountApi {


    private final Businesses businesses;
    private final Users users;
    private final ApiTokens tokens;
    private final PasswordEncoder encoder;
    private final RateLimits limits;
    /** Compared against when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password. */
    private final String unknownUserHash;

    AccountApi(Businesses businesses, Users users, ApiTokens tokens, PasswordEncoder encoder, RateLimits limits) {
        this.businesses = businesses;
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.limits = limits;
        this.unknownUserHash = encoder.encode(UUID.randomUUID().toString());
    }

    record SignUpRequest(@NotBlank @Size(max = 200) String businessName,
                         @Size(max = 200) String ownerName,
                         @NotBlank @Email @Size(max = 320) String email,
                         @NotBlank @Size(max = 200) String password,
                         @NotBlank String currency,
                         @NotBlank String timezone,
                         @NotBlank String locale) {
    }

    record SignUpResponse(UUID businessId, UUID ownerId, UUID venueId, UUID storageId) {
    }

    record TokenRequest(@NotBlank @Email String email, @NotBlank String password, @Size(max = 100) String name) {
    }

    record TokenResponse(UUID id, String name, String token, Instant createdAt) {
    }

    record TokenSummary(UUID id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    record Me(UUID id, String email, String fullName, String role, Set<UUID> venueIds, UUID businessId,
              String businessName, String currency, String timezone, String locale) {
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(summary = "Sign up a business with its owner, first venue and main storage")
    SignUpResponse signUp(@Valid @RequestBody SignUpRequest request, HttpServletRequest http) {
        limits.checkSignup(http);
        Businesses.SignedUp done = businesses.signUp(new Businesses.NewBusiness(request.businessName(),
                request.ownerName(), request.email(), request.password(), request.currency(), request.timezone(),
                request.locale()));
        return new SignUpResponse(done.tenantId(), done.ownerId(), done.venueId(), done.storageId());
    }

    @PostMapping("/auth/tokens")
    @SecurityRequirements
    @Operation(summary = "Get a personal API token with e-mail and password; the token is shown only here, once")
    ResponseEntity<?> issueToken(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
        limits.checkLogin(http);
        Optional<Accounts.Login> login = users.findLogin(request.email());
        boolean matches = encoder.matches(request.password(), login.map(Accounts.Login::passwordHash)
                .orElse(unknownUserHash));
        if (login.isEmpty() || !matches || !login.get().active()) {
            limits.loginFailed(http.getRemoteAddr());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "Invalid e-mail or password.");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        Accounts.Login user = login.get();
        ApiTokens.IssuedToken issued = TenantContext.callAs(
                new TenantContext.Actor(user.tenantId(), user.userId(), user.email(), null),
                () -> tokens.issue(user.userId(), request.name()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new TokenResponse(issued.id(), issued.name(), issued.token(), issued.createdAt()));
    }

    @GetMapping("/auth/tokens")
    @Operation(summary = "The current user's tokens (never the tokens themselves)")
    List<TokenSummary> myTokens(CurrentUser me) {
        return tokens.ofUser(me.userId()).stream().map(t ->
                new TokenSummary(t.getId(), t.getName(), t.getCreatedAt(), t.getLastUsedAt(), t.getRevokedAt()))
                .toList();
    }

    @DeleteMapping("/auth/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of the current user's tokens")
    void revoke(@PathVariable UUID id, CurrentUser me) {
        tokens.revoke(me.userId(), id);
    }

    @GetMapping("/me")
    @Operation(summary = "The user the token belongs to, and their business")
    Me me(CurrentUser me) {
        return new Me(me.userId(), me.email(), me.fullName(), me.role(),
                me.venueScope() == null ? Set.of() : me.venueScope(), me.tenantId(), me.businessName(),
                me.currency().getCurrencyCode(), me.timezone().getId(), me.locale().toLanguageTag());
    }
}
