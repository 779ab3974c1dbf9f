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
 * Stock leaving one storage without a sale: spoilage, staff meals, breakage, tastings. A draft moves nothing; posting
 * books its lines into the stock ledger, which values them at the storage's weighted average; cancelling reverses
 * them. What it cost is read from the ledger, never kept here: a supply entered later, before it in time, changes it.
 */
@Entity
@Table(name = "write_off")
public class WriteOff extends TenantOwned {

    /** The document kind its movements carry in the ledger. */
    public static final String DOCUMENT_KIND = "WRITE_OFF";

    public enum Status { DRAFT, POSTED, CANCELLED }

    @Column(name = "written_off_at", nullable = false)
    private Instant writtenOffAt;

    @Column(name = "storage_id", nullable = false)
    private UUID storageId;

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
    @CollectionTable(name = "write_off_line", joinColumns = @JoinColumn(name = "write_off_id"))
    @OrderColumn(name = "position")
    private List<WriteOffLine> lines = new ArrayList<>();

    protected WriteOff() {
    }

    WriteOff(UUID id, Instant now) {
        super(id);
        this.status = Status.DRAFT;
        this.createdAt = now;
    }

    void describe(Instant writtenOffAt, UUID storageId, String comment, List<WriteOffLine> lines) {
        this.writtenOffAt = writtenOffAt;
        this.storageId = storageId;
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

    public Instant getWrittenOffAt() {
        return writtenOffAt;
    }

    public UUID getStorageId() {
        return storageId;
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

    public List<WriteOffLine> getLines() {
        return List.copyOf(lines);
    }
}
