package app.larder.menu;

import app.larder.business.BusinessSignedUp;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo café's menu: about 65 ingredients, semi-finished products nested two levels (pizza base from dough and
 * sauce), 43 menu items in eight categories, and milk and extra-shot modifiers on the coffee. Loaded through the
 * same spreadsheet import a business moving in would use, from the CSV files under {@code demo/}.
 */
@Component
class DemoMenu {

    private static final Set<String> MILK_DRINKS = Set.of("Cappuccino", "Latte", "Flat white", "Vanilla latte",
            "Caramel macchiato", "Iced latte");

    private final Spreadsheets spreadsheets;
    private final Ingredients ingredients;
    private final ModifierGroups modifierGroups;
    private final MenuItems menuItems;

    DemoMenu(Spreadsheets spreadsheets, Ingredients ingredients, ModifierGroups modifierGroups, MenuItems menuItems) {
        this.spreadsheets = spreadsheets;
        this.ingredients = ingredients;
        this.modifierGroups = modifierGroups;
        this.menuItems = menuItems;
    }

    @EventListener
    void onSignedUp(BusinessSignedUp event) {
        if (!event.demo()) {
            return;
        }
        require(spreadsheets.importIngredients(read("ingredients.csv"), false));
        require(spreadsheets.importMenuItems(read("menu-items.csv"), false));
        require(spreadsheets.importTechCards(read("tech-cards.csv"), false));
        Map<String, UUID> stock = ingredients.all().stream()
                .collect(Collectors.toMap(Ingredient::getName, Ingredient::getId));
        ModifierGroup milk = modifierGroups.create(new ModifierGroups.GroupInput("Milk", 0, 1, List.of(
                new ModifierGroups.OptionInput(null, "Oat milk", new BigDecimal("20"), ModifierOption.Effect.REPLACE,
                        stock.get("Oat milk"), new BigDecimal("200"), stock.get("Milk 2.5%")))));
        ModifierGroup extras = modifierGroups.create(new ModifierGroups.GroupInput("Extras", 0, 2, List.of(
                new ModifierGroups.OptionInput(null, "Extra shot", new BigDecimal("25"), ModifierOption.Effect.ADD,
                        stock.get("Coffee beans"), new BigDecimal("9"), null),
                new ModifierGroups.OptionInput(null, "Cinnamon", new BigDecimal("5"), ModifierOption.Effect.ADD,
                        stock.get("Cinnamon"), new BigDecimal("1"), null))));
        Map<String, MenuItem> items = menuItems.all().stream()
                .collect(Collectors.toMap(MenuItem::getName, Function.identity(), (a, b) -> a));
        for (String drink : MILK_DRINKS) {
            menuItems.offerModifiers(items.get(drink).getId(), List.of(milk.getId(), extras.getId()));
        }
        for (String drink : List.of("Espresso", "Americano", "Raf")) {
            menuItems.offerModifiers(items.get(drink).getId(), List.of(extras.getId()));
        }
    }

    private static void require(Spreadsheets.Report report) {
        if (!report.applied() || !report.problems().isEmpty()) {
            throw new IllegalStateException("The demo menu does not import cleanly: " + report.problems());
        }
    }

    private static String read(String file) {
        try {
            return new ClassPathResource("demo/" + file).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
