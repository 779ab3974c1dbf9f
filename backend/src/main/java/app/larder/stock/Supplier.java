package app.larder.stock;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A company the business buys from, with its contacts. Archived rather than deleted: supplies refer to it. */
@Entity
@Table(name = "supplier")
public class Supplier extends TenantOwned {

    @Column(nullable = false)
    private String name;

    @Column(name = "tax_id")
    private String taxId;

    private String phone;

    private String email;

    @Column(name = "contact_person")
    private String contactPerson;

    private String address;

    private String notes;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Supplier() {
    }

    Supplier(UUID id) {
        super(id);
        this.createdAt = Instant.now();
    }

    void describe(Suppliers.SupplierDetails d) {
        this.name = d.name();
        this.taxId = d.taxId();
        this.phone = d.phone();
        this.email = d.email();
        this.contactPerson = d.contactPerson();
        this.address = d.address();
        this.notes = d.notes();
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

    public String getTaxId() {
        return taxId;
    }

    public String getPhone() {
        return phone;
    }

    public String getEmail() {
        return email;
    }

    public String getContactPerson() {
        return contactPerson;
    }

    public String getAddress() {
        return address;
    }

    public String getNotes() {
        return notes;
    }

    public boolean isArchived() {
        return archived;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
