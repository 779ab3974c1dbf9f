package app.larder.finance.web;

import app.larder.finance.FinanceCategories;
import app.larder.finance.FinanceCategory;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** Finance categories as a tree. Owners and accountants edit; system categories cannot be archived. */
@RestController
@Tag(name = "Finance: categories")
class FinanceCategoryApi {

    private final FinanceCategories categories;

    FinanceCategoryApi(FinanceCategories categories) {
        this.categories = categories;
    }

    record CategoryRequest(@NotBlank @Size(max = 200) String name, UUID parentId,
                           FinanceCategory.Direction direction, Boolean inPnl, Long version) {
        FinanceCategories.CategoryDetails details() {
            return new FinanceCategories.CategoryDetails(name, parentId, direction, inPnl);
        }
    }

    /** {@code systemKey}: set on the categories operations book into; {@code depth}: 0 at the top of the tree. */
    record CategoryResponse(UUID id, long version, String name, UUID parentId, FinanceCategory.Direction direction,
                            boolean inPnl, String systemKey, boolean archived, int depth, String path) {
        static CategoryResponse of(FinanceCategory c, int depth, String path) {
            return new CategoryResponse(c.getId(), c.getVersion() == null ? 0 : c.getVersion(), c.getName(),
                    c.getParentId(), c.getDirection(), c.isInPnl(), c.getSystemKey(), c.isArchived(), depth, path);
        }
    }

    @GetMapping("/api/v1/finance-categories")
    @Operation(summary = "Every category, archived ones too, as a tree: parents first, children after them by name")
    List<CategoryResponse> list() {
        return categories.tree().stream().map(n -> CategoryResponse.of(n.category(), n.depth(), n.path())).toList();
    }

    @GetMapping("/api/v1/finance-categories/{id}")
    CategoryResponse get(@PathVariable UUID id) {
        return one(id);
    }

    @PostMapping("/api/v1/finance-categories")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Add a category, under a parent of the same direction if given")
    CategoryResponse create(@Valid @RequestBody CategoryRequest request) {
        return one(categories.create(request.details()).getId());
    }

    @PutMapping("/api/v1/finance-categories/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Rename or move a category; send the version you edited to be told (409) of a change")
    CategoryResponse change(@PathVariable UUID id, @Valid @RequestBody CategoryRequest request) {
        categories.change(id, request.version(), request.details());
        return one(id);
    }

    @PostMapping("/api/v1/finance-categories/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    CategoryResponse archive(@PathVariable UUID id) {
        categories.archive(id);
        return one(id);
    }

    @PostMapping("/api/v1/finance-categories/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    CategoryResponse restore(@PathVariable UUID id) {
        categories.restore(id);
        return one(id);
    }

    private CategoryResponse one(UUID id) {
        categories.get(id);
        return categories.tree().stream().filter(n -> n.category().getId().equals(id)).findFirst()
                .map(n -> CategoryResponse.of(n.category(), n.depth(), n.path())).orElseThrow();
    }
}
