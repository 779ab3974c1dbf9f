package app.larder.platform.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Attempts per client (an address, a device) per period, refilled gradually. Kept in memory: one instance of the application sees
 * its own share of the traffic, which is enough to stop a script hammering sign-up or passwords.
 */
final class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final long capacity;
    private final Duration period;
    private final boolean intervally;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(long perHour) {
        this(perHour, Duration.ofHours(1));
    }

    RateLimiter(long capacity, Duration period) {
        this(capacity, period, false);
    }

    /**
     * {@code intervally}: the whole allowance comes back at the end of each period rather than bit by bit, so a
     * client that spent it waits out the period (what the Retry-After of a device's 429 says).
     */
    RateLimiter(long capacity, Duration period, boolean intervally) {
        this.capacity = capacity;
        this.period = period;
        this.intervally = intervally;
    }

    /** How long until the client may try again, without taking an attempt: zero while some allowance is left. */
    Duration waitWithoutTaking(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            return Duration.ZERO;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Duration.ZERO
                : Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }

    boolean tryAcquire(String client) {
        return acquire(client).isZero();
    }

    /** Takes one attempt of the client's allowance: zero when it was there, else how long until the next one. */
    Duration acquire(String client) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(client, k -> Bucket.builder()
                .addLimit(intervally
                        ? Bandwidth.builder().capacity(capacity).refillIntervally(capacity, period).build()
                        : Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
                .build()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }
}
