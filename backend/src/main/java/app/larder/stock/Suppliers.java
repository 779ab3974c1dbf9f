package app.larder.stock;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The suppliers of the current business: their contacts, and the items they deliver with the price of each in their
 * latest posted supply of it.
 */
@Service
public class Suppliers {

    private final SupplierRepository suppliers;
    private final SupplyPrices prices;
    private final AuditLog audit;

    Suppliers(SupplierRepository suppliers, SupplyPrices prices, AuditLog audit) {
        this.suppliers = suppliers;
        this.prices = prices;
        this.audit = audit;
    }

    /** A supplier as a form or a request describes it; everything but the name is optional. */
    public record SupplierDetails(String name, String taxId, String phone, String email, String contactPerson,
                                  String address, String notes) {
    }

    public record SupplierQuery(String text, boolean includeArchived) {
    }

    /** An item a supplier delivers and its price per stock unit in their latest posted supply of it. */
    public record SuppliedItem(UUID ingredientId, String ingredientName, String stockUnit,
                               BigDecimal lastPricePerStockUnit, UUID supplyId, Instant suppliedAt) {
    }

    @Transactional(readOnly = true)
    public Page<Supplier> search(SupplierQuery query, Pageable page) {
        Specification<Supplier> spec = (r, q, cb) -> cb.conjunction();
        if (!query.includeArchived()) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String like = "%" + query.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.or(cb.like(cb.lower(r.get("name")), like, '\\'),
                    cb.like(cb.lower(r.get("taxId")), like, '\\'),
                    cb.like(cb.lower(r.get("contactPerson")), like, '\\')));
        }
        return suppliers.findAll(spec, page);
    }

    /** Every supplier, archived ones included, by name: for choices on forms. */
    @Transactional(readOnly = true)
    public List<Supplier> all() {
        return suppliers.findAll(Sort.by("name"));
    }

    @Transactional(readOnly = true)
    public Supplier get(UUID id) {
        return suppliers.findById(id).orElseThrow(() -> new NotFoundException("supplier", id));
    }

    /** The suppliers named; unknown ids (or another business's) are absent. */
    @Transactional(readOnly = true)
    public Map<UUID, Supplier> byId(java.util.Collection<UUID> ids) {
        Map<UUID, Supplier> found = new java.util.HashMap<>();
        suppliers.findAllById(ids).forEach(s -> found.put(s.getId(), s));
        return found;
    }

    /** What the supplier delivers, by item name, with the price of its latest posted supply. */
    @Transactional(readOnly = true)
    public List<SuppliedItem> items(UUID id) {
        get(id);
        return prices.ofSupplier(id).values().stream()
                .sorted(Comparator.comparing(SupplyPrices.LastPrice::ingredientName))
                .map(p -> new SuppliedItem(p.ingredientId(), p.ingredientName(), p.stockUnit().symbol(),
                        p.pricePerStockUnit(), p.supplyId(), p.suppliedAt()))
                .toList();
    }

    @Transactional
    public Supplier create(SupplierDetails details) {
        SupplierDetails clean = checked(details, null);
        Supplier supplier = new Supplier(Ids.next());
        supplier.describe(clean);
        suppliers.save(supplier);
        audit.record("created", "supplier", supplier.getId(), "Supplier \"" + clean.name() + "\"");
        return supplier;
    }

    /**
     * Changes a supplier. {@code expectedVersion}, when given, is the version the person edited: if someone saved
     * in between, the change is refused as a concurrent edit rather than silently overwriting theirs.
     */
    @Transactional
    public Supplier change(UUID id, Long expectedVersion, SupplierDetails details) {
        Supplier supplier = get(id);
        if (expectedVersion != null && !expectedVersion.equals(supplier.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(Supplier.class, id);
        }
        SupplierDetails clean = checked(details, id);
        supplier.describe(clean);
        audit.record("updated", "supplier", id, "Supplier \"" + clean.name() + "\" updated");
        return supplier;
    }

    @Transactional
    public Supplier archive(UUID id) {
        Supplier supplier = get(id);
        if (!supplier.isArchived()) {
            supplier.archive();
            audit.record("archived", "supplier", id, "Supplier \"" + supplier.getName() + "\" archived");
        }
        return supplier;
    }

    @Transactional
    public Supplier restore(UUID id) {
        Supplier supplier = get(id);
        if (supplier.isArchived()) {
            supplier.restore();
            audit.record("restored", "supplier", id, "Supplier \"" + supplier.getName() + "\" restored");
        }
        return supplier;
    }

    private SupplierDetails checked(SupplierDetails d, UUID id) {
        if (d.name() == null || d.name().isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String name = limit("name", d.name(), 200);
        boolean taken = id == null ? suppliers.existsByNameIgnoreCase(name)
                : suppliers.existsByNameIgnoreCaseAndIdNot(name, id);
        if (taken) {
            throw new RuleViolation("name", "supplier.nameTaken");
        }
        String email = limit("email", d.email(), 200);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new RuleViolation("email", "supplier.email");
        }
        return new SupplierDetails(name, limit("taxId", d.taxId(), 50), limit("phone", d.phone(), 50), email,
                limit("contactPerson", d.contactPerson(), 200), limit("address", d.address(), 500),
                limit("notes", d.notes(), 4000));
    }

    /** Trimmed, blank as null, at most {@code max} characters. */
    private static String limit(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new RuleViolation(field, "validation.tooLong", max);
        }
        return trimmed;
    }

    interface SupplierRepository extends JpaRepository<Supplier, UUID>, JpaSpecificationExecutor<Supplier> {
        boolean existsByNameIgnoreCase(String name);

        boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);
    }
}
