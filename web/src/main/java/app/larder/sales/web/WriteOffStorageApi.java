package app.larder.sales.web;

import app.larder.business.Storage;
import app.larder.sales.SalesSettings;
import app.larder.sales.WriteOffStorages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Where each venue's sales are written off from: menu category → storage. */
@RestController
@Tag(name = "Sales write-offs", description = "The storage each menu category's sales are written off from, per venue")
class WriteOffStorageApi {

    private final WriteOffStorages writeOffStorages;
    private final SalesSettings salesSettings;

    WriteOffStorageApi(WriteOffStorages writeOffStorages, SalesSettings salesSettings) {
        this.writeOffStorages = writeOffStorages;
        this.salesSettings = salesSettings;
    }

    record SalesSettingsBody(@NotNull Boolean returnStockOnRefund) {
    }

    @GetMapping("/api/v1/venues/{venueId}/sales-settings")
    @Operation(summary = "Whether the venue's refunds return the ingredients of what they take back to stock")
    SalesSettingsBody salesSettings(@PathVariable UUID venueId) {
        return new SalesSettingsBody(salesSettings.returnsStockOnRefund(venueId));
    }

    @PutMapping("/api/v1/venues/{venueId}/sales-settings")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SalesSettingsBody changeSalesSettings(@PathVariable UUID venueId, @Valid @RequestBody SalesSettingsBody body) {
        salesSettings.setReturnsStockOnRefund(venueId, body.returnStockOnRefund());
        return new SalesSettingsBody(salesSettings.returnsStockOnRefund(venueId));
    }

    record RuleBody(@NotNull UUID categoryId, @NotNull UUID storageId) {
    }

    record RulesRequest(@NotNull List<@Valid @NotNull RuleBody> rules) {
    }

    /**
     * A category with the storage its sales go to: {@code source} is {@code rule} (its own), {@code inherited} (from
     * {@code ruleCategoryId}, an ancestor) or {@code default} (the venue's first active storage).
     */
    record CategoryStorageResponse(UUID categoryId, String name, int depth, UUID storageId, String storageName,
                                   String source, UUID ruleCategoryId) {
    }

    record SettingResponse(UUID venueId, UUID defaultStorageId, List<RuleBody> rules,
                           List<CategoryStorageResponse> categories) {
    }

    @GetMapping("/api/v1/venues/{venueId}/write-off-storages")
    @Operation(summary = "A venue's write-off storages: its rules, and every category with the storage it gets")
    SettingResponse get(@PathVariable UUID venueId) {
        return response(writeOffStorages.of(venueId));
    }

    @PutMapping("/api/v1/venues/{venueId}/write-off-storages")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Replace a venue's rules; a rule covers its category and the subcategories without their own")
    SettingResponse replace(@PathVariable UUID venueId, @Valid @RequestBody RulesRequest request) {
        return response(writeOffStorages.replace(venueId, request.rules().stream()
                .map(r -> new WriteOffStorages.Rule(r.categoryId(), r.storageId())).toList()));
    }

    static SettingResponse response(WriteOffStorages.Setting setting) {
        Map<UUID, String> names = setting.activeStorages().stream()
                .collect(Collectors.toMap(Storage::getId, Storage::getName));
        return new SettingResponse(setting.venue().getId(), setting.defaultStorage().getId(),
                setting.rules().stream().map(r -> new RuleBody(r.categoryId(), r.storageId())).toList(),
                setting.categories().stream().map(c -> new CategoryStorageResponse(c.categoryId(), c.name(),
                        c.depth(), c.storageId(), names.get(c.storageId()), source(c), c.ruleCategoryId())).toList());
    }

    private static String source(WriteOffStorages.CategoryStorage c) {
        if (c.ruleCategoryId() == null) {
            return "default";
        }
        return c.ruleCategoryId().equals(c.categoryId()) ? "rule" : "inherited";
    }
}
