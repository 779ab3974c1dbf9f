package app.larder.recipe;

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

/** Something made in the kitchen and used in other tech cards: sauce, dough, syrup. Made by its own tech card. */
@Entity
@Table(name = "semi_finished_product")
public class SemiFinishedProduct extends TenantOwned {

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Unit.Dimension dimension;

    /** Grams or millilitres in one piece, to use it across dimensions. */
    @Column(name = "piece_size")
    private BigDecimal pieceSize;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected SemiFinishedProduct() {
    }

    SemiFinishedProduct(UUID id, String name, Unit.Dimension dimension, BigDecimal pieceSize) {
        super(id);
        this.name = name;
        this.dimension = dimension;
        this.pieceSize = pieceSize;
        this.createdAt = Instant.now();
    }

    void change(String name, BigDecimal pieceSize) {
        this.name = name;
        this.pieceSize = pieceSize;
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

    public Unit.Dimension getDimension() {
        return dimension;
    }

    public Unit getStockUnit() {
        return dimension.stockUnit();
    }

    public BigDecimal getPieceSize() {
        return pieceSize;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
