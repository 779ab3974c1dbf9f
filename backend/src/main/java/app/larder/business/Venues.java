package app.larder.business;

import app.larder.business.Repositories.StorageRepository;
import app.larder.business.Repositories.VenueRepository;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The venues of the current business. A user limited to some venues sees only those: any other venue is
 * reported as not found, exactly like another business's.
 */
@Service
public class Venues {

    private final VenueRepository venues;
    private final StorageRepository storages;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;

    Venues(VenueRepository venues, StorageRepository storages, AuditLog audit, NamedParameterJdbcTemplate jdbc) {
        this.venues = venues;
        this.storages = storages;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    public record VenueDetails(String name, String address, String timezone) {
    }

    /** {@code text} matches name or address; archived venues only when asked for. */
    public record VenueQuery(String text, boolean includeArchived) {
    }

    @Transactional(readOnly = true)
    public Page<Venue> search(VenueQuery query, Pageable page) {
        Specification<Venue> spec = visible();
        if (!query.includeArchived()) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = Likes.contains(query.text());
            spec = spec.and((r, q, cb) -> cb.or(cb.like(cb.lower(r.get("name")), like, '\\'),
                    cb.like(cb.lower(cb.coalesce(r.get("address"), "")), like, '\\')));
        }
        return venues.findAll(spec, page);
    }

    /** Active venues the current user sees, by name: for pickers. */
    @Transactional(readOnly = true)
    public List<Venue> active() {
        return venues.findByArchivedFalseOrderByNameAsc().stream().filter(v -> actor().seesVenue(v.getId())).toList();
    }

    /**
     * True when the venue is one of this business's (archived or not) that the current user sees: what {@link #get}
     * would find, asked without loading the entity, which the receipts' write-off does once per batch.
     */
    @Transactional(readOnly = true)
    public boolean exists(UUID id) {
        // Plain SQL, scoped by row-level security: Hibernate translates a query of a @TenantId entity anew on every
        // call, which took a sixth of a one-receipt upload's CPU (JFR).
        return actor().seesVenue(id) && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM venue WHERE id = :id)", Map.of("id", id), Boolean.class));
    }

    @Transactional(readOnly = true)
    public Venue get(UUID id) {
        return venues.findById(id).filter(v -> actor().seesVenue(v.getId()))
                .orElseThrow(() -> new NotFoundException("venue", id));
    }

    /** True when every id names a venue of this business (archived ones included). */
    @Transactional(readOnly = true)
    public boolean allExist(Set<UUID> ids) {
        return ids.isEmpty() || venues.findAllById(ids).size() == ids.size();
    }

    /** A new venue comes with its main storage, as every venue keeps stock somewhere. */
    @Transactional
    public Venue create(VenueDetails details) {
        String name = requireName(details.name());
        if (venues.existsByNameIgnoreCase(name)) {
            throw new RuleViolation("name", "venue.nameTaken");
        }
        Venue venue = venues.save(new Venue(Ids.next(), name, blankToNull(details.address()), zone(details)));
        storages.save(new Storage(Ids.next(), venue.getId(), Storages.MAIN_STORAGE));
        audit.record("created", "venue", venue.getId(), "Venue \"" + name + "\" created");
        return venue;
    }

    @Transactional
    public Venue change(UUID id, VenueDetails details) {
        Venue venue = get(id);
        String name = requireName(details.name());
        if (venues.existsByNameIgnoreCaseAndIdNot(name, id)) {
            throw new RuleViolation("name", "venue.nameTaken");
        }
        String before = describe(venue);
        venue.change(name, blankToNull(details.address()), zone(details));
        audit.record("updated", "venue", id, before + " → " + describe(venue));
        return venue;
    }

    @Transactional
    public Venue archive(UUID id) {
        Venue venue = get(id);
        if (!venue.isArchived()) {
            if (venues.findByArchivedFalseOrderByNameAsc().size() == 1) {
                throw new RuleViolation(null, "venue.lastActive");
            }
            venue.archive();
            audit.record("archived", "venue", id, "Venue \"" + venue.getName() + "\" archived");
        }
        return venue;
    }

    @Transactional
    public Venue restore(UUID id) {
        Venue venue = get(id);
        if (venue.isArchived()) {
            venue.restore();
            audit.record("restored", "venue", id, "Venue \"" + venue.getName() + "\" restored");
        }
        return venue;
    }

    private Specification<Venue> visible() {
        Set<UUID> scope = actor().venueScope();
        return scope == null ? (r, q, cb) -> cb.conjunction() : (r, q, cb) -> r.get("id").in(scope);
    }

    private static TenantContext.Actor actor() {
        return TenantContext.current().orElseThrow(() -> new IllegalStateException("No tenant in context"));
    }

    private static String describe(Venue venue) {
        return "\"" + venue.getName() + "\" (" + (venue.getAddress() == null ? "no address" : venue.getAddress())
                + ", " + venue.getTimezone() + ")";
    }

    private static ZoneId zone(VenueDetails details) {
        return Businesses.zone("timezone", details.timezone());
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        return name.trim();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
