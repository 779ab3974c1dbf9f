package app.larder.platform.tenancy;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;

/**
 * Begins every transaction by telling PostgreSQL whose rows it may see: {@code app.tenant_id}, local to the
 * transaction, which the row-level security policies compare with. Plain JDBC and native SQL in the same
 * transaction share the connection, so they are scoped too.
 */
class TenantAwareTransactionManager extends JpaTransactionManager {

    TenantAwareTransactionManager(EntityManagerFactory emf) {
        super(emf);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        String tenant = TenantContext.current().map(a -> a.tenantId().toString()).orElse("");
        EntityManagerHolder holder =
                (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement =
                         connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                statement.setString(1, tenant);
                statement.execute();
            }
        });
    }
}
