package app.larder.menu;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** The price of a menu item: the default one (no venue), or a venue's own. */
@Entity
@Table(name = "menu_price")
public class MenuPrice extends TenantOwned {

    @Column(name = "menu_item_id", nullable = false, updatable = false)
    private UUID menuItemId;

    @Column(name = "venue_id", updatable = false)
    private UUID venueId;

    @Column(nullable = false)
    private BigDecimal price;

    protected MenuPrice() {
    }

    MenuPrice(UUID id, UUID menuItemId, UUID venueId, BigDecimal price) {
        super(id);
        this.menuItemId = menuItemId;
        this.venueId = venueId;
        this.price = price;
    }

    void change(BigDecimal price) {
        this.price = price;
    }

    public UUID getMenuItemId() {
        return menuItemId;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public BigDecimal getPrice() {
        return price;
    }
}
