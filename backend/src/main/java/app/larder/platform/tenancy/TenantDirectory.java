package app.larder.platform.tenancy;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the business behind a login e-mail or a token hash, before any tenant is in context. Keys are unique across
 * all businesses: an e-mail logs into exactly one business.
 */
@Service
public class TenantDirectory {

    private final Entries entries;

    TenantDirectory(Entries entries) {
        this.entries = entries;
    }

    public static String emailKey(String email) {
        return "email:" + email.trim().toLowerCase(Locale.ROOT);
    }

    public static String tokenKey(String kind, String tokenHash) {
        return kind + ":" + tokenHash;
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Optional<UUID> find(String key) {
        return entries.findById(key).map(DirectoryEntry::tenantId);
    }

    /** Every business that has a way in: what jobs that run business by business go through. */
    @Transactional(readOnly = true)
    public java.util.List<UUID> tenants() {
        return entries.tenants();
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public boolean isTaken(String key) {
        return entries.existsById(key);
    }

    /** Joins the caller's transaction, so a failed sign-up leaves no key behind. */
    @Transactional
    public void register(String key, UUID tenantId) {
        entries.saveAndFlush(new DirectoryEntry(key, tenantId));
    }

    @Transactional
    public void remove(String key) {
        entries.deleteById(key);
    }

    interface Entries extends JpaRepository<DirectoryEntry, String> {
        @org.springframework.data.jpa.repository.Query("select distinct e.tenantId from DirectoryEntry e")
        java.util.List<UUID> tenants();
    }
}
