package app.larder.pos.web;

import app.larder.platform.web.Paging.PageOf;
import app.larder.platform.web.Paging;
import app.larder.pos.PosDevice;
import app.larder.pos.PosDevices;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** POS devices of the business: created for a venue (with a one-time pairing code), listed, revoked. */
@RestController
@Tag(name = "POS devices")
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
class PosDeviceApi {

    static final Set<String> SORTS = Set.of("name", "createdAt", "lastSeenAt");

    private final PosDevices devices;

    PosDeviceApi(PosDevices devices) {
        this.devices = devices;
    }

    record DeviceRequest(@NotNull UUID venueId, @NotBlank @Size(max = 100) String name) {
    }

    /** {@code pairingCode} only in the answer that creates it: it is not stored and cannot be read again. */
    record DeviceResponse(UUID id, UUID venueId, String name, PosDevice.Status status, String pairingCode,
                          Instant pairingExpiresAt, Instant pairedAt, Instant lastSeenAt, String appVersion,
                          Instant revokedAt, Instant createdAt) {
        static DeviceResponse of(PosDevice d, String code) {
            return new DeviceResponse(d.getId(), d.getVenueId(), d.getName(), d.status(Instant.now()), code,
                    d.getPairingExpiresAt(), d.getPairedAt(), d.getLastSeenAt(), d.getAppVersion(),
                    d.getRevokedAt(), d.getCreatedAt());
        }
    }

    @GetMapping("/api/v1/pos-devices")
    @Operation(summary = "POS devices, of one venue or all, with their last contact and app version")
    PageOf<DeviceResponse> list(@RequestParam(required = false) UUID venueId,
                                @RequestParam(required = false) String q,
                                @RequestParam(defaultValue = "false") boolean includeRevoked,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size,
                                @RequestParam(required = false) String sort) {
        return PageOf.of(devices.search(new PosDevices.DeviceQuery(venueId, q, includeRevoked),
                Paging.of(page, size, sort, SORTS, "name")), d -> DeviceResponse.of(d, null));
    }

    @GetMapping("/api/v1/pos-devices/{id}")
    DeviceResponse get(@PathVariable UUID id) {
        return DeviceResponse.of(devices.get(id), null);
    }

    @PostMapping("/api/v1/pos-devices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a device for a venue; the answer holds its one-time pairing code (valid 15 minutes)")
    DeviceResponse create(@Valid @RequestBody DeviceRequest request) {
        PosDevices.PairingCode created = devices.create(request.venueId(), request.name());
        return DeviceResponse.of(created.device(), created.code());
    }

    @PostMapping("/api/v1/pos-devices/{id}/pairing-code")
    @Operation(summary = "A new pairing code for a device that has not paired yet")
    DeviceResponse newCode(@PathVariable UUID id) {
        PosDevices.PairingCode created = devices.newCode(id);
        return DeviceResponse.of(created.device(), created.code());
    }

    @PostMapping("/api/v1/pos-devices/{id}/revoke")
    @Operation(summary = "Revoke a device: its token is refused from now on")
    DeviceResponse revoke(@PathVariable UUID id) {
        return DeviceResponse.of(devices.revoke(id), null);
    }
}
