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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A delivery from a supplier into a storage. A draft moves nothing; posting books its lines into the stock ledger;
 * cancelling reverses them. What a posted supply still owes ({@link #getPayable()}) is kept queryable for finance.
 */
@Entity
@Table(name = "supply")
public class Supply extends TenantOwned {

    public enum Status { DRAFT, POSTED, CANCELLED }

    @Column(name = "supplied_at", nullable = false)
    private Instant suppliedAt;

    @Column(name = "storage_id", nullable = false)
    private UUID storageId;

    @Column(name = "supplier_id", nullable = false)
    private UUID supplierId;

    @Column(name = "invoice_number")
    private String invoiceNumber;

    private String comment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(nullable = false)
    private BigDecimal total;

    @Column(name = "vat_total", nullable = false)
    private BigDecimal vatTotal;

    @Column(name = "amount_paid", nullable = false)
    private BigDecimal amountPaid;

    @Column(nullable = false)
    private boolean paid;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "posted_at")
    private Instant postedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "supply_line", joinColumns = @JoinColumn(name = "supply_id"))
    @OrderColumn(name = "position")
    private List<SupplyLine> lines = new ArrayList<>();

    protected Supply() {
    }

    Supply(UUID id) {
        super(id);
        this.status = Status.DRAFT;
        this.createdAt = Instant.now();
    }

    void describe(Instant suppliedAt, UUID storageId, UUID supplierId, String invoiceNumber, String comment,
                  List<SupplyLine> lines, BigDecimal amountPaid) {
        this.suppliedAt = suppliedAt;
        this.storageId = storageId;
        this.supplierId = supplierId;
        this.invoiceNumber = invoiceNumber;
        this.comment = comment;
        this.lines.clear();
        this.lines.addAll(lines);
        this.total = lines.stream().map(SupplyLine::getTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        this.vatTotal = lines.stream().map(SupplyLine::getVatAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        this.amountPaid = amountPaid;
        this.paid = amountPaid.compareTo(total) >= 0;
    }

    /**
     * A payment (or, negative, a payment cancelled) recorded by finance. {@code settles}: the payment was what was
     * owed, rounded to finance's 4 decimals, so the supply is paid exactly in full and no sub-cent remainder stays.
     */
    void pay(BigDecimal amount, boolean settles) {
        this.amountPaid = settles ? total : amountPaid.add(amount);
        this.paid = amountPaid.compareTo(total) >= 0;
    }

    void posted() {
        status = Status.POSTED;
        postedAt = Instant.now();
    }

    void cancelled() {
        status = Status.CANCELLED;
        cancelledAt = Instant.now();
    }

    public Instant getSuppliedAt() {
        return suppliedAt;
    }

    public UUID getStorageId() {
        return storageId;
    }

    public UUID getSupplierId() {
        return supplierId;
    }

    public String getInvoiceNumber() {
        return invoiceNumber;
    }

    public String getComment() {
        return comment;
    }

    public Status getStatus() {
        return status;
    }

    /** Σ line totals, VAT included: the value the supply adds to stock and what the supplier is owed. */
    public BigDecimal getTotal() {
        return total;
    }

    public BigDecimal getVatTotal() {
        return vatTotal;
    }

    public BigDecimal getAmountPaid() {
        return amountPaid;
    }

    /** Paid in full: the amount paid covers the total. */
    public boolean isPaid() {
        return paid;
    }

    /** What a posted supply still owes (total − paid); a draft or a cancelled supply owes nothing. */
    public BigDecimal getPayable() {
        return status == Status.POSTED ? total.subtract(amountPaid) : BigDecimal.ZERO;
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

    public List<SupplyLine> getLines() {
        return List.copyOf(lines);
    }
}
