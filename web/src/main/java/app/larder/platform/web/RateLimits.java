package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The limits on what a client address may try per hour: sign-ups, and password checks. */
@Component
public class RateLimits {

    private final RateLimiter signups;
    private final RateLimiter logins;

    RateLimits(@Value("${larder.rate-limit.signups-per-hour}") long signupsPerHour,
               @Value("${larder.rate-limit.logins-per-hour}") long loginsPerHour) {
        this.signups = new RateLimiter(signupsPerHour);
        this.logins = new RateLimiter(loginsPerHour);
    }

    public void checkSignup(HttpServletRequest request) {
        if (!signups.tryAcquire(request.getRemoteAddr())) {
            throw new TooManyRequests();
        }
    }

    public boolean allowLogin(HttpServletRequest request) {
        return logins.tryAcquire(request.getRemoteAddr());
    }

    /** Answered with 429 and a message to try later. */
    public static class TooManyRequests extends RuleViolation {
        public TooManyRequests() {
            super(null, "error.tooManyRequests");
        }
    }
}
