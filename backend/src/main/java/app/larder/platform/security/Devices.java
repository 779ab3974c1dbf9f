package app.larder.platform.security;

import java.util.Optional;
import java.util.UUID;

/** What the POS door of the web layer needs to know about paired terminals; implemented by the POS feature. */
public interface Devices {

    /** A paired, not revoked terminal: its business, its venue, and itself. */
    record DeviceHolder(UUID tenantId, UUID deviceId, UUID venueId, String name) {
    }

    /** The terminal a device token belongs to; {@code appVersion} (may be null) is what the terminal reports. */
    Optional<DeviceHolder> authenticateDevice(String token, String appVersion);
}
