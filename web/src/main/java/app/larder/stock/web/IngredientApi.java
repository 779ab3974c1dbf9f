package app.larder.stock.web;

import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.ProcessingMethod;
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

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Ingredients and their processing methods. Everyone reads; owners and managers edit. */
@RestController
@Tag(name = "Ingredients")
class IngredientApi {

    static final Set<String> SORTS = Set.of("name", "category", "createdAt");

    private final Ingredients ingredients;

    IngredientApi(Ingredients ingredients) {
        this.ingredients = ingredients;
    }

    /**
     * {@code unit} is the unit it is counted and priced in (kg, l or pcs; g and ml mean kg and l);
     * {@code unitCost} per that unit; {@code pieceSize} grams or millilitres in one piece;
     * {@code purchaseUnitSize} base units (g, ml, pcs) in one purchase unit.
     */
    record IngredientRequest(@NotBlank @Size(max = 200) String name, @Size(max = 100) String category,
                             @NotBlank String unit, BigDecimal pieceSize, @Size(max = 50) String purchaseUnitName,
                             BigDecimal purchaseUnitSize, BigDecimal unitCost) {
    }

    record PurchaseUnit(String name, String size) {
    }

    record IngredientResponse(UUID id, String name, String category, String unit, String pieceSize,
                              PurchaseUnit purchaseUnit, String unitCost, boolean archived) {
        static IngredientResponse of(Ingredients.IngredientRow row) {
            Ingredient i = row.ingredient();
            return new IngredientResponse(i.getId(), i.getName(), i.getCategory(), i.getStockUnit().symbol(),
                    Decimals.plain(i.getPieceSize()), i.getPurchaseUnitName() == null ? null
                    : new PurchaseUnit(i.getPurchaseUnitName(), Decimals.plain(i.getPurchaseUnitSize())),
                    Decimals.plain(row.unitCost()), i.isArchived());
        }
    }

    record UnitCostRequest(@NotNull BigDecimal unitCost) {
    }

    record MethodRequest(@NotBlank @Size(max = 100) String name, @NotNull BigDecimal lossPercent) {
    }

    record MethodResponse(UUID id, UUID ingredientId, String name, String lossPercent) {
        static MethodResponse of(ProcessingMethod m) {
            return new MethodResponse(m.getId(), m.getIngredientId(), m.getName(), Decimals.plain(m.getLossPercent()));
        }
    }

    @GetMapping("/api/v1/ingredients")
    @Operation(summary = "Ingredients with their current unit cost, searched by name, filtered by category")
    PageOf<IngredientResponse> list(@RequestParam(required = false) String q,
                                    @RequestParam(required = false) String category,
                                    @RequestParam(defaultValue = "false") boolean includeArchived,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size,
                                    @RequestParam(required = false) String sort) {
        return PageOf.of(ingredients.search(new Ingredients.IngredientQuery(q, category, includeArchived),
                Paging.of(page, size, sort, SORTS, "name")), IngredientResponse::of);
    }

    @GetMapping("/api/v1/ingredients/{id}")
    IngredientResponse get(@PathVariable UUID id) {
        return IngredientResponse.of(ingredients.get(id));
    }

    @PostMapping("/api/v1/ingredients")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    IngredientResponse create(@Valid @RequestBody IngredientRequest request) {
        return IngredientResponse.of(ingredients.get(ingredients.create(details(request)).getId()));
    }

    @PutMapping("/api/v1/ingredients/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change an ingredient; its unit (kg, l, pcs) cannot change. A new unitCost recalculates "
            + "the cost price of every tech card using it.")
    IngredientResponse change(@PathVariable UUID id, @Valid @RequestBody IngredientRequest request) {
        ingredients.change(id, details(request));
        return IngredientResponse.of(ingredients.get(id));
    }

    @PutMapping("/api/v1/ingredients/{id}/unit-cost")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Set the unit cost by hand, per kg, l or pcs; cost prices follow at once")
    IngredientResponse unitCost(@PathVariable UUID id, @Valid @RequestBody UnitCostRequest request) {
        ingredients.setUnitCost(id, request.unitCost());
        return IngredientResponse.of(ingredients.get(id));
    }

    @PostMapping("/api/v1/ingredients/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    IngredientResponse archive(@PathVariable UUID id) {
        ingredients.archive(id);
        return IngredientResponse.of(ingredients.get(id));
    }

    @PostMapping("/api/v1/ingredients/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    IngredientResponse restore(@PathVariable UUID id) {
        ingredients.restore(id);
        return IngredientResponse.of(ingredients.get(id));
    }

    @GetMapping("/api/v1/ingredients/{id}/processing-methods")
    List<MethodResponse> methods(@PathVariable UUID id) {
        return ingredients.methodsOf(id).stream().map(MethodResponse::of).toList();
    }

    @PostMapping("/api/v1/ingredients/{id}/processing-methods")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Add a processing method with its loss in percent (0 to under 100)")
    MethodResponse addMethod(@PathVariable UUID id, @Valid @RequestBody MethodRequest request) {
        return MethodResponse.of(ingredients.addMethod(id, request.name(), request.lossPercent()));
    }

    @PutMapping("/api/v1/processing-methods/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Change a method; tech cards saved before keep the loss they were saved with")
    MethodResponse changeMethod(@PathVariable UUID id, @Valid @RequestBody MethodRequest request) {
        return MethodResponse.of(ingredients.changeMethod(id, request.name(), request.lossPercent()));
    }

    private static Ingredients.IngredientDetails details(IngredientRequest r) {
        return new Ingredients.IngredientDetails(r.name(), r.category(),
                Decimals.unit("unit", r.unit()).dimension(), r.pieceSize(), r.purchaseUnitName(),
                r.purchaseUnitSize(), r.unitCost());
    }
}
