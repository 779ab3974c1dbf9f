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
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stock moved from one storage to another, of the same venue or another one of the business. Posting books, per
 * line, stock out of the sender at its weighted average and the same value into the receiver; the value moved is
 * read from the ledger, so it follows a later revaluation of the sender.
 */
@Entity
@Table(name = "transfer")
public class Transfer extends TenantOwned {

    /** The document kind its movements carry in the ledger. */
    public static final String DOCUMENT_KIND = "TRANSFER";

    public enum Status { DRAFT, POSTED, CANCELLED }

    @Column(name = "transferred_at", nullable = false)
    private Instant transferredAt;

    @Column(name = "from_storage_id", nullable = false)
    private UUID fromStorageId;

    @Column(name = "to_storage_id", nullable = false)
    private UUID toStorageId;

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

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "transfer_line", joinColumns = @JoinColumn(name = "transfer_id"))
    @OrderColumn(name = "position")
    private List<TransferLine> lines = new ArrayList<>();

    protected Transfer() {
    }

    Transfer(UUID id, Instant now) {
        super(id);
        this.status = Status.DRAFT;
        this.createdAt = now;
    }

    void describe(Instant transferredAt, UUID fromStorageId, UUID toStorageId, String comment,
                  List<TransferLine> lines) {
        this.transferredAt = transferredAt;
        this.fromStorageId = fromStorageId;
        this.toStorageId = toStorageId;
        this.comment = comment;
        this.lines.clear();
        this.lines.addAll(lines);
    }

    void posted(Instant now) {
        status = Status.POSTED;
        postedAt = now;
    }

    void cancelled(Instant now) {
        status = Status.CANCELLED;
        cancelledAt = now;
    }

    public Instant getTransferredAt() {
        return transferredAt;
    }

    public UUID getFromStorageId() {
        return fromStorageId;
    }

    public UUID getToStorageId() {
        return toStorageId;
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

    public List<TransferLine> getLines() {
        return List.copyOf(lines);
    }
}
