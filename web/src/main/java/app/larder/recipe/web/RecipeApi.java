package app.larder.recipe.web;

import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import app.larder.recipe.Costing;
import app.larder.recipe.SemiFinishedProduct;
import app.larder.recipe.SemiFinishedProducts;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCardLine;
import app.larder.recipe.TechCards;
import app.larder.shared.Unit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Semi-finished products, their tech cards with versions, and cost prices. */
@RestController
@Tag(name = "Recipes", description = "Semi-finished products, tech cards, cost prices")
class RecipeApi {

    static final Set<String> SORTS = Set.of("name", "createdAt");

    private final SemiFinishedProducts semis;
    private final TechCards techCards;
    private final Costing costing;

    RecipeApi(SemiFinishedProducts semis, TechCards techCards, Costing costing) {
        this.semis = semis;
        this.techCards = techCards;
        this.costing = costing;
    }

    /** {@code unit}: kg, l or pcs, what it is measured and costed in. */
    record SemiRequest(@NotBlank @Size(max = 200) String name, String unit, BigDecimal pieceSize) {
    }

    record SemiResponse(UUID id, String name, String unit, String pieceSize, String cost, boolean archived) {
        static SemiResponse of(SemiFinishedProduct p, BigDecimal cost) {
            return new SemiResponse(p.getId(), p.getName(), p.getStockUnit().symbol(), Decimals.plain(p.getPieceSize()),
                    Decimals.plain(cost), p.isArchived());
        }
    }

    /**
     * One line: {@code kind} INGREDIENT or SEMI; {@code quantity} in {@code unit} (g, kg, ml, l, pcs); gross unless
     * {@code net} is true, then the gross is worked out through the processing method's loss.
     */
    record LineRequest(@NotNull TechCardLine.ComponentKind kind, @NotNull UUID componentId,
                       @NotNull BigDecimal quantity, @NotBlank String unit, Boolean net, UUID processingMethodId) {
    }

    /** {@code validFrom} with an offset; none means now. {@code yieldQuantity} in {@code yieldUnit}. */
    record TechCardRequest(OffsetDateTime validFrom, @NotNull BigDecimal yieldQuantity, String yieldUnit,
                           BigDecimal portionOutput, @Size(max = 4000) String notes,
                           @NotEmpty List<@Valid LineRequest> lines) {
    }

    record LineResponse(String kind, UUID componentId, String componentName, String unit, String gross,
                        String lossPercent, String net, String unitCost, String cost) {
    }

    record TechCardResponse(UUID id, UUID productId, String productKind, Instant validFrom, String yieldQuantity,
                            String yieldUnit, String portionOutput, String notes, List<LineResponse> lines,
                            String totalCost, String costPerUnit, String unit, boolean complete) {
    }

    record CostChangeResponse(String before, String after, Instant changedAt, String cause, UUID causeId,
                              String causeName) {
    }

    record Recalculated(int changed) {
    }

    @GetMapping("/api/v1/semi-finished-products")
    PageOf<SemiResponse> list(@RequestParam(required = false) String q,
                              @RequestParam(defaultValue = "false") boolean includeArchived,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size,
                              @RequestParam(required = false) String sort) {
        return PageOf.of(semis.search(q, includeArchived, Paging.of(page, size, sort, SORTS, "name")),
                row -> SemiResponse.of(row.product(), row.cost()));
    }

    @GetMapping("/api/v1/semi-finished-products/{id}")
    SemiResponse get(@PathVariable UUID id) {
        SemiFinishedProduct product = semis.get(id);
        return SemiResponse.of(product, costing.costs(Set.of(id)).get(id));
    }

    @PostMapping("/api/v1/semi-finished-products")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SemiResponse create(@Valid @RequestBody SemiRequest request) {
        Unit unit = Decimals.unit("unit", request.unit() == null ? "kg" : request.unit());
        return SemiResponse.of(semis.create(request.name(), unit.dimension(), request.pieceSize()), null);
    }

    @PutMapping("/api/v1/semi-finished-products/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SemiResponse change(@PathVariable UUID id, @Valid @RequestBody SemiRequest request) {
        SemiFinishedProduct product = semis.change(id, request.name(), request.pieceSize());
        return SemiResponse.of(product, costing.costs(Set.of(id)).get(id));
    }

    @PostMapping("/api/v1/semi-finished-products/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SemiResponse archive(@PathVariable UUID id) {
        return SemiResponse.of(semis.archive(id), costing.costs(Set.of(id)).get(id));
    }

    @PostMapping("/api/v1/semi-finished-products/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    SemiResponse restore(@PathVariable UUID id) {
        return SemiResponse.of(semis.restore(id), costing.costs(Set.of(id)).get(id));
    }

    @GetMapping("/api/v1/semi-finished-products/{id}/tech-cards")
    @Operation(summary = "Every version of the tech card, newest first")
    List<TechCardResponse> versions(@PathVariable UUID id) {
        semis.get(id);
        return techCards.versions(id).stream().map(this::response).toList();
    }

    @GetMapping("/api/v1/semi-finished-products/{id}/tech-card")
    @Operation(summary = "The version in force at a moment (now by default), priced at today's unit costs")
    TechCardResponse inForce(@PathVariable UUID id,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                             OffsetDateTime at) {
        semis.get(id);
        return techCards.inForce(id, at == null ? Instant.now() : at.toInstant()).map(this::response)
                .orElseThrow(() -> new app.larder.platform.NotFoundException("tech card", id));
    }

    @PostMapping("/api/v1/semi-finished-products/{id}/tech-cards")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Save a new version of the tech card, in force from validFrom; earlier versions stay")
    TechCardResponse saveVersion(@PathVariable UUID id, @Valid @RequestBody TechCardRequest request) {
        return response(techCards.saveForSemi(id, version(request)));
    }

    @GetMapping("/api/v1/tech-cards/{id}")
    TechCardResponse techCard(@PathVariable UUID id) {
        return response(techCards.get(id));
    }

    @GetMapping("/api/v1/cost-prices/{productId}/history")
    @Operation(summary = "How the cost price of a product moved, and what moved it")
    List<CostChangeResponse> history(@PathVariable UUID productId,
                                     @RequestParam(defaultValue = "50") int limit) {
        return costing.history(productId, Math.max(1, Math.min(limit, 500))).stream()
                .map(c -> new CostChangeResponse(Decimals.plain(c.before()), Decimals.plain(c.after()),
                        c.changedAt(), c.cause(), c.causeId(), c.causeName()))
                .toList();
    }

    @PostMapping("/api/v1/cost-prices/recalculate")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Recalculate every cost price of the business from scratch")
    Recalculated recalculate() {
        return new Recalculated(costing.recalculateAll());
    }

    static TechCards.NewVersion version(TechCardRequest r) {
        List<TechCards.LineInput> lines = r.lines().stream().map(l -> new TechCards.LineInput(l.kind(),
                l.componentId(), l.quantity(), Decimals.unit("unit", l.unit()), Boolean.TRUE.equals(l.net()),
                l.processingMethodId()))
                .toList();
        return new TechCards.NewVersion(r.validFrom() == null ? null : r.validFrom().toInstant(),
                r.yieldQuantity(), r.yieldUnit() == null ? null : Decimals.unit("yieldUnit", r.yieldUnit()),
                r.portionOutput(), r.notes(), lines);
    }

    private TechCardResponse response(TechCard card) {
        TechCards.Breakdown b = techCards.breakdown(card);
        List<LineResponse> lines = b.lines().stream().map(l -> new LineResponse(l.kind().name(), l.componentId(),
                l.componentName(), l.baseUnit().symbol(), Decimals.plain(l.gross()), Decimals.plain(l.lossPercent()),
                Decimals.plain(l.net()), Decimals.plain(l.unitCost()), Decimals.plain(l.cost()))).toList();
        return new TechCardResponse(card.getId(), card.getProductId(), card.getProductKind().name(),
                card.getValidFrom(), Decimals.plain(card.getYieldQuantity()),
                card.getProductKind() == TechCard.ProductKind.DISH ? "portion" : b.unit().dimension().base().symbol(),
                Decimals.plain(card.getPortionOutput()), card.getNotes(), lines, Decimals.plain(b.total()),
                Decimals.plain(b.perUnit()), b.unit().symbol(), b.complete());
    }
}
