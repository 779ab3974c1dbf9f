package app.larder.recipe;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One version of the recipe of a product, in force from {@code validFrom} until the next version. A version is
 * never edited: a change is a new version, so past sales and reports keep the recipe they were made by.
 * {@code yieldQuantity} is what the card makes, in the product's base unit (1200 g of sauce); a dish's card makes
 * one portion.
 */
@Entity
@Table(name = "tech_card")
public class TechCard extends TenantOwned {

    /** Whose recipe it is: a semi-finished product, or a dish of the menu. */
    public enum ProductKind { SEMI, DISH }

    @Column(name = "product_id", nullable = false, updatable = false)
    private UUID productId;

    @Enumerated(EnumType.STRING)
    @Column(name = "product_kind", nullable = false, updatable = false)
    private ProductKind productKind;

    @Column(name = "valid_from", nullable = false, updatable = false)
    private Instant validFrom;

    @Column(name = "yield_quantity", nullable = false, updatable = false)
    private BigDecimal yieldQuantity;

    /** Output weight of one portion, in grams: what the guest gets (dishes). */
    @Column(name = "portion_output", updatable = false)
    private BigDecimal portionOutput;

    @Column(updatable = false)
    private String notes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", updatable = false)
    private UUID createdBy;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "tech_card_line", joinColumns = @JoinColumn(name = "tech_card_id"))
    @OrderColumn(name = "position")
    private List<TechCardLine> lines = new ArrayList<>();

    protected TechCard() {
    }

    TechCard(UUID id, UUID productId, ProductKind productKind, Instant validFrom, BigDecimal yieldQuantity,
             BigDecimal portionOutput, String notes, UUID createdBy, List<TechCardLine> lines) {
        super(id);
        this.productId = productId;
        this.productKind = productKind;
        this.validFrom = validFrom;
        this.yieldQuantity = yieldQuantity;
        this.portionOutput = portionOutput;
        this.notes = notes;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.lines.addAll(lines);
    }

    public UUID getProductId() {
        return productId;
    }

    public ProductKind getProductKind() {
        return productKind;
    }

    public Instant getValidFrom() {
        return validFrom;
    }

    public BigDecimal getYieldQuantity() {
        return yieldQuantity;
    }

    public BigDecimal getPortionOutput() {
        return portionOutput;
    }

    public String getNotes() {
        return notes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public List<TechCardLine> getLines() {
        return List.copyOf(lines);
    }
}
