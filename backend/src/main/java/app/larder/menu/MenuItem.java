package app.larder.menu;

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
 * What a guest can buy. A dish is made by its tech card (whose product id is this item's id); a product is sold as
 * bought and takes {@code stockQuantity} base units of one stock item per sale.
 */
@Entity
@Table(name = "menu_item")
public class MenuItem extends TenantOwned {

    /** Made by a tech card, or sold as bought. */
    public enum Kind { DISH, PRODUCT }

    @Column(name = "category_id", nullable = false)
    private UUID categoryId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Kind kind;

    @Column(nullable = false)
    private String name;

    private String barcode;

    @Column(name = "stock_item_id")
    private UUID stockItemId;

    @Column(name = "stock_quantity")
    private BigDecimal stockQuantity;

    @Column(name = "on_sale", nullable = false)
    private boolean onSale;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "menu_item_modifier_group", joinColumns = @JoinColumn(name = "menu_item_id"))
    @OrderColumn(name = "position")
    @Column(name = "group_id")
    private List<UUID> modifierGroupIds = new ArrayList<>();

    protected MenuItem() {
    }

    MenuItem(UUID id, Kind kind) {
        super(id);
        this.kind = kind;
        this.createdAt = Instant.now();
    }

    void describe(UUID categoryId, String name, String barcode, UUID stockItemId, BigDecimal stockQuantity,
                  boolean onSale, List<UUID> modifierGroupIds) {
        this.categoryId = categoryId;
        this.name = name;
        this.barcode = barcode;
        this.stockItemId = stockItemId;
        this.stockQuantity = stockQuantity;
        this.onSale = onSale;
        this.modifierGroupIds.clear();
        this.modifierGroupIds.addAll(modifierGroupIds);
    }

    void archive() {
        archived = true;
        onSale = false;
    }

    public UUID getCategoryId() {
        return categoryId;
    }

    public Kind getKind() {
        return kind;
    }

    public String getName() {
        return name;
    }

    public String getBarcode() {
        return barcode;
    }

    public UUID getStockItemId() {
        return stockItemId;
    }

    public BigDecimal getStockQuantity() {
        return stockQuantity;
    }

    public boolean isOnSale() {
        return onSale;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public List<UUID> getModifierGroupIds() {
        return List.copyOf(modifierGroupIds);
    }
}
