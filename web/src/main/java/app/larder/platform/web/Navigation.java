package app.larder.platform.web;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The main menu, by area. Features add their pages by declaring {@link Entry} beans; an area shows only when
 * something in it exists and the user's role may open it.
 */
@Component
public class Navigation {

    /** The areas, in the order the menu shows them. */
    public enum Area { MENU, STOCK, SALES, FINANCE, MARKETING, CUSTOMERS, REPORTS, SETTINGS }

    /** One page in the menu: its area, message key, path, position, and the roles that see it (empty: all). */
    public record Entry(Area area, String labelKey, String path, int order, Set<String> roles) {
        public Entry {
            roles = Set.copyOf(roles);
        }

        public static Entry of(Area area, String labelKey, String path, int order, String... roles) {
            return new Entry(area, labelKey, path, order, Set.of(roles));
        }

        boolean visibleTo(String role) {
            return roles.isEmpty() || roles.contains(role);
        }
    }

    /** An area with the entries the user sees, for the layout. */
    public record Section(Area area, String labelKey, List<Entry> entries) {
        /** True when the page at {@code path} belongs to this area, to highlight it. */
        public boolean contains(String path) {
            return path != null && entries.stream().anyMatch(e -> path.startsWith(e.path()));
        }
    }

    private final List<Entry> entries;

    Navigation(List<Entry> entries) {
        this.entries = entries.stream().sorted(Comparator.comparingInt(Entry::order)).toList();
    }

    public List<Section> forRole(String role) {
        Map<Area, List<Entry>> byArea = new LinkedHashMap<>();
        Arrays.stream(Area.values()).forEach(a -> byArea.put(a, new ArrayList<>()));
        entries.stream().filter(e -> e.visibleTo(role)).forEach(e -> byArea.get(e.area()).add(e));
        return byArea.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new Section(e.getKey(), "nav.area." + e.getKey().name().toLowerCase(), e.getValue()))
                .toList();
    }
}
