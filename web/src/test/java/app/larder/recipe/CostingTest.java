package app.larder.recipe;

import app.larder.platform.tenancy.TenantContext;
import app.larder.recipe.TechCardLine.ComponentKind;
import app.larder.shared.Unit;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Cost prices through three levels of nesting, with losses, yields and a conversion from grams to pieces, each
 * checked against arithmetic done by hand in the comments.
 */
class CostingTest extends IntegrationTest {

    @Autowired
    TechCards techCards;
    @Autowired
    Costing costing;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID tomatoes;
    private UUID cleaning;
    private UUID oil;
    private UUID salt;
    private UUID eggs;
    private UUID flour;

    @BeforeEach
    void pantry() throws Exception {
        cafe = signUp("Pizzeria " + UUID.randomUUID().toString().substring(0, 6));
        tomatoes = ingredient("Tomatoes", "kg", "40.00", null);
        cleaning = uuid(created("/api/v1/ingredients/" + tomatoes + "/processing-methods",
                "{\"name\": \"Cleaning\", \"lossPercent\": \"20\"}"), "$.id");
        oil = ingredient("Olive oil", "l", "300.00", null);
        salt = ingredient("Salt", "kg", "20.00", null);
        eggs = ingredient("Eggs", "pcs", "6.00", "50");
        flour = ingredient("Flour", "kg", "25.00", null);
    }

    @Test
    void costPricesFollowNestingLossesYieldsAndUnitConversions() throws Exception {
        // Tomato sauce makes 1.2 kg from 1.2 kg of cleaned tomatoes (gross 1200 / 0.8 = 1500 g), 100 ml oil, 20 g salt:
        // 1500 g × 40/kg = 60.00; 100 ml × 300/l = 30.00; 20 g × 20/kg = 0.40; total 90.40; per kg 90.40 / 1.2
        // = 75.333333.
        UUID sauce = semi("Tomato sauce", "kg");
        String sauceCard = saveCard(sauce, "1.2", "kg", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1.2", "unit": "kg", "net": true,
                 "processingMethodId": "%s"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "100", "unit": "ml"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "20", "unit": "g"}"""
                .formatted(tomatoes, cleaning, oil, salt));
        assertThat(JsonPath.<String>read(sauceCard, "$.lines[0].gross")).isEqualTo("1500");
        assertThat(JsonPath.<String>read(sauceCard, "$.lines[0].net")).isEqualTo("1200");
        assertThat(JsonPath.<String>read(sauceCard, "$.totalCost")).isEqualTo("90.4");
        assertCost(sauce, "75.333333");

        // Pizza base makes 4 pieces from 1 kg flour (25.00), 100 g of eggs = 2 eggs at 50 g each (2 × 6.00 = 12.00)
        // and 300 g of sauce (90.40 × 300/1200 = 22.60): 59.60 in all, 14.90 a piece.
        UUID base = semi("Pizza base", "pcs");
        saveCard(base, "4", "pcs", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "kg"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "100", "unit": "g"},
                {"kind": "SEMI", "componentId": "%s", "quantity": "300", "unit": "g"}"""
                .formatted(flour, eggs, sauce));
        assertCost(base, "14.9");

        // Margherita, a dish: 1 base (14.90), 50 g sauce (90.40 × 50/1200 = 3.766667), 10 ml oil (3.00) = 21.666667.
        UUID margherita = UUID.randomUUID();
        asOwner(() -> techCards.saveForDish(margherita, "Margherita", new TechCards.NewVersion(null, null, null,
                new BigDecimal("350"), null, List.of(
                new TechCards.LineInput(ComponentKind.SEMI, base, BigDecimal.ONE, Unit.PCS, false, null),
                new TechCards.LineInput(ComponentKind.SEMI, sauce, new BigDecimal("50"), Unit.G, false, null),
                new TechCards.LineInput(ComponentKind.INGREDIENT, oil, BigDecimal.TEN, Unit.ML, false, null)))));
        assertThat(costOf(margherita)).isEqualByComparingTo("21.666667");

        // Tomatoes go from 40 to 50 a kg: the change moves three levels at once.
        // Sauce: 1500 × 50/1000 = 75 + 30 + 0.40 = 105.40, per kg 87.833333.
        // Base: 25 + 12 + 105.40 × 300/1200 (26.35) = 63.35, per piece 15.8375.
        // Margherita: 15.8375 + 105.40 × 50/1200 (4.391667) + 3 = 23.229167.
        mvc.perform(json(put("/api/v1/ingredients/{id}/unit-cost", tomatoes).with(bearer(cafe.ownerToken())),
                "{\"unitCost\": \"50.00\"}")).andExpect(status().isOk());
        assertCost(sauce, "87.833333");
        assertCost(base, "15.8375");
        assertThat(costOf(margherita)).isEqualByComparingTo("23.229167");

        mvc.perform(get("/api/v1/cost-prices/{id}/history", margherita).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$[0].before").value("21.666667"))
                .andExpect(jsonPath("$[0].after").value("23.229167"))
                .andExpect(jsonPath("$[0].cause").value("unit-cost"))
                .andExpect(jsonPath("$[0].causeName").value("Tomatoes"))
                .andExpect(jsonPath("$[1].cause").value("tech-card"));

        // A full recalculation from scratch finds nothing to change.
        mvc.perform(post("/api/v1/cost-prices/recalculate").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.changed").value(0));
    }

    @Test
    void aPastMomentGetsTheTechCardInForceThen() throws Exception {
        UUID syrup = semi("Vanilla syrup", "l");
        Instant lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        saveCard(syrup, lastWeek, "1", "l", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "500", "unit": "g"}""".formatted(salt));
        saveCard(syrup, yesterday, "1", "l", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "800", "unit": "g"}""".formatted(salt));

        mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-card", syrup).param("at",
                        lastWeek.plus(1, ChronoUnit.HOURS).toString()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.lines[0].gross").value("500"));
        mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-card", syrup).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.lines[0].gross").value("800"));
        mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-cards", syrup).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.length()").value(2));
        // The cost is the current version's: 800 g × 20/kg = 16.00 a litre.
        assertCost(syrup, "16");
        mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-card", syrup)
                        .param("at", lastWeek.minus(1, ChronoUnit.DAYS).toString()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void aVersionSavedForLaterTakesEffectWhenItsTimeComes() throws Exception {
        UUID syrup = semi("Lemon syrup", "l");
        saveCard(syrup, "1", "l", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "500", "unit": "g"}""".formatted(salt));
        Instant soon = Instant.now().plusMillis(1500);
        saveCard(syrup, soon, "1", "l", """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "800", "unit": "g"}""".formatted(salt));
        // Still the first version: 500 g × 20/kg = 10.00 a litre.
        assertCost(syrup, "10");
        while (Instant.now().isBefore(soon.plusMillis(100))) {
            Thread.sleep(100);
        }
        asOwner(costing::recalculateStartedVersions);
        // The second version now: 800 g × 20/kg = 16.00 a litre.
        assertCost(syrup, "16");
        assertThat(asOwner(costing::recalculateStartedVersions)).isZero();
    }

    @Test
    void archivedIngredientsAndSemiFinishedProductsCanBeRestored() throws Exception {
        mvc.perform(post("/api/v1/ingredients/{id}/archive", salt).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(true));
        mvc.perform(post("/api/v1/ingredients/{id}/restore", salt).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(false));
        UUID jam = semi("Jam", "kg");
        mvc.perform(post("/api/v1/semi-finished-products/{id}/archive", jam).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(true));
        mvc.perform(post("/api/v1/semi-finished-products/{id}/restore", jam).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(false));
    }

    @Test
    void aLoopIsRefusedWithAMessageThatNamesIt() throws Exception {
        UUID dough = semi("Dough", "kg");
        UUID crumbs = semi("Crumbs", "kg");
        saveCard(dough, "1", "kg", """
                {"kind": "SEMI", "componentId": "%s", "quantity": "100", "unit": "g"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "900", "unit": "g"}""".formatted(crumbs, flour));
        mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", crumbs)
                                .with(bearer(cafe.ownerToken())), card("1", "kg", """
                                {"kind": "SEMI", "componentId": "%s", "quantity": "1", "unit": "kg"}""".formatted(dough))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("Crumbs → Dough → Crumbs")));
        mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", dough)
                                .with(bearer(cafe.ownerToken())), card("1", "kg", """
                                {"kind": "SEMI", "componentId": "%s", "quantity": "1", "unit": "kg"}""".formatted(dough))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("Dough → Dough")));
    }

    @Test
    void badLinesAreRefusedByFieldAndNothingIsSaved() throws Exception {
        UUID pesto = semi("Pesto", "kg");
        String[][] cases = {
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"0\", \"unit\": \"g\"}"
                        .formatted(salt), "lines[0].quantity"},
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"-5\", \"unit\": \"g\"}"
                        .formatted(salt), "lines[0].quantity"},
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"2\", \"unit\": \"pcs\"}"
                        .formatted(salt), "lines[0].unit"},
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"2\", \"unit\": \"g\"}"
                        .formatted(UUID.randomUUID()), "lines[0].componentId"},
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"2\", \"unit\": \"g\", \"processingMethodId\": \"%s\"}"
                        .formatted(salt, cleaning), "lines[0].processingMethodId"},
                {"{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"2\", \"unit\": \"stone\"}"
                        .formatted(salt), "unit"},
        };
        for (String[] c : cases) {
            mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", pesto)
                            .with(bearer(cafe.ownerToken())), card("1", "kg", c[0])))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value(c[1]));
        }
        mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", pesto)
                        .with(bearer(cafe.ownerToken())), card("0", "kg",
                        "{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"1\", \"unit\": \"g\"}"
                                .formatted(salt))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("yieldQuantity"));
        mvc.perform(json(post("/api/v1/ingredients/{id}/processing-methods", tomatoes)
                        .with(bearer(cafe.ownerToken())), "{\"name\": \"Vanish\", \"lossPercent\": \"100\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("lossPercent"));
        mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-cards", pesto).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void anotherBusinessesIngredientsAndProductsAreUnknown() throws Exception {
        TestBusiness other = signUp("Other Pizzeria");
        mvc.perform(get("/api/v1/ingredients/{id}", tomatoes).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/ingredients/{id}/unit-cost", tomatoes).with(bearer(other.ownerToken())),
                "{\"unitCost\": \"1\"}")).andExpect(status().isNotFound());
        UUID sauce = semi("Sauce", "kg");
        mvc.perform(get("/api/v1/semi-finished-products/{id}", sauce).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        String otherSemi = mvc.perform(json(post("/api/v1/semi-finished-products").with(bearer(other.ownerToken())),
                "{\"name\": \"Their sauce\", \"unit\": \"kg\"}")).andReturn().getResponse().getContentAsString();
        mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", uuid(otherSemi, "$.id"))
                        .with(bearer(other.ownerToken())), card("1", "kg",
                        "{\"kind\": \"INGREDIENT\", \"componentId\": \"%s\", \"quantity\": \"1\", \"unit\": \"kg\"}"
                                .formatted(tomatoes))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].componentId"));
    }

    @Test
    void ingredientsAreCheckedAndSearchable() throws Exception {
        mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"tomatoes\", \"unit\": \"kg\"}"))
                .andExpect(status().isConflict());
        mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Basil\", \"unit\": \"kg\", \"unitCost\": \"-1\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("unitCost"));
        mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Basil\", \"unit\": \"bunch\"}"))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(json(put("/api/v1/ingredients/{id}", tomatoes).with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Tomatoes\", \"unit\": \"pcs\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("dimension"));
        mvc.perform(get("/api/v1/ingredients").param("q", "OIL").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].unit").value("l"))
                .andExpect(jsonPath("$.items[0].unitCost").value("300"));
    }

    private UUID ingredient(String name, String unit, String unitCost, String pieceSize) throws Exception {
        return uuid(created("/api/v1/ingredients", """
                {"name": "%s", "unit": "%s", "unitCost": "%s"%s}""".formatted(name, unit, unitCost,
                pieceSize == null ? "" : ", \"pieceSize\": \"" + pieceSize + "\"")), "$.id");
    }

    private UUID semi(String name, String unit) throws Exception {
        return uuid(created("/api/v1/semi-finished-products", "{\"name\": \"%s\", \"unit\": \"%s\"}"
                .formatted(name, unit)), "$.id");
    }

    private String saveCard(UUID semi, String yield, String yieldUnit, String lines) throws Exception {
        return saveCard(semi, null, yield, yieldUnit, lines);
    }

    private String saveCard(UUID semi, Instant validFrom, String yield, String yieldUnit, String lines)
            throws Exception {
        String body = card(yield, yieldUnit, lines);
        if (validFrom != null) {
            body = body.replaceFirst("\\{", "{\"validFrom\": \"" + validFrom + "\", ");
        }
        return mvc.perform(json(post("/api/v1/semi-finished-products/{id}/tech-cards", semi)
                        .with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private static String card(String yield, String yieldUnit, String lines) {
        return "{\"yieldQuantity\": \"%s\", \"yieldUnit\": \"%s\", \"lines\": [%s]}".formatted(yield, yieldUnit, lines);
    }

    /** Posts as the owner, expects 201, returns the body. */
    private String created(String url, String body) throws Exception {
        return mvc.perform(json(post(url).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private void assertCost(UUID semi, String expected) throws Exception {
        String body = mvc.perform(get("/api/v1/semi-finished-products/{id}", semi).with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        assertThat(new BigDecimal(JsonPath.<String>read(body, "$.cost"))).isEqualByComparingTo(expected);
    }

    private BigDecimal costOf(UUID product) {
        Map<UUID, BigDecimal> costs = asOwner(() -> costing.costs(Set.of(product)));
        return costs.get(product);
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
