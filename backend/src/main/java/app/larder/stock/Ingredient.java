package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import app.larder.shared.Unit;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Something bought and used up by recipes. Quantities of it are kept in the base unit of its dimension (g, ml, pcs);
 * it is counted and priced in the stock unit (kg, l, pcs). {@code pieceSize} (grams or millilitres in one piece)
 * lets a recipe use it across dimensions: eggs by the gram, lemons by the piece.
 */
@Entity
@Table(name = "ingredient")
public class Ingredient extends TenantOwned {

    @Column(nullable = false)
    private String name;

    private String category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Unit.Dimension dimension;

    @Column(name = "piece_size")
    private BigDecimal pieceSize;

    @Column(name = "purchase_unit_name")
    private String purchaseUnitName;

    /** Base units in one purchase unit: 5000 for a 5 kg sack, 12 for a box of 12. */
    @Column(name = "purchase_unit_size")
    private BigDecimal purchaseUnitSize;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Ingredient() {
    }

    Ingredient(UUID id, String name, Unit.Dimension dimension) {
        super(id);
        this.name = name;
        this.dimension = dimension;
        this.createdAt = Instant.now();
    }

    void describe(String name, String category, BigDecimal pieceSize, String purchaseUnitName,
                  BigDecimal purchaseUnitSize) {
        this.name = name;
        this.category = category;
        this.pieceSize = pieceSize;
        this.purchaseUnitName = purchaseUnitName;
        this.purchaseUnitSize = purchaseUnitSize;
    }

    void archive() {
        archived = true;
    }

    void restore() {
        archived = false;
    }

    public String getName() {
        return name;
    }

    public String getCategory() {
        return category;
    }

    public Unit.Dimension getDimension() {
        return dimension;
    }

    /** The unit it is counted and priced in: kg, l or pcs. */
    public Unit getStockUnit() {
        return dimension.stockUnit();
    }

    public BigDecimal getPieceSize() {
        return pieceSize;
    }

    public String getPurchaseUnitName() {
        return purchaseUnitName;
    }

    public BigDecimal getPurchaseUnitSize() {
        return purchaseUnitSize;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
