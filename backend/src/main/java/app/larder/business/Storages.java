package app.larder.business;

import app.larder.business.Repositories.StorageRepository;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The storages of the current business's venues. A venue always keeps at least one active storage. */
@Service
public class Storages {

    static final String MAIN_STORAGE = "Main storage";

    private final StorageRepository storages;
    private final Venues venues;
    private final AuditLog audit;

    Storages(StorageRepository storages, Venues venues, AuditLog audit) {
        this.storages = storages;
        this.venues = venues;
        this.audit = audit;
    }

    /** Every part optional: {@code venueId} narrows to one venue, {@code text} matches the name. */
    public record StorageQuery(UUID venueId, String text, boolean includeArchived) {
    }

    @Transactional(readOnly = true)
    public Page<Storage> search(StorageQuery query, Pageable page) {
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        Specification<Storage> spec = scope == null
                ? (r, q, cb) -> cb.conjunction() : (r, q, cb) -> r.get("venueId").in(scope);
        if (query.venueId() != null) {
            venues.get(query.venueId());
            spec = spec.and((r, q, cb) -> cb.equal(r.get("venueId"), query.venueId()));
        }
        if (!query.includeArchived()) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = Likes.contains(query.text());
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("name")), like, '\\'));
        }
        return storages.findAll(spec, page);
    }

    @Transactional(readOnly = true)
    public List<Storage> ofVenue(UUID venueId) {
        venues.get(venueId);
        return storages.findByVenueIdOrderByNameAsc(venueId);
    }

    @Transactional(readOnly = true)
    public Storage get(UUID id) {
        Storage storage = storages.findById(id).orElseThrow(() -> new NotFoundException("storage", id));
        try {
            venues.get(storage.getVenueId());
        } catch (NotFoundException e) {
            throw new NotFoundException("storage", id);
        }
        return storage;
    }

    @Transactional
    public Storage create(UUID venueId, String name) {
        Venue venue;
        try {
            venue = venues.get(venueId);
        } catch (NotFoundException e) {
            throw new RuleViolation("venueId", "storage.unknownVenue");
        }
        String trimmed = Venues.requireName(name);
        if (storages.existsByVenueIdAndNameIgnoreCase(venueId, trimmed)) {
            throw new RuleViolation("name", "storage.nameTaken");
        }
        Storage storage = storages.save(new Storage(Ids.next(), venueId, trimmed));
        audit.record("created", "storage", storage.getId(),
                "Storage \"" + trimmed + "\" created at \"" + venue.getName() + "\"");
        return storage;
    }

    @Transactional
    public Storage rename(UUID id, String name) {
        Storage storage = get(id);
        String trimmed = Venues.requireName(name);
        if (storages.existsByVenueIdAndNameIgnoreCaseAndIdNot(storage.getVenueId(), trimmed, id)) {
            throw new RuleViolation("name", "storage.nameTaken");
        }
        String before = storage.getName();
        storage.rename(trimmed);
        audit.record("updated", "storage", id, "Storage \"" + before + "\" renamed to \"" + trimmed + "\"");
        return storage;
    }

    @Transactional
    public Storage archive(UUID id) {
        Storage storage = get(id);
        if (!storage.isArchived()) {
            if (storages.countByVenueIdAndArchivedFalse(storage.getVenueId()) <= 1) {
                throw new RuleViolation(null, "storage.lastActive");
            }
            storage.archive();
            audit.record("archived", "storage", id, "Storage \"" + storage.getName() + "\" archived");
        }
        return storage;
    }

    @Transactional
    public Storage restore(UUID id) {
        Storage storage = get(id);
        if (storage.isArchived()) {
            storage.restore();
            audit.record("restored", "storage", id, "Storage \"" + storage.getName() + "\" restored");
        }
        return storage;
    }
}
