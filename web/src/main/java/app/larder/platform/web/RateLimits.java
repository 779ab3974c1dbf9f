package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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
        this.devices = new RateLimiter(deviceRequestsPerMinute, java.time.Duration.ofMinutes(1), true);
    }

    /** Pairing codes are guessed by trying: a few tries per address and hour are all a person needs. */
    public boolean allowPairing(HttpServletRequest request) {
        return pairings.tryAcquire(request.getRemoteAddr());
    }

    /** Each paired terminal has its own allowance, so one looping terminal cannot starve the others. */
    public boolean allowDevice(java.util.UUID deviceId) {
        return devices.tryAcquire(deviceId.toString());
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
