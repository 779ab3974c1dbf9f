package app.larder.pos.web;

import app.larder.menu.PosCatalog;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.Devices;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.JsonInput;
import app.larder.platform.web.ProblemResponses;
import app.larder.platform.web.RequestTooLarge;
import app.larder.platform.web.RateLimits;
import app.larder.pos.PosDevices;
import app.larder.pos.CashShifts;
import app.larder.pos.Receipts;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/** The POS sync API of ../shared/sync-api.md, version 1: what terminals call. */
@RestController
@Tag(name = "POS sync API v1")
class PosSyncApi {

    private final PosDevices devices;
    private final RateLimits limits;
    private final PosCatalog catalog;
    private final Receipts receipts;
    private final CashShifts shifts;
    private final MessageSource messages;
    private final ObjectMapper json;

    PosSyncApi(PosDevices devices, RateLimits limits, PosCatalog catalog, Receipts receipts,
               CashShifts shifts, MessageSource messages, ObjectMapper json) {
        this.shifts = shifts;
        this.devices = devices;
        this.limits = limits;
        this.catalog = catalog;
        this.receipts = receipts;
        this.messages = messages;
        this.json = json;
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
    @ProblemResponses({401, 422, 429, 503})
    CatalogJson catalog(@RequestParam(required = false) String since,
                        @AuthenticationPrincipal Devices.DeviceHolder device) {
        PosCatalog.Catalog catalog = this.catalog.pull(device.venueId(), since == null || since.isBlank() ? null
                : since);
        Currency currency = catalog.currency();
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

    /** Each receipt is read by itself (one of the wrong shape is rejected alone), hence trees. */
    record ReceiptBatch(@ArraySchema(schema = @Schema(implementation = Receipts.ReceiptInput.class), maxItems = 500)
                        List<JsonNode> receipts) {
    }

    record ErrorJson(String field, String message) {
    }

    /** {@code errors} only for a rejected receipt. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ResultJson(String id, String status, List<ErrorJson> errors) {
    }

    record BatchResultJson(List<ResultJson> results) {
    }

    @PostMapping("/api/pos/v1/receipts")
    @Operation(summary = "Push up to 500 receipts (5 MB): each accepted once, recognised as a duplicate, or "
            + "rejected alone")
    @ProblemResponses({400, 401, 413, 415, 422, 429, 503})
    BatchResultJson receipts(@RequestBody ReceiptBatch batch, @AuthenticationPrincipal Devices.DeviceHolder device) {
        checkBatch("receipts", batch == null ? null : batch.receipts(), Receipts.MAX_BATCH, "pos.batchTooLarge");
        return accept(batch.receipts(), Receipts.ReceiptInput.class,
                inputs -> receipts.accept(device.deviceId(), device.venueId(), inputs));
    }

    record EventBatch(@ArraySchema(schema = @Schema(implementation = CashShifts.EventInput.class), maxItems = 500)
                      List<JsonNode> events) {
    }

    @PostMapping("/api/pos/v1/shift-events")
    @Operation(summary = "Push up to 500 cash-shift events (open, cashIn, cashOut, close): each stored once, or "
            + "rejected alone")
    @ProblemResponses({400, 401, 413, 415, 422, 429, 503})
    BatchResultJson shiftEvents(@RequestBody EventBatch batch, @AuthenticationPrincipal Devices.DeviceHolder device) {
        checkBatch("events", batch == null ? null : batch.events(), CashShifts.MAX_BATCH, "pos.eventBatchTooLarge");
        return accept(batch.events(), CashShifts.EventInput.class,
                inputs -> shifts.accept(device.deviceId(), device.venueId(), inputs));
    }

    /**
     * A batch larger than the contract allows is refused whole (413) before any entry is read. (A body larger than
     * 5 MB never gets this far: the API's edge stops reading it, however it is sent.)
     */
    private static void checkBatch(String field, List<JsonNode> entries, int max, String tooLargeKey) {
        if (entries == null) {
            throw new RuleViolation(field, "validation.required");
        }
        if (entries.size() > max) {
            throw new RequestTooLarge(tooLargeKey, max);
        }
    }

    private BatchResultJson results(List<Receipts.Result> results) {
        Locale locale = LocaleContextHolder.getLocale();
        return new BatchResultJson(results.stream()
                .map(r -> new ResultJson(r.id(), r.status().name().toLowerCase(Locale.ROOT), r.problems().stream()
                        .map(p -> new ErrorJson(p.field(), messages.getMessage(p.messageKey(), p.args(),
                                p.messageKey(), locale))).toList()))
                .toList());
    }

    /** An entry of a batch as read: its input, or the answer to an entry of the wrong shape. */
    private record Entry<T>(T input, Receipts.Result wrongShape) {
    }

    /**
     * Reads each entry of a batch by itself and hands those that read to {@code accept}. An entry with a value of
     * the wrong shape (an object where a string belongs, a string where a list does) is rejected alone, naming that
     * value (`lines[0].quantity`); one that is not even an object is passed on as null, for {@code accept} to
     * reject. Strings are read as sent, NUL included, for the entry's own checks to reject (a NUL must not fail the
     * batch).
     */
    private <T> BatchResultJson accept(List<JsonNode> nodes, Class<T> type,
                                       Function<List<T>, List<Receipts.Result>> accept) {
        List<Entry<T>> entries = nodes.stream().map(node -> read(node, type)).toList();
        Iterator<Receipts.Result> accepted = accept.apply(entries.stream().filter(e -> e.wrongShape() == null)
                .map(Entry::input).toList()).iterator();
        return results(entries.stream().map(e -> e.wrongShape() != null ? e.wrongShape() : accepted.next())
                .toList());
    }

    private <T> Entry<T> read(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return new Entry<>(null, null);
        }
        try {
            return new Entry<>(json.readerFor(type).withAttribute(JsonInput.NUL_ALLOWED, true).readValue(node), null);
        } catch (JacksonException e) {
            JsonNode id = node.get("id");
            return new Entry<>(null, new Receipts.Result(id != null && id.isString() ? id.asString() : null,
                    Receipts.Status.REJECTED, List.of(new Receipts.Problem(JsonInput.path(e), "pos.wrongShape"))));
        }
    }

    @PostMapping("/api/pos/v1/pair")
    @Operation(summary = "Exchange a one-time pairing code for a device token (shown once)")
    @ProblemResponses({400, 413, 415, 422, 429})
    @SecurityRequirements
    PairResponse pair(@Valid @RequestBody PairRequest request, HttpServletRequest http) {
        limits.checkPairing(http);
        PosDevices.Paired paired = devices.pair(request.code(), request.deviceName())
                .orElseThrow(() -> new RuleViolation("code", "pos.invalidPairingCode"));
        return new PairResponse(paired.deviceId(), paired.token(),
                new VenueOfDevice(paired.venueId(), paired.venueName(), paired.timezone().getId()),
                paired.currency());
    }
}
