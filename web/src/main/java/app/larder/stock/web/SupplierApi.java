package app.larder.stock.web;

import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import app.larder.stock.Supplier;
import app.larder.stock.Suppliers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Suppliers, with the items they deliver and their last prices. Everyone reads; owners and managers edit. */
@RestController
@Tag(name = "Suppliers")
class SupplierApi {

    static final Set<String> SORTS = Set.of("name", "createdAt");

    private final Suppliers suppliers;

    SupplierApi(Suppliers suppliers) {
        this.suppliers = suppliers;
    }

    /** {@code version}, when sent on a change, is the version edited: a change saved in between answers 409. */
    record SupplierRequest(@NotBlank @Size(max = 200) String name, @Size(max = 50) String taxId,
                           @Size(max = 50) String phone, @Size(max = 200) String email,
                           @Size(max = 200) String contactPerson, @Size(max = 500) String address,
                           @Size(max = 4000) String notes, Long version) {
        Suppliers.SupplierDetails details() {
            return new Suppliers.SupplierDetails(name, taxId, phone, email, contactPerson, address, notes);
        }
    }

    /** An item the supplier delivers: its price per stock unit (kg, l, pcs) in their latest posted supply of it. */
    record SuppliedItemResponse(UUID ingredientId, String name, String stockUnit, String lastPrice,
                                UUID lastSupplyId, Instant lastSuppliedAt) {
    }

    record SupplierResponse(UUID id, long version, String name, String taxId, String phone, String email,
                            String contactPerson, String address, String notes, boolean archived,
                            List<SuppliedItemResponse> items) {
        static SupplierResponse of(Supplier s, List<SuppliedItemResponse> items) {
            return new SupplierResponse(s.getId(), s.getVersion() == null ? 0 : s.getVersion(), s.getName(),
                    s.getTaxId(), s.getPhone(), s.getEmail(), s.getContactPerson(), s.getAddress(), s.getNotes(),
                    s.isArchived(), items);
        }
    }

    @GetMapping("/api/v1/suppliers")
    @Operation(summary = "Suppliers, searched by name, tax id or contact person; items are left out of the list")
    PageOf<SupplierResponse> list(@RequestParam(required = false) String q,
                                  @RequestParam(defaultValue = "false") boolean includeArchived,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size,
                                  @RequestParam(required = false) String sort) {
        return PageOf.of(suppliers.search(new Suppliers.SupplierQuery(q, includeArchived),
                Paging.of(page, size, sort, SORTS, "name")), s -> SupplierResponse.of(s, null));
    }

    @GetMapping("/api/v1/suppliers/{id}")
    @Operation(summary = "A supplier with the items it delivers and the price of each in its latest posted supply")
    SupplierResponse get(@PathVariable UUID id) {
        return full(id);
    }

    @PostMapping("/api/v1/suppliers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SupplierResponse create(@Valid @RequestBody SupplierRequest request) {
        return full(suppliers.create(request.details()).getId());
    }

    @PutMapping("/api/v1/suppliers/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a supplier; send the version you edited to be told (409) of a change in between")
    SupplierResponse change(@PathVariable UUID id, @Valid @RequestBody SupplierRequest request) {
        suppliers.change(id, request.version(), request.details());
        return full(id);
    }

    @PostMapping("/api/v1/suppliers/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SupplierResponse archive(@PathVariable UUID id) {
        suppliers.archive(id);
        return full(id);
    }

    @PostMapping("/api/v1/suppliers/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SupplierResponse restore(@PathVariable UUID id) {
        suppliers.restore(id);
        return full(id);
    }

    private SupplierResponse full(UUID id) {
        Supplier supplier = suppliers.get(id);
        return SupplierResponse.of(supplier, suppliers.items(id).stream()
                .map(i -> new SuppliedItemResponse(i.ingredientId(), i.ingredientName(), i.stockUnit(),
                        Decimals.plain(i.lastPricePerStockUnit()), i.supplyId(), i.suppliedAt()))
                .toList());
    }
}
