package app.larder.business;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The feature's repositories, package-private: other features go through the services. */
final class Repositories {

    private Repositories() {
    }

    interface BusinessRepository extends JpaRepository<Business, UUID> {
    }

    interface VenueRepository extends JpaRepository<Venue, UUID>, JpaSpecificationExecutor<Venue> {
        boolean existsByNameIgnoreCase(String name);

        boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);

        List<Venue> findByArchivedFalseOrderByNameAsc();
    }

    interface StorageRepository extends JpaRepository<Storage, UUID>, JpaSpecificationExecutor<Storage> {
        boolean existsByVenueIdAndNameIgnoreCase(UUID venueId, String name);

        boolean existsByVenueIdAndNameIgnoreCaseAndIdNot(UUID venueId, String name, UUID id);

        long countByVenueIdAndArchivedFalse(UUID venueId);

        List<Storage> findByVenueIdOrderByNameAsc(UUID venueId);
    }

    interface UserRepository extends JpaRepository<AppUser, UUID>, JpaSpecificationExecutor<AppUser> {
        Optional<AppUser> findByEmailIgnoreCase(String email);

        @Query("select count(u) from AppUser u where u.role = app.larder.business.Role.OWNER and u.active = true")
        long countActiveOwners();
    }

    interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {
        Optional<ApiToken> findByTokenHash(String tokenHash);

        List<ApiToken> findByUserIdOrderByCreatedAtDesc(UUID userId);
    }
}
