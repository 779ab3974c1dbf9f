package app.larder.menu;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The menu list's cost, markup and food cost, prices per venue, and modifiers, against arithmetic done by hand. */
class MenuTest extends IntegrationTest {

    private TestBusiness cafe;
    private UUID coffee;
    private UUID milk;
    private UUID oatMilk;
    private UUID cola;
    private UUID drinks;
    private UUID coffees;

    @BeforeEach
    void menu() throws Exception {
        cafe = signUp("Coffee Bar " + UUID.randomUUID().toString().substring(0, 6));
        coffee = id(created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\", \"unitCost\": \"800\"}"));
        milk = id(created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\", \"unitCost\": \"40\"}"));
        oatMilk = id(created("/api/v1/ingredients", "{\"name\": \"Oat milk\", \"unit\": \"l\", \"unitCost\": \"120\"}"));
        cola = id(created("/api/v1/ingredients", "{\"name\": \"Cola 0.33\", \"unit\": \"pcs\", \"unitCost\": \"18\"}"));
        drinks = id(created("/api/v1/categories", "{\"name\": \"Drinks\"}"));
        coffees = id(created("/api/v1/categories", "{\"name\": \"Coffee\", \"parentId\": \"%s\"}".formatted(drinks)));
    }

    @Test
    void theMenuListShowsCostPriceMarkupAndFoodCostAndFollowsIngredientPrices() throws Exception {
        UUID cappuccino = cappuccino();
        created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "stockItemId": "%s", "price": "45"}"""
                .formatted(drinks, cola));

        // Cappuccino: 18 g coffee × 800/kg = 14.40, 180 ml milk × 40/l = 7.20: 21.60 a portion.
        // At 65.00: markup (65 − 21.60) / 21.60 = 200.9 %; food cost 21.60 / 65 = 33.2 %, above the 30 % target.
        // Cola: one bottle at 18.00 sold at 45: markup 150.0 %, food cost 40.0 %.
        mvc.perform(get("/api/v1/menu-items").param("sort", "name").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(2))
                .andExpect(jsonPath("$.items[0].name").value("Cappuccino"))
                .andExpect(jsonPath("$.items[0].cost").value("21.6"))
                .andExpect(jsonPath("$.items[0].price").value("65"))
                .andExpect(jsonPath("$.items[0].markupPercent").value("200.9"))
                .andExpect(jsonPath("$.items[0].foodCostPercent").value("33.2"))
                .andExpect(jsonPath("$.items[0].aboveTarget").value(true))
                .andExpect(jsonPath("$.items[0].categoryName").value("Coffee"))
                .andExpect(jsonPath("$.items[1].name").value("Cola"))
                .andExpect(jsonPath("$.items[1].cost").value("18"))
                .andExpect(jsonPath("$.items[1].markupPercent").value("150.0"))
                .andExpect(jsonPath("$.items[1].foodCostPercent").value("40.0"))
                .andExpect(jsonPath("$.items[1].aboveTarget").value(true));

        // Milk goes to 50 a litre: 180 ml × 50/l = 9.00, so the cappuccino costs 14.40 + 9.00 = 23.40.
        mvc.perform(json(put("/api/v1/ingredients/{id}/unit-cost", milk).with(bearer(cafe.ownerToken())),
                "{\"unitCost\": \"50\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/menu-items").param("q", "cappu").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].cost").value("23.4"));

        // A 45 % target: neither is above it any more; sorted by food cost, highest first: cola 40.0, cappuccino 36.0.
        mvc.perform(json(put("/api/v1/menu-settings").with(bearer(cafe.ownerToken())), "{\"foodCostTarget\": \"45\"}"))
                .andExpect(jsonPath("$.foodCostTarget").value("45"));
        mvc.perform(get("/api/v1/menu-items").param("sort", "foodCost,desc").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].name").value("Cola"))
                .andExpect(jsonPath("$.items[1].foodCostPercent").value("36.0"))
                .andExpect(jsonPath("$.items[1].aboveTarget").value(false));
        mvc.perform(get("/api/v1/menu-items").param("aboveTarget", "true").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/menu-items").param("categoryId", drinks.toString()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
    }

    @Test
    void aVenueCanHaveItsOwnPrice() throws Exception {
        UUID cappuccino = cappuccino();
        UUID second = id(created("/api/v1/venues", "{\"name\": \"Station kiosk\", \"timezone\": \"Europe/Kyiv\"}"));
        mvc.perform(json(put("/api/v1/menu-items/{id}/prices", cappuccino).with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"price\": \"70.00\"}".formatted(second)))
                .andExpect(jsonPath("$.price").value("65"))
                .andExpect(jsonPath("$.venuePrices[0].price").value("70"));
        // At the kiosk: food cost 21.60 / 70 = 30.857 %, shown as 30.9.
        mvc.perform(get("/api/v1/menu-items").param("venueId", second.toString()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].price").value("70"))
                .andExpect(jsonPath("$.items[0].foodCostPercent").value("30.9"));
        mvc.perform(get("/api/v1/menu-items").param("venueId", cafe.venueId().toString())
                        .with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].price").value("65"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .delete("/api/v1/menu-items/{id}/prices/{venue}", cappuccino, second)
                        .with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.venuePrices.length()").value(0));
        mvc.perform(json(put("/api/v1/menu-items/{id}/prices", cappuccino).with(bearer(cafe.ownerToken())),
                        "{\"price\": \"-1\"}"))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void modifiersChangeTheCostOfAPortion() throws Exception {
        String milkGroup = created("/api/v1/modifier-groups", """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1, "options": [
                  {"name": "Oat milk", "priceDelta": "15", "effect": "REPLACE", "ingredientId": "%s",
                   "quantity": "180", "replacesIngredientId": "%s"}]}""".formatted(oatMilk, milk));
        String extras = created("/api/v1/modifier-groups", """
                {"name": "Extras", "minSelected": 0, "maxSelected": 1, "options": [
                  {"name": "Extra shot", "priceDelta": "20", "effect": "ADD", "ingredientId": "%s", "quantity": "9"}]}"""
                .formatted(coffee));
        UUID oat = UUID.fromString(JsonPath.read(milkGroup, "$.options[0].id"));
        UUID shot = UUID.fromString(JsonPath.read(extras, "$.options[0].id"));
        UUID cappuccino = cappuccino(id(milkGroup), id(extras));

        // Oat milk replaces the 180 ml of milk (7.20) with 180 ml of oat milk at 120/l (21.60): 21.60 − 7.20 + 21.60
        // = 36.00. An extra shot adds 9 g of coffee at 800/kg = 7.20: 28.80. Both: 43.20.
        assertCost(cappuccino, List.of(), "21.6");
        assertCost(cappuccino, List.of(oat), "36");
        assertCost(cappuccino, List.of(shot), "28.8");
        assertCost(cappuccino, List.of(oat, shot), "43.2");
        mvc.perform(get("/api/v1/menu-items/{id}/cost", cappuccino).param("optionIds", UUID.randomUUID().toString())
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());

        // Editing the group keeps the ids of the options sent with theirs.
        String edited = mvc.perform(json(put("/api/v1/modifier-groups/{id}", id(milkGroup))
                        .with(bearer(cafe.ownerToken())), """
                        {"name": "Milk", "minSelected": 0, "maxSelected": 1, "options": [
                          {"id": "%s", "name": "Oat milk", "priceDelta": "18", "effect": "REPLACE", "ingredientId": "%s",
                           "quantity": "180", "replacesIngredientId": "%s"}]}""".formatted(oat, oatMilk, milk)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<String>read(edited, "$.options[0].id")).isEqualTo(oat.toString());
        assertThat(JsonPath.<String>read(edited, "$.options[0].priceDelta")).isEqualTo("18");
    }

    @Test
    void badMenuInputIsRefusedByField() throws Exception {
        cappuccino();
        mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())), """
                        {"kind": "DISH", "categoryId": "%s", "name": "CAPPUCCINO"}""".formatted(coffees)))
                .andExpect(status().isConflict());
        mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())), """
                        {"kind": "DISH", "categoryId": "%s", "name": "Latte"}""".formatted(UUID.randomUUID())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("categoryId"));
        mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())), """
                        {"kind": "PRODUCT", "categoryId": "%s", "name": "Water"}""".formatted(drinks)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("stockItemId"));
        mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())), """
                        {"kind": "SOUP", "categoryId": "%s", "name": "Borscht"}""".formatted(drinks)))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/categories").with(bearer(cafe.ownerToken())), "{\"name\": \"coffee\", \"parentId\": \"%s\"}"
                        .formatted(drinks)))
                .andExpect(status().isConflict());
        mvc.perform(json(put("/api/v1/categories/{id}", drinks).with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Drinks\", \"parentId\": \"%s\"}".formatted(coffees)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("parentId"));
        mvc.perform(post("/api/v1/categories/{id}/archive", coffees).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(json(post("/api/v1/modifier-groups").with(bearer(cafe.ownerToken())), """
                        {"name": "Size", "minSelected": 2, "maxSelected": 1, "options": [{"name": "Large"}]}"""))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(json(put("/api/v1/menu-settings").with(bearer(cafe.ownerToken())), "{\"foodCostTarget\": \"100\"}"))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void anotherBusinessesMenuIsNotFound() throws Exception {
        UUID cappuccino = cappuccino();
        TestBusiness other = signUp("Other Coffee Bar");
        mvc.perform(get("/api/v1/menu-items/{id}", cappuccino).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/menu-items/{id}/cost", cappuccino).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/menu-items/{id}/prices", cappuccino).with(bearer(other.ownerToken())),
                "{\"price\": \"1\"}")).andExpect(status().isNotFound());
        mvc.perform(json(post("/api/v1/menu-items").with(bearer(other.ownerToken())), """
                        {"kind": "DISH", "categoryId": "%s", "name": "Stolen"}""".formatted(coffees)))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/v1/menu-items").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/categories").with(bearer(other.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$").isArray())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void aDishsTechCardHasVersionsAndAProductHasNone() throws Exception {
        UUID cappuccino = cappuccino();
        mvc.perform(get("/api/v1/menu-items/{id}/tech-card", cappuccino).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.costPerPortion").value("21.6"))
                .andExpect(jsonPath("$.portionOutput").value("200"));
        UUID colaItem = id(created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "stockItemId": "%s"}""".formatted(drinks, cola)));
        mvc.perform(json(post("/api/v1/menu-items/{id}/tech-cards", colaItem).with(bearer(cafe.ownerToken())), """
                        {"lines": [{"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "pcs"}]}"""
                        .formatted(cola)))
                .andExpect(status().isUnprocessableContent());
    }

    private UUID cappuccino(UUID... groups) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (UUID g : groups) {
            ids.append(ids.isEmpty() ? "" : ", ").append('"').append(g).append('"');
        }
        UUID item = id(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Cappuccino", "price": "65.00", "modifierGroupIds": [%s]}"""
                .formatted(coffees, ids)));
        created("/api/v1/menu-items/" + item + "/tech-cards", """
                {"portionOutput": "200", "lines": [
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "180", "unit": "ml"}]}""".formatted(coffee, milk));
        return item;
    }

    private void assertCost(UUID item, List<UUID> options, String expected) throws Exception {
        var request = get("/api/v1/menu-items/{id}/cost", item).with(bearer(cafe.ownerToken()));
        options.forEach(o -> request.param("optionIds", o.toString()));
        mvc.perform(request).andExpect(status().isOk()).andExpect(jsonPath("$.cost").value(expected));
    }

    private String created(String url, String body) throws Exception {
        return mvc.perform(json(post(url).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private static UUID id(String json) {
        return uuid(json, "$.id");
    }
}
