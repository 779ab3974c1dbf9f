package app.larder.platform.web;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Links for list pages that keep the current search and filters: another page, or another sort.
 * Templates reach it as the model attribute {@code links} (a bean reference is refused inside fragments).
 */
@Component
public class PageLinks {

    public String to(int page) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).build()
                .toUriString();
    }

    public String sortBy(String property) {
        String sort = sortedBy(property) && !descending() ? property + ",desc" : property;
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page")
                .replaceQueryParam("sort", sort).build().toUriString();
    }

    public boolean sortedBy(String property) {
        String sort = currentSort();
        return sort != null && sort.split(",")[0].equals(property);
    }

    public boolean descending() {
        String sort = currentSort();
        return sort != null && sort.endsWith(",desc");
    }

    private static String currentSort() {
        return ServletUriComponentsBuilder.fromCurrentRequest().build().getQueryParams().getFirst("sort");
    }
}
