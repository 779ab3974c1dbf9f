package app.larder.pos.web;

import app.larder.business.Businesses;
import app.larder.menu.PosCatalog;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.Devices;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.RateLimits;
import app.larder.pos.PosDevices;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The POS sync API of ../shared/sync-api.md, version 1: what terminals call. */
@RestController
@Tag(name = "POS sync API v1")
class PosSyncApi {

    private final PosDevices devices;
    private final RateLimits limits;
    private final PosCatalog catalog;
    private final Businesses businesses;

    PosSyncApi(PosDevices devices, RateLimits limits, PosCatalog catalog, Businesses businesses) {
        this.devices = devices;
        this.limits = limits;
        this.catalog = catalog;
        this.businesses = businesses;
    }

    record PairRequest(@NotBlank @Size(max = 20) String code, @Size(max = 100) String deviceName) {
    }

    record VenueOfDevice(UUID id, String name, String timezone) {
    }

    record PairResponse(UUID deviceId, String token, VenueOfDevice venue, String currency) {
    }

    record CategoryJson(UUID id, String name, UUID parentId, int position) {
    }

    record ItemJson(UUID id, String name, UUID categoryId, String kind, String price, String barcode,
                    List<UUID> modifierGroupIds, boolean onSale) {
    }

    record OptionJson(UUID id, String name, String priceDelta) {
    }

    record GroupJson(UUID id, String name, int minSelected, int maxSelected, List<OptionJson> options) {
    }

    record DeletedJson(String type, UUID id) {
    }

    /** {@code promotions} stays empty until the promotions feature exists. */
    record CatalogJson(String cursor, boolean full, List<CategoryJson> categories, List<ItemJson> items,
                       List<GroupJson> modifierGroups, List<Object> promotions, List<DeletedJson> deleted) {
    }

    @GetMapping("/api/pos/v1/catalog")
    @Operation(summary = "The venue's catalog: in full, or what changed since a cursor (with tombstones)")
    CatalogJson catalog(@RequestParam(required = false) String since,
                        @AuthenticationPrincipal Devices.DeviceHolder device) {
        PosCatalog.Catalog catalog = this.catalog.pull(device.venueId(), since == null || since.isBlank() ? null
                : since);
        Currency currency = businesses.current().getCurrency();
        return new CatalogJson(catalog.cursor(), catalog.full(),
                catalog.categories().stream().map(c -> new CategoryJson(c.id(), c.name(), c.parentId(),
                        c.position())).toList(),
                catalog.items().stream().map(i -> new ItemJson(i.id(), i.name(), i.categoryId(),
                        i.kind().name().toLowerCase(Locale.ROOT), Decimals.money(i.price(), currency), i.barcode(),
                        i.modifierGroupIds(), i.onSale())).toList(),
                catalog.modifierGroups().stream().map(g -> new GroupJson(g.id(), g.name(), g.minSelected(),
                        g.maxSelected(), g.options().stream().map(o -> new OptionJson(o.id(), o.name(),
                        Decimals.money(o.priceDelta(), currency))).toList())).toList(),
                List.of(),
                catalog.deleted().stream().map(d -> new DeletedJson(d.type(), d.id())).toList());
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
