package app.larder.recipe;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.shared.Unit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The semi-finished products of the current business. Their recipes are tech cards ({@link TechCards}). */
@Service
public class SemiFinishedProducts {

    private final Repository products;
    private final Costing costing;
    private final AuditLog audit;

    SemiFinishedProducts(Repository products, Costing costing, AuditLog audit) {
        this.products = products;
        this.costing = costing;
        this.audit = audit;
    }

    /** A semi-finished product with its cost per stock unit (null until it has a tech card). */
    public record SemiRow(SemiFinishedProduct product, BigDecimal cost) {
    }

    @Transactional(readOnly = true)
    public Page<SemiRow> search(String text, boolean includeArchived, Pageable page) {
        Specification<SemiFinishedProduct> spec = (r, q, cb) -> cb.conjunction();
        if (!includeArchived) {
            spec = spec.and((r, q, cb) -> cb.isFalse(r.get("archived")));
        }
        if (text != null && !text.isBlank()) {
            String like = "%" + text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("name")), like, '\\'));
        }
        Page<SemiFinishedProduct> found = products.findAll(spec, page);
        Map<UUID, BigDecimal> costs = costing.costs(found.map(SemiFinishedProduct::getId).toList());
        return found.map(p -> new SemiRow(p, costs.get(p.getId())));
    }

    @Transactional(readOnly = true)
    public java.util.List<SemiFinishedProduct> all() {
        return products.findAll(org.springframework.data.domain.Sort.by("name"));
    }

    @Transactional(readOnly = true)
    public SemiFinishedProduct get(UUID id) {
        return products.findById(id).orElseThrow(() -> new NotFoundException("semi-finished product", id));
    }

    @Transactional(readOnly = true)
    public Map<UUID, SemiFinishedProduct> find(Collection<UUID> ids) {
        Map<UUID, SemiFinishedProduct> found = new HashMap<>();
        products.findAllById(ids).forEach(p -> found.put(p.getId(), p));
        return found;
    }

    @Transactional
    public SemiFinishedProduct create(String name, Unit.Dimension dimension, BigDecimal pieceSize) {
        if (dimension == null) {
            throw new RuleViolation("dimension", "validation.required");
        }
        String trimmed = checkedName(name, null);
        checkPieceSize(pieceSize);
        SemiFinishedProduct product = products.save(new SemiFinishedProduct(Ids.next(), trimmed, dimension,
                pieceSize));
        audit.record("created", "semi-finished-product", product.getId(), "Semi-finished product \"" + trimmed
                + "\" (" + dimension.stockUnit().symbol() + ")");
        return product;
    }

    @Transactional
    public SemiFinishedProduct change(UUID id, String name, BigDecimal pieceSize) {
        SemiFinishedProduct product = get(id);
        String trimmed = checkedName(name, id);
        checkPieceSize(pieceSize);
        product.change(trimmed, pieceSize);
        audit.record("updated", "semi-finished-product", id, "Semi-finished product \"" + trimmed + "\" updated");
        return product;
    }

    @Transactional
    public SemiFinishedProduct archive(UUID id) {
        SemiFinishedProduct product = get(id);
        if (!product.isArchived()) {
            product.archive();
            audit.record("archived", "semi-finished-product", id, "\"" + product.getName() + "\" archived");
        }
        return product;
    }

    @Transactional
    public SemiFinishedProduct restore(UUID id) {
        SemiFinishedProduct product = get(id);
        if (product.isArchived()) {
            product.restore();
            audit.record("restored", "semi-finished-product", id, "\"" + product.getName() + "\" restored");
        }
        return product;
    }

    private String checkedName(String name, UUID id) {
        if (name == null || name.isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String trimmed = name.trim();
        boolean taken = id == null ? products.existsByNameIgnoreCase(trimmed)
                : products.existsByNameIgnoreCaseAndIdNot(trimmed, id);
        if (taken) {
            throw new RuleViolation("name", "semi.nameTaken");
        }
        return trimmed;
    }

    private static void checkPieceSize(BigDecimal pieceSize) {
        if (pieceSize != null && pieceSize.signum() <= 0) {
            throw new RuleViolation("pieceSize", "validation.positive");
        }
    }

    interface Repository extends JpaRepository<SemiFinishedProduct, UUID>,
            JpaSpecificationExecutor<SemiFinishedProduct> {
        boolean existsByNameIgnoreCase(String name);

        boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);
    }
}
