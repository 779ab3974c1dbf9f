package app.larder.business.web;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Venues and storages. Everyone reads; owners shape venues; owners and managers keep storages. */
@RestController
@Tag(name = "Venues and storages")
class VenueApi {

    static final Set<String> VENUE_SORTS = Set.of("name", "createdAt");
    static final Set<String> STORAGE_SORTS = Set.of("name", "createdAt");

    private final Venues venues;
    private final Storages storages;

    VenueApi(Venues venues, Storages storages) {
        this.venues = venues;
        this.storages = storages;
    }

    record VenueRequest(@NotBlank @Size(max = 200) String name, @Size(max = 500) String address,
                        @NotBlank String timezone) {
    }

    /** {@code currency} is the business's: every venue of a business keeps its money in it. */
    record VenueResponse(UUID id, String name, String address, String timezone, String currency, boolean archived,
                         Instant createdAt) {
        static VenueResponse of(Venue v, CurrentUser me) {
            return new VenueResponse(v.getId(), v.getName(), v.getAddress(), v.getTimezone().getId(),
                    me.currency().getCurrencyCode(), v.isArchived(), v.getCreatedAt());
        }
    }

    record StorageRequest(@NotNull UUID venueId, @NotBlank @Size(max = 200) String name) {
    }

    record StorageRename(@NotBlank @Size(max = 200) String name) {
    }

    record StorageResponse(UUID id, UUID venueId, String name, boolean archived, Instant createdAt) {
        static StorageResponse of(Storage s) {
            return new StorageResponse(s.getId(), s.getVenueId(), s.getName(), s.isArchived(), s.getCreatedAt());
        }
    }

    @GetMapping("/api/v1/venues")
    @Operation(summary = "Venues, searched by name or address")
    PageOf<VenueResponse> venues(@RequestParam(required = false) String q,
                                 @RequestParam(defaultValue = "false") boolean includeArchived,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size,
                                 @RequestParam(required = false) String sort, CurrentUser me) {
        return PageOf.of(venues.search(new Venues.VenueQuery(q, includeArchived),
                Paging.of(page, size, sort, VENUE_SORTS, "name")), v -> VenueResponse.of(v, me));
    }

    @GetMapping("/api/v1/venues/{id}")
    VenueResponse venue(@PathVariable UUID id, CurrentUser me) {
        return VenueResponse.of(venues.get(id), me);
    }

    @PostMapping("/api/v1/venues")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('OWNER')")
    @Operation(summary = "Create a venue; it gets a main storage")
    VenueResponse create(@Valid @RequestBody VenueRequest request, CurrentUser me) {
        return VenueResponse.of(venues.create(details(request)), me);
    }

    @PutMapping("/api/v1/venues/{id}")
    @PreAuthorize("hasRole('OWNER')")
    VenueResponse change(@PathVariable UUID id, @Valid @RequestBody VenueRequest request, CurrentUser me) {
        return VenueResponse.of(venues.change(id, details(request)), me);
    }

    @PostMapping("/api/v1/venues/{id}/archive")
    @PreAuthorize("hasRole('OWNER')")
    VenueResponse archive(@PathVariable UUID id, CurrentUser me) {
        return VenueResponse.of(venues.archive(id), me);
    }

    @PostMapping("/api/v1/venues/{id}/restore")
    @PreAuthorize("hasRole('OWNER')")
    VenueResponse restore(@PathVariable UUID id, CurrentUser me) {
        return VenueResponse.of(venues.restore(id), me);
    }

    @GetMapping("/api/v1/storages")
    @Operation(summary = "Storages, of one venue or all, searched by name")
    PageOf<StorageResponse> storages(@RequestParam(required = false) UUID venueId,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(defaultValue = "false") boolean includeArchived,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size,
                                     @RequestParam(required = false) String sort) {
        return PageOf.of(storages.search(new Storages.StorageQuery(venueId, q, includeArchived),
                Paging.of(page, size, sort, STORAGE_SORTS, "name")), StorageResponse::of);
    }

    @GetMapping("/api/v1/storages/{id}")
    StorageResponse storage(@PathVariable UUID id) {
        return StorageResponse.of(storages.get(id));
    }

    @PostMapping("/api/v1/storages")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    StorageResponse createStorage(@Valid @RequestBody StorageRequest request) {
        return StorageResponse.of(storages.create(request.venueId(), request.name()));
    }

    @PutMapping("/api/v1/storages/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    StorageResponse renameStorage(@PathVariable UUID id, @Valid @RequestBody StorageRename request) {
        return StorageResponse.of(storages.rename(id, request.name()));
    }

    @PostMapping("/api/v1/storages/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    StorageResponse archiveStorage(@PathVariable UUID id) {
        return StorageResponse.of(storages.archive(id));
    }

    @PostMapping("/api/v1/storages/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    StorageResponse restoreStorage(@PathVariable UUID id) {
        return StorageResponse.of(storages.restore(id));
    }

    private static Venues.VenueDetails details(VenueRequest request) {
        return new Venues.VenueDetails(request.name(), request.address(), request.timezone());
    }
}
