package app.larder.pos.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.web.RateLimits;
import app.larder.pos.PosDevices;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** The POS sync API of ../shared/sync-api.md, version 1: what terminals call. */
@RestController
@Tag(name = "POS sync API v1")
class PosSyncApi {

    private final PosDevices devices;
    private final RateLimits limits;

    PosSyncApi(PosDevices devices, RateLimits limits) {
        this.devices = devices;
        this.limits = limits;
    }

    record PairRequest(@NotBlank @Size(max = 20) String code, @Size(max = 100) String deviceName) {
    }

    record VenueOfDevice(UUID id, String name, String timezone) {
    }

    record PairResponse(UUID deviceId, String token, VenueOfDevice venue, String currency) {
    }

    @PostMapping("/api/pos/v1/pair")
    @Operation(summary = "Exchange a one-time pairing code for a device token (shown once)")
    PairResponse pair(@Valid @RequestBody PairRequest request, HttpServletRequest http) {
        if (!limits.allowPairing(http)) {
            throw new RateLimits.TooManyRequests();
        }
        PosDevices.Paired paired = devices.pair(request.code(), request.deviceName())
                .orElseThrow(() -> new RuleViolation("code", "pos.invalidPairingCode"));
        return new PairResponse(paired.deviceId(), paired.token(),
                new VenueOfDevice(paired.venueId(), paired.venueName(), paired.timezone().getId()),
                paired.currency());
    }
}
