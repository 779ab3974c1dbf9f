package app.larder.platform.audit;

import app.larder.platform.tenancy.TenantContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who changed what and when. Every feature records its changes here, inside the transaction that makes them, so a
 * change and its audit line are stored together or not at all. The database lets the application insert and read
 * audit lines, never update or delete them.
 */
@Service
public class AuditLog {

    private final Entries entries;

    AuditLog(Entries entries) {
        this.entries = entries;
    }

    /** What to look for in the log; every part optional. */
    public record Filter(UUID userId, String entityType, String action, Instant from, Instant to, String text) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String entityType, UUID entityId, String summary) {
        TenantContext.Actor actor = TenantContext.current()
                .orElseThrow(() -> new IllegalStateException("No tenant in context"));
        entries.save(new AuditEntry(actor.userId(), actor.userName(), action, entityType, entityId, summary));
    }

    @Transactional(readOnly = true)
    public Page<AuditEntry> search(Filter filter, Pageable page) {
        Specification<AuditEntry> spec = (root, query, cb) -> cb.conjunction();
        if (filter.userId() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("userId"), filter.userId()));
        }
        if (filter.entityType() != null && !filter.entityType().isBlank()) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("entityType"), filter.entityType()));
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("action"), filter.action()));
        }
        if (filter.from() != null) {
            spec = spec.and((r, q, cb) -> cb.greaterThanOrEqualTo(r.get("occurredAt"), filter.from()));
        }
        if (filter.to() != null) {
            spec = spec.and((r, q, cb) -> cb.lessThan(r.get("occurredAt"), filter.to()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String like = "%" + filter.text().trim().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("summary")), like, '\\'));
        }
        return entries.findAll(spec, page);
    }

    @Transactional(readOnly = true)
    public List<String> entityTypes() {
        return entries.entityTypes();
    }

    interface Entries extends JpaRepository<AuditEntry, UUID>, JpaSpecificationExecutor<AuditEntry> {
        @Query("select distinct e.entityType from AuditEntry e order by e.entityType")
        List<String> entityTypes();
    }
}
