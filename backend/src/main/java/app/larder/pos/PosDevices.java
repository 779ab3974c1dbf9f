package app.larder.pos;

import app.larder.business.Businesses;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.security.Devices;
import app.larder.platform.security.SecretHashes;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POS devices of the current business: created for a venue with a one-time pairing code, paired by the terminal
 * for a device token, revoked by a manager. Codes and tokens are random and stored as SHA-256 hashes; the tenant
 * directory finds the business behind a code or a token before any tenant is known.
 */
@Service
public class PosDevices implements Devices {

    /** Long enough to walk to the terminal and type it; short enough that a photographed code soon means nothing. */
    static final Duration PAIRING_CODE_LIFETIME = Duration.ofMinutes(15);
    /** No 0/O, 1/I/L: a code is read off a screen and typed on a tablet. 32 symbols, 8 of them: 40 bits. */
    static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final String TOKEN_PREFIX = "lpos_";
    static final String CODE_KIND = "pos-pairing";
    static final String TOKEN_KIND = "pos-device";
    private static final Duration LAST_SEEN_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Far more terminals than one instance serves; past it, tokens are simply not remembered. */
    private static final int MAX_KNOWN = 100_000;

    private final DeviceRepository devices;
    private final Venues venues;
    private final Businesses businesses;
    private final TenantDirectory directory;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transaction;
    /** Token hash → the paired device it opens, for {@link #authenticateDevice}. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Revocations committed (or rolled back) since start, for {@link #remember}. */
    private final AtomicLong revocations = new AtomicLong();

    PosDevices(DeviceRepository devices, Venues venues, Businesses businesses, TenantDirectory directory,
               AuditLog audit, Clock clock, PlatformTransactionManager transactionManager) {
        this.devices = devices;
        this.venues = venues;
        this.businesses = businesses;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** A device just created or given a new code: the code is shown once, here. */
    public record PairingCode(PosDevice device, String code, Instant expiresAt) {
    }

    /** What a terminal receives when it pairs: its token (shown once) and what it needs to know of its venue. */
    public record Paired(UUID deviceId, String token, UUID venueId, String venueName, ZoneId timezone,
                         String currency) {
    }

    public record DeviceQuery(UUID venueId, String text, boolean includeRevoked) {
    }

    @Transactional(readOnly = true)
    public Page<PosDevice> search(DeviceQuery query, Pageable page) {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        Specification<PosDevice> spec = scope == null
                ? (r, q, cb) -> cb.conjunction() : (r, q, cb) -> r.get("venueId").in(scope);
        if (query.venueId() != null) {
            venues.get(query.venueId());
            spec = spec.and((r, q, cb) -> cb.equal(r.get("venueId"), query.venueId()));
        }
        if (!query.includeRevoked()) {
            spec = spec.and((r, q, cb) -> cb.isNull(r.get("revokedAt")));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = "%" + query.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("name")), like, '\\'));
        }
        return devices.findAll(spec, page);
    }

    @Transactional(readOnly = true)
    public PosDevice get(UUID id) {
        PosDevice device = devices.findById(id).orElseThrow(() -> new NotFoundException("pos-device", id));
        if (!TenantContext.current().map(a -> a.seesVenue(device.getVenueId())).orElse(true)) {
            throw new NotFoundException("pos-device", id);
        }
        return device;
    }

    @Transactional
    public PairingCode create(UUID venueId, String name) {
        Venue venue;
        try {
            venue = venues.get(venueId);
        } catch (NotFoundException | IllegalArgumentException e) {
            throw new RuleViolation("venueId", "pos.unknownVenue");
        }
        if (venue.isArchived()) {
            throw new RuleViolation("venueId", "pos.archivedVenue");
        }
        PosDevice device = devices.save(new PosDevice(Ids.next(), venueId, requireName(name), clock.instant()));
        audit.record("created", "pos-device", device.getId(),
                "POS device \"" + device.getName() + "\" created at \"" + venue.getName() + "\"");
        return issueCode(device);
    }

    /** A fresh code for a device not paired yet (the first one expired or was lost). */
    @Transactional
    public PairingCode newCode(UUID id) {
        PosDevice device = get(id);
        PosDevice.Status status = device.status(clock.instant());
        if (status == PosDevice.Status.PAIRED || status == PosDevice.Status.REVOKED) {
            throw new RuleViolation(null, "pos.alreadyPaired");
        }
        if (device.getPairingCodeHash() != null) {
            directory.remove(TenantDirectory.tokenKey(CODE_KIND, device.getPairingCodeHash()));
        }
        return issueCode(device);
    }

    @Transactional
    public PosDevice revoke(UUID id) {
        PosDevice device = get(id);
        if (!device.isRevoked()) {
            if (device.getTokenHash() != null) {
                directory.remove(TenantDirectory.tokenKey(TOKEN_KIND, device.getTokenHash()));
                forget(device.getTokenHash());
            }
            if (device.getPairingCodeHash() != null) {
                directory.remove(TenantDirectory.tokenKey(CODE_KIND, device.getPairingCodeHash()));
            }
            device.revoke(clock.instant());
            audit.record("revoked", "pos-device", id, "POS device \"" + device.getName() + "\" revoked");
        }
        return device;
    }

    /**
     * The pairing call: a valid, unexpired code becomes a device token, once. Any other code gets the same answer
     * (empty), so the call does not tell an expired code from one that never existed.
     */
    public Optional<Paired> pair(String code, String deviceName) {
        String normalized = normalize(code);
        if (normalized == null) {
            return Optional.empty();
        }
        String codeHash = SecretHashes.sha256(normalized);
        String codeKey = TenantDirectory.tokenKey(CODE_KIND, codeHash);
        String name = deviceName == null || deviceName.isBlank() ? null : requireName(deviceName);
        return directory.find(codeKey).flatMap(tenant ->
                TenantContext.callAs(TenantContext.Actor.system(tenant), () -> transaction.execute(status -> {
                    Instant now = clock.instant();
                    Optional<PosDevice> found = devices.findByPairingCodeHash(codeHash)
                            .filter(d -> d.status(now) == PosDevice.Status.WAITING_FOR_PAIRING);
                    if (found.isEmpty()) {
                        return Optional.<Paired>empty();
                    }
                    PosDevice device = found.get();
                    String token = TOKEN_PREFIX + random(32);
                    String tokenHash = SecretHashes.sha256(token);
                    directory.remove(codeKey);
                    directory.register(TenantDirectory.tokenKey(TOKEN_KIND, tokenHash), tenant);
                    device.paired(tokenHash, name, now);
                    audit.record("paired", "pos-device", device.getId(),
                            "POS device \"" + device.getName() + "\" paired");
                    Venue venue = venues.get(device.getVenueId());
                    return Optional.of(new Paired(device.getId(), token, venue.getId(), venue.getName(),
                            venue.getTimezone(), businesses.current().getCurrency().getCurrencyCode()));
                })));
    }

    /**
     * The terminal behind a token. A terminal calls every few seconds, so what the database said is kept in memory
     * ({@link #known}) until its last-seen time is due to be written again (a minute) or it reports another app
     * version; every other call costs no statement. A revocation takes it out of memory when it commits (see
     * {@link #forget}), so this instance refuses the token from the next call on; another instance of the
     * application would still know it for up to a minute.
     */
    @Override
    public Optional<DeviceHolder> authenticateDevice(String token, String appVersion) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = SecretHashes.sha256(token);
        String version = appVersion == null || appVersion.isBlank() ? null
                : appVersion.strip().substring(0, Math.min(50, appVersion.strip().length()));
        Known hit = known.get(hash);
        if (hit != null && clock.instant().isBefore(hit.until()) && (version == null || version.equals(hit.appVersion()))) {
            return Optional.of(hit.holder());
        }
        long revokedBefore = revocations.get();
        Optional<Known> found = directory.find(TenantDirectory.tokenKey(TOKEN_KIND, hash)).flatMap(tenant ->
                TenantContext.callAs(TenantContext.Actor.system(tenant), () -> transaction.execute(status ->
                        devices.findByTokenHash(hash).filter(d -> !d.isRevoked()).map(d -> {
                            Instant now = clock.instant();
                            if (d.getLastSeenAt() == null || d.getLastSeenAt().isBefore(now.minus(LAST_SEEN_PRECISION))
                                    || (version != null && !version.equals(d.getAppVersion()))) {
                                d.seen(now, version);
                            }
                            return new Known(new DeviceHolder(tenant, d.getId(), d.getVenueId(), d.getName()),
                                    d.getAppVersion(), d.getLastSeenAt().plus(LAST_SEEN_PRECISION));
                        }))));
        if (found.isEmpty()) {
            known.remove(hash);
            return Optional.empty();
        }
        remember(hash, found.get(), revokedBefore);
        return Optional.of(found.get().holder());
    }

    /** A device as the database said when {@link #authenticateDevice} last asked it; trusted until {@code until}. */
    private record Known(DeviceHolder holder, String appVersion, Instant until) {
    }

    /**
     * Keeps what was read, unless a revocation committed meanwhile: the read may then be from before it, so it is
     * dropped (the next call asks the database). Checked after the put, as {@link #forget} counts before it removes.
     */
    private void remember(String hash, Known device, long revokedBefore) {
        if (known.size() >= MAX_KNOWN) {
            Instant now = clock.instant();
            known.values().removeIf(k -> !now.isBefore(k.until()));
            if (known.size() >= MAX_KNOWN) {
                return;
            }
        }
        known.put(hash, device);
        if (revocations.get() != revokedBefore) {
            known.remove(hash);
        }
    }

    /** Takes a revoked token out of memory now, and again once the revocation has committed. */
    private void forget(String tokenHash) {
        known.remove(tokenHash);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    revocations.incrementAndGet();
                    known.remove(tokenHash);
                }
            });
        } else {
            revocations.incrementAndGet();
        }
    }

    private PairingCode issueCode(PosDevice device) {
        String code;
        String hash;
        do {
            code = randomCode();
            hash = SecretHashes.sha256(code);
        } while (directory.isTaken(TenantDirectory.tokenKey(CODE_KIND, hash)));
        Instant expiresAt = clock.instant().plus(PAIRING_CODE_LIFETIME);
        device.newPairingCode(hash, expiresAt);
        directory.register(TenantDirectory.tokenKey(CODE_KIND, hash), TenantContext.requireTenant());
        return new PairingCode(device, code.substring(0, 4) + "-" + code.substring(4), expiresAt);
    }

    /** Upper case, without the dash or spaces a person may type; null when it cannot be a code. */
    static String normalize(String code) {
        if (code == null) {
            return null;
        }
        String plain = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (plain.length() != 8 || !plain.chars().allMatch(c -> CODE_ALPHABET.indexOf(c) >= 0)) {
            return null;
        }
        return plain;
    }

    private static String randomCode() {
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String random(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        if (name.strip().length() > 100) {
            throw new RuleViolation("name", "validation.tooLong", 100);
        }
        return name.strip();
    }

    interface DeviceRepository extends JpaRepository<PosDevice, UUID>, JpaSpecificationExecutor<PosDevice> {
        Optional<PosDevice> findByPairingCodeHash(String hash);

        Optional<PosDevice> findByTokenHash(String hash);
    }
}
