package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An inventory count of a storage at a moment: of every item, or of the ingredients of one category. A draft keeps
 * the counts entered so far and moves nothing; posting books, for each counted item, the difference between the
 * count and the ledger's level at that moment as a surplus or a shortage; cancelling reverses that. An item with no
 * count was not counted: it is left alone.
 */
@Entity
@Table(name = "stocktake")
public class Stocktake extends TenantOwned {

    /** How stocktakes appear in the stock ledger. */
    public static final String DOCUMENT_KIND = "STOCKTAKE";

    public enum Status { DRAFT, POSTED, CANCELLED }

    @Column(name = "storage_id", nullable = false, updatable = false)
    private UUID storageId;

    @Column(name = "counted_at", nullable = false)
    private Instant countedAt;

    /** The ingredient category counted; null for every item. */
    @Column(updatable = false)
    private String category;

    private String comment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "posted_at")
    private Instant postedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    /** The counted items by ingredient id. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "stocktake_line", joinColumns = @JoinColumn(name = "stocktake_id"))
    @MapKeyColumn(name = "ingredient_id")
    private Map<UUID, StocktakeLine> lines = new HashMap<>();

    protected Stocktake() {
    }

    Stocktake(UUID id, UUID storageId, String category, Instant createdAt) {
        super(id);
        this.storageId = storageId;
        this.category = category;
        this.status = Status.DRAFT;
        this.createdAt = createdAt;
    }

    void describe(Instant countedAt, String comment) {
        this.countedAt = countedAt;
        this.comment = comment;
    }

    /** Sets the count of an item, in base units; null forgets it (the item is no longer counted). */
    void count(UUID itemId, BigDecimal counted) {
        if (counted == null) {
            lines.remove(itemId);
        } else {
            StocktakeLine line = lines.get(itemId);
            if (line == null) {
                lines.put(itemId, new StocktakeLine(counted));
            } else if (line.getCounted().compareTo(counted) != 0) {
                line.recount(counted);
            }
        }
    }

    /** Posted with the levels the ledger gave at the moment of the count, per item (absent: 0). */
    void posted(Map<UUID, BigDecimal> expected, Instant at) {
        lines.forEach((item, line) -> line.expect(expected.getOrDefault(item, BigDecimal.ZERO)));
        status = Status.POSTED;
        postedAt = at;
    }

    void cancelled(Instant at) {
        status = Status.CANCELLED;
        cancelledAt = at;
    }

    public UUID getStorageId() {
        return storageId;
    }

    public Instant getCountedAt() {
        return countedAt;
    }

    public String getCategory() {
        return category;
    }

    public String getComment() {
        return comment;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getPostedAt() {
        return postedAt;
    }

    public Instant getCancelledAt() {
        return cancelledAt;
    }

    /** The counted items by ingredient id (a copy). */
    public Map<UUID, StocktakeLine> getLines() {
        return Map.copyOf(lines);
    }
}
