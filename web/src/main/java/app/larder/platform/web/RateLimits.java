package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** The limits on what a client may try: sign-ups, password checks and pairings per address; calls per device. */
@Component
public class RateLimits {

    private final RateLimiter signups;
    private final RateLimiter logins;
    private final RateLimiter pairings;
    private final RateLimiter devices;

    RateLimits(@Value("${larder.rate-limit.signups-per-hour}") long signupsPerHour,
               @Value("${larder.rate-limit.logins-per-hour}") long loginsPerHour,
               @Value("${larder.rate-limit.pairings-per-hour:30}") long pairingsPerHour,
               @Value("${larder.rate-limit.device-requests-per-minute:6000}") long deviceRequestsPerMinute) {
        this.signups = new RateLimiter(signupsPerHour);
        this.logins = new RateLimiter(loginsPerHour);
        this.pairings = new RateLimiter(pairingsPerHour);
        this.devices = new RateLimiter(deviceRequestsPerMinute, Duration.ofMinutes(1), true);
    }

    /** Pairing codes are guessed by trying: a few tries per address and hour are all a person needs. */
    public void checkPairing(HttpServletRequest request) {
        check(pairings, request);
    }

    /** Each paired terminal has its own allowance, so one looping terminal cannot starve the others. */
    public boolean allowDevice(java.util.UUID deviceId) {
        return devices.tryAcquire(deviceId.toString());
    }

    public void checkSignup(HttpServletRequest request) {
        check(signups, request);
    }

    /**
     * The login form's check, which answers with a page of its own. Only wrong passwords spend the allowance
     * ({@link #loginFailed}): staff signing in all day behind one address are not guessing.
     */
    public boolean allowLogin(HttpServletRequest request) {
        return logins.waitWithoutTaking(request.getRemoteAddr()).isZero();
    }

    /** The API's password check (a token for e-mail and password), before the password is checked. */
    public void checkLogin(HttpServletRequest request) {
        Duration wait = logins.waitWithoutTaking(request.getRemoteAddr());
        if (!wait.isZero()) {
            throw new TooManyRequests(wait);
        }
    }

    /** A wrong e-mail or password from this address: one attempt of its allowance spent. */
    public void loginFailed(String address) {
        logins.acquire(address);
    }

    /** The login form's failures, as Spring Security publishes them. */
    @EventListener
    void onLoginFailure(AbstractAuthenticationFailureEvent failure) {
        if (failure.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            loginFailed(details.getRemoteAddress());
        }
    }

    private static void check(RateLimiter limiter, HttpServletRequest request) {
        Duration wait = limiter.acquire(request.getRemoteAddr());
        if (!wait.isZero()) {
            throw new TooManyRequests(wait);
        }
    }

    /** Answered with 429, a message to try later and, in the API, a Retry-After of the seconds until the next try. */
    public static class TooManyRequests extends RuleViolation {

        private final long retryAfterSeconds;

        public TooManyRequests(Duration wait) {
            super(null, "error.tooManyRequests");
            this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
