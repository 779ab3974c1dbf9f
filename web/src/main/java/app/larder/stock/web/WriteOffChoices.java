package app.larder.stock.web;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.StockQuantities.EnteredUnit;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the write-off and transfer pages offer and how they read what was typed: the storages the user sees (with
 * their venue), the ingredients, the units, and dates in a venue's time zone.
 */
@Component
class WriteOffChoices {

    /** Units a line may be entered in; blank means the ingredient's base unit. */
    static final List<EnteredUnit> UNITS = List.of(EnteredUnit.KG, EnteredUnit.G, EnteredUnit.L, EnteredUnit.ML,
            EnteredUnit.PCS, EnteredUnit.PURCHASE);

    private final Storages storages;
    private final Venues venues;
    private final Ingredients ingredients;

    WriteOffChoices(Storages storages, Venues venues, Ingredients ingredients) {
        this.storages = storages;
        this.venues = venues;
        this.ingredients = ingredients;
    }

    /** A storage to choose, named with its venue. */
    record StorageOption(UUID id, String name, String venueName, boolean archived) {
    }

    /** An ingredient to choose: its name, base unit and purchase unit, if any. */
    record IngredientOption(UUID id, String name, String baseUnit, String purchaseUnit, boolean archived) {
    }

    /** The active storages the user sees, and those {@code used} already (archived ones included). */
    List<StorageOption> storages(Collection<UUID> used) {
        Map<UUID, String> venueNames = venues.active().stream().collect(Collectors.toMap(Venue::getId,
                Venue::getName));
        List<Storage> all = new ArrayList<>(storages.search(new Storages.StorageQuery(null, null, true),
                Pageable.unpaged()).getContent());
        return all.stream()
                .filter(s -> !s.isArchived() || used.contains(s.getId()))
                .map(s -> new StorageOption(s.getId(), s.getName(), venueNames.computeIfAbsent(s.getVenueId(),
                        id -> venueName(id)), s.isArchived()))
                .sorted(java.util.Comparator.comparing(StorageOption::venueName).thenComparing(StorageOption::name))
                .toList();
    }

    private String venueName(UUID id) {
        try {
            return venues.get(id).getName();
        } catch (NotFoundException e) {
            return "";
        }
    }

    /** The active ingredients, and those {@code used} already. */
    List<IngredientOption> ingredients(Collection<UUID> used) {
        return ingredients.all().stream()
                .filter(i -> !i.isArchived() || used.contains(i.getId()))
                .map(i -> new IngredientOption(i.getId(), i.getName(), i.getDimension().base().name(),
                        i.getPurchaseUnitName(), i.isArchived()))
                .toList();
    }

    /** The time zone of a storage's venue, or {@code fallback} when the storage is not one the user sees. */
    ZoneId zoneOf(UUID storageId, ZoneId fallback) {
        if (storageId == null) {
            return fallback;
        }
        try {
            return venues.get(storages.get(storageId).getVenueId()).getTimezone();
        } catch (NotFoundException e) {
            return fallback;
        }
    }

    /** A moment as a datetime-local input shows it, to the second: 2026-03-01T10:00:37. */
    static String local(Instant moment, ZoneId zone) {
        return LocalDateTime.ofInstant(moment.truncatedTo(ChronoUnit.SECONDS), zone).toString();
    }

    /** A moment as a person reads it, in a venue's time zone. */
    static String shown(Instant moment, ZoneId zone) {
        return moment == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).withZone(zone).format(moment);
    }

    static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            // Not an id of anything: the service says so, under the field.
            return new UUID(0, 0);
        }
    }

    /**
     * A number as typed, with a dot or a decimal comma; what cannot be read goes onto the form under
     * {@code field} and gives null.
     */
    static BigDecimal number(String text, String field, BindingResult result) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String cleaned = text.trim().replace(" ", "").replace("\u00a0", "");
        if (!cleaned.contains(".") && cleaned.indexOf(',') == cleaned.lastIndexOf(',')) {
            cleaned = cleaned.replace(',', '.');
        }
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            result.rejectValue(field, "typeMismatch", "typeMismatch");
            return null;
        }
    }

    /** Lookups by id for a page. */
    static <T> Map<UUID, T> byId(Collection<T> items, Function<T, UUID> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }

    Ingredient ingredient(UUID id) {
        return ingredients.get(id).ingredient();
    }
}
