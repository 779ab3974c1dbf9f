package app.larder.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;
import org.springframework.data.domain.Persistable;

import java.util.Objects;
import java.util.UUID;

/**
 * Base of every entity a business owns. Hibernate fills {@code tenant_id} from {@link TenantContext} and adds it to
 * every query; row-level security in PostgreSQL enforces the same underneath. Ids are made here, not by the
 * database, so a terminal or an import can name a row before it is stored.
 */
@MappedSuperclass
public abstract class TenantOwned implements Persistable<UUID> {

    @Id
    private UUID id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Version
    private Long version;

    protected TenantOwned() {
    }

    protected TenantOwned(UUID id) {
        this.id = Objects.requireNonNull(id);
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public Long getVersion() {
        return version;
    }

    @Override
    public boolean isNew() {
        return version == null;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o != null && getClass() == o.getClass() && id != null && id.equals(((TenantOwned) o).id));
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
