package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Page, size and sort from a request, limited to columns a list declares sortable (anything else is a clear 4xx,
 * not a database error). {@code sort} is {@code name} or {@code name,desc}.
 */
public final class Paging {

    public static final int MAX_SIZE = 100;

    private Paging() {
    }

    public static PageRequest of(Integer page, Integer size, String sort, Set<String> sortable, String defaultSort) {
        int p = page == null ? 0 : page;
        int s = size == null ? 25 : size;
        if (p < 0) {
            throw new RuleViolation("page", "validation.page");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new RuleViolation("size", "validation.size", MAX_SIZE);
        }
        String[] parts = (sort == null || sort.isBlank() ? defaultSort : sort).split(",");
        if (!sortable.contains(parts[0]) || parts.length > 2
                || (parts.length == 2 && !parts[1].equalsIgnoreCase("asc") && !parts[1].equalsIgnoreCase("desc"))) {
            throw new RuleViolation("sort", "validation.sort", String.join(", ", sortable));
        }
        Sort.Direction direction = parts.length == 2 && parts[1].equalsIgnoreCase("desc")
                ? Sort.Direction.DESC : Sort.Direction.ASC;
        return PageRequest.of(p, s, Sort.by(direction, parts[0]).and(Sort.by("id")));
    }

    /** A page of an API list. */
    public record PageOf<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
        public static <E, T> PageOf<T> of(Page<E> page, Function<E, T> map) {
            return new PageOf<>(page.getContent().stream().map(map).toList(), page.getNumber(), page.getSize(),
                    page.getTotalElements(), page.getTotalPages());
        }
    }
}
