package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Movement;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Supplies through the API: what posting, editing and cancelling do to stock, unit costs and cost prices, units and
 * prices of lines, VAT, price deviations, bad input, other businesses and roles. Figures worked out by hand.
 */
class SupplyTest extends IntegrationTest {

    static final String DAY_1 = "2026-03-01T10:00:00Z";
    static final String DAY_2 = "2026-03-02T10:00:00Z";
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID dairy;
    private UUID mill;
    private UUID milk;
    private UUID flour;
    private UUID eggs;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Supply Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        dairy = id(created("/api/v1/suppliers", "{\"name\": \"Dairy Farm\", \"taxId\": \"123\"}"));
        mill = id(created("/api/v1/suppliers", "{\"name\": \"Old Mill\"}"));
        milk = id(created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}"));
        flour = id(created("/api/v1/ingredients", """
                {"name": "Flour", "unit": "kg", "purchaseUnitName": "sack", "purchaseUnitSize": "5000"}"""));
        eggs = id(created("/api/v1/ingredients", """
                {"name": "Eggs", "unit": "pcs", "purchaseUnitName": "box", "purchaseUnitSize": "12"}"""));
    }

    @Test
    void theUnitCostIsTheWeightedAverageOfSeveralSuppliesAndValuesALaterWriteOff() throws Exception {
        supply(dairy, DAY_1, line(milk, "10", "l", "80", null));            // 10,000 ml for 800
        assertUnitCost(milk, "80");
        supply(dairy, DAY_2, line(milk, "5", "l", null, "500"));            // 5,000 ml for 500
        // 15,000 ml worth 1,300: 1,300 / 15 = 86.666666… a litre, stored with 4 decimals half-even: 86.6667.
        assertUnitCost(milk, "86.6667");
        // 3,000 ml written off on day 3: 3,000 × 1,300 / 15,000 = 260.
        Movement spoiled = writeOff(milk, DAY_3, "3000");
        assertThat(spoiled.value()).isEqualByComparingTo("-260");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aSupplyPostedIntoThePastRevaluesALaterWriteOffAndCancellingRestoresIt() throws Exception {
        supply(dairy, DAY_1, line(milk, "10", "l", "80", null));            // 10,000 ml at 0.08
        Movement spoiled = writeOff(milk, DAY_3, "4000");
        assertThat(spoiled.value()).isEqualByComparingTo("-320");           // 4,000 × 0.08
        // 6,000 ml worth 480 left: 80 a litre.
        assertUnitCost(milk, "80");

        UUID late = supply(dairy, DAY_2, line(milk, "10", "l", null, "1200"));   // 10,000 ml at 0.12
        // On day 3 there were 20,000 ml worth 2,000: the write-off cost 4,000 × 0.10 = 400.
        assertThat(documentValue(spoiled)).isEqualByComparingTo("-400");
        // 16,000 ml worth 1,600 left: 100 a litre.
        assertUnitCost(milk, "100");

        mvc.perform(post("/api/v1/supplies/{id}/cancel", late).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.payable").value("0"));
        assertThat(documentValue(spoiled)).isEqualByComparingTo("-320");
        assertUnitCost(milk, "80");
        mvc.perform(post("/api/v1/supplies/{id}/cancel", late).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("cancelled already")));
        mvc.perform(json(put("/api/v1/supplies/{id}", late).with(bearer(cafe.ownerToken())),
                        body(dairy, DAY_2, false, line(milk, "1", "l", "1", null))))
                .andExpect(status().isUnprocessableContent());
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void editingAPostedSupplyRepostsItAndPostingTwiceIsRefused() throws Exception {
        UUID draft = id(created("/api/v1/supplies", body(dairy, DAY_1, false, line(milk, "10", "l", "80", null))));
        mvc.perform(get("/api/v1/supplies/{id}", draft).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.status").value("DRAFT"))
                .andExpect(jsonPath("$.payable").value("0"));
        // A draft moves nothing.
        assertThat(asOwner(() -> ledger.currentLevels(List.of(milk)))).isEmpty();
        mvc.perform(post("/api/v1/supplies/{id}/post", draft).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(jsonPath("$.payable").value("800"));
        mvc.perform(post("/api/v1/supplies/{id}/post", draft).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("posted already")));

        // Changed to 10 l for 1,000: the stock is worth 1,000, not 1,800, and the unit cost is 100.
        long version = ((Number) JsonPath.read(getJson("/api/v1/supplies/" + draft), "$.version")).longValue();
        mvc.perform(json(put("/api/v1/supplies/{id}", draft).with(bearer(cafe.ownerToken())),
                        versionedBody(dairy, DAY_1, false, version, line(milk, "10", "l", "100", null))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value("1000"));
        StockLedger.Level level = asOwner(() -> ledger.level(kitchen, milk, DAY_3));
        assertThat(level.quantity()).isEqualByComparingTo("10000");
        assertThat(level.value()).isEqualByComparingTo("1000");
        assertUnitCost(milk, "100");
        // The same version again: someone saved in between, so it is a concurrent edit.
        mvc.perform(json(put("/api/v1/supplies/{id}", draft).with(bearer(cafe.ownerToken())),
                        versionedBody(dairy, DAY_1, false, version, line(milk, "10", "l", "90", null))))
                .andExpect(status().isConflict());
        assertThat(asOwner(() -> ledger.level(kitchen, milk, DAY_3)).value()).isEqualByComparingTo("1000");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void purchaseUnitsConvertExactlyAndAPriceOrATotalWorksOutTheOther() throws Exception {
        String supply = created("/api/v1/supplies", paidBody(mill, DAY_1, true, "100",
                // 2 sacks of 5 kg at 200 a sack: 10,000 g for 400, 40 a kg; VAT 20 % inside: 400 × 20 / 120.
                line(flour, "2", "purchase", "200", null, "20"),
                // 3 boxes of 12 for 90 in all: 36 pcs, 30 a box, 2.50 a piece.
                line(eggs, "3", "purchase", null, "90"),
                // 1,500 ml at 0.06 a ml: 90, 60 a litre.
                line(milk, "1500", "ml", "0.06", null),
                // 7 eggs for 10: 10 / 7 = 1.428571428571…, kept to 10 decimals half-even.
                line(eggs, "7", "pcs", null, "10")));
        assertThat(JsonPath.<String>read(supply, "$.lines[0].baseQuantity")).isEqualTo("10000");
        assertThat(JsonPath.<String>read(supply, "$.lines[0].baseUnit")).isEqualTo("g");
        assertThat(JsonPath.<String>read(supply, "$.lines[0].unitName")).isEqualTo("sack");
        assertThat(JsonPath.<String>read(supply, "$.lines[0].total")).isEqualTo("400");
        assertThat(JsonPath.<String>read(supply, "$.lines[0].pricePerStockUnit")).isEqualTo("40");
        assertThat(JsonPath.<String>read(supply, "$.lines[0].vatAmount")).isEqualTo("66.666667");
        assertThat(JsonPath.<String>read(supply, "$.lines[1].baseQuantity")).isEqualTo("36");
        assertThat(JsonPath.<String>read(supply, "$.lines[1].price")).isEqualTo("30");
        assertThat(JsonPath.<String>read(supply, "$.lines[1].pricedBy")).isEqualTo("TOTAL");
        assertThat(JsonPath.<String>read(supply, "$.lines[1].pricePerStockUnit")).isEqualTo("2.5");
        assertThat(JsonPath.<String>read(supply, "$.lines[2].total")).isEqualTo("90");
        assertThat(JsonPath.<String>read(supply, "$.lines[2].pricePerStockUnit")).isEqualTo("60");
        assertThat(JsonPath.<String>read(supply, "$.lines[3].price")).isEqualTo("1.4285714286");
        assertThat(JsonPath.<String>read(supply, "$.lines[3].vatAmount")).isEqualTo("0");
        // 400 + 90 + 90 + 10 = 590, of which 100 paid: 490 payable.
        assertThat(JsonPath.<String>read(supply, "$.total")).isEqualTo("590");
        assertThat(JsonPath.<String>read(supply, "$.vatTotal")).isEqualTo("66.666667");
        assertThat(JsonPath.<Boolean>read(supply, "$.paid")).isFalse();
        assertThat(JsonPath.<String>read(supply, "$.payable")).isEqualTo("490");

        // The ledger has the base quantities and the totals: 43 eggs worth 100, 2.3256 a piece (100 / 43).
        StockLedger.Level eggLevel = asOwner(() -> ledger.level(kitchen, eggs, DAY_3));
        assertThat(eggLevel.quantity()).isEqualByComparingTo("43");
        assertThat(eggLevel.value()).isEqualByComparingTo("100");
        assertUnitCost(eggs, "2.3256");
        assertUnitCost(flour, "40");

        // The list finds it among the unpaid, with the sums of what it finds.
        mvc.perform(get("/api/v1/supplies").param("paid", "false").param("from", "2026-03-01")
                        .param("to", "2026-03-01").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].supplierName").value("Old Mill"))
                .andExpect(jsonPath("$.totals.total").value("590"))
                .andExpect(jsonPath("$.totals.payable").value("490"));
        mvc.perform(get("/api/v1/supplies").param("paid", "true").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/supplies").param("from", "2026-03-02").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
    }

    @Test
    void postingASupplyMovesTheCostPriceOfADish() throws Exception {
        UUID coffee = id(created("/api/v1/ingredients", "{\"name\": \"Coffee\", \"unit\": \"kg\", \"unitCost\": \"800\"}"));
        mvc.perform(json(put("/api/v1/ingredients/{id}/unit-cost", milk).with(bearer(cafe.ownerToken())),
                "{\"unitCost\": \"40\"}")).andExpect(status().isOk());
        UUID coffees = id(created("/api/v1/categories", "{\"name\": \"Coffee\"}"));
        UUID cappuccino = id(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Cappuccino", "price": "65.00"}""".formatted(coffees)));
        created("/api/v1/menu-items/" + cappuccino + "/tech-cards", """
                {"portionOutput": "200", "lines": [
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "180", "unit": "ml"}]}""".formatted(coffee, milk));
        // 18 g × 800/kg = 14.40; 180 ml × 40/l = 7.20: 21.60.
        assertDishCost(cappuccino, "21.6");
        supply(dairy, DAY_1, line(milk, "10", "l", "50", null));
        // Milk now 50 a litre: 180 ml × 50/l = 9.00, so 14.40 + 9.00 = 23.40.
        assertDishCost(cappuccino, "23.4");
    }

    @Test
    void aPriceFarFromTheLastOneIsFlaggedAboveTheBusinesssThreshold() throws Exception {
        supply(mill, DAY_1, line(flour, "10", "kg", "40", null));
        // 45 against the mill's 40: +12.5 %, above the default 10 %.
        String second = getJson("/api/v1/supplies/" + supply(mill, DAY_2, line(flour, "10", "kg", "45", null)));
        assertThat(JsonPath.<String>read(second, "$.lines[0].lastPrice")).isEqualTo("40");
        assertThat(JsonPath.<String>read(second, "$.lines[0].priceDeviationPercent")).isEqualTo("12.5");
        assertThat(JsonPath.<Boolean>read(second, "$.lines[0].priceDeviates")).isTrue();
        // The dairy never sold flour: 42 is compared with anyone's last price before it, the mill's 45: −6.7 %.
        String third = getJson("/api/v1/supplies/" + supply(dairy, "2026-03-03T10:00:00Z",
                line(flour, "1", "kg", "42", null)));
        assertThat(JsonPath.<String>read(third, "$.lines[0].lastPrice")).isEqualTo("45");
        assertThat(JsonPath.<String>read(third, "$.lines[0].priceDeviationPercent")).isEqualTo("-6.7");
        assertThat(JsonPath.<Boolean>read(third, "$.lines[0].priceDeviates")).isFalse();

        mvc.perform(json(put("/api/v1/supply-settings").with(bearer(cafe.ownerToken())),
                "{\"priceDeviationThreshold\": \"15\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/supplies/{id}", uuid(second, "$.id")).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.lines[0].priceDeviates").value(false))
                .andExpect(jsonPath("$.priceDeviationThreshold").value("15"));
        mvc.perform(json(put("/api/v1/supply-settings").with(bearer(cafe.ownerToken())),
                "{\"priceDeviationThreshold\": \"-1\"}")).andExpect(status().isUnprocessableContent());
        // The mill's items and last prices: flour at 45, its latest posted supply.
        mvc.perform(get("/api/v1/suppliers/{id}", mill).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].name").value("Flour"))
                .andExpect(jsonPath("$.items[0].lastPrice").value("45"));
    }

    @Test
    void badInputIsRefusedByFieldAndNothingIsSaved() throws Exception {
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        refused(body(dairy, DAY_1, true), 422, "lines");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "1", null), line(milk, "-1", "l", "1", null)),
                422, "lines[1].quantity");
        refused(body(dairy, DAY_1, true, line(milk, "0", "l", "1", null)), 422, "lines[0].quantity");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "-0.01", null)), 422, "lines[0].price");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", null, "-5")), 422, "lines[0].total");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "1", "1")), 422, "lines[0].total");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", null, null)), 422, "lines[0].price");
        refused(body(dairy, DAY_1, true, line(milk, "1", "kg", "1", null)), 422, "lines[0].unit");
        refused(body(dairy, DAY_1, true, line(milk, "1", "purchase", "1", null)), 422, "lines[0].unit");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "1", null, "100")), 422, "lines[0].vatRate");
        refused(body(dairy, DAY_1, true, line(UUID.randomUUID(), "1", "l", "1", null)), 422,
                "lines[0].ingredientId");
        refused(paidBody(dairy, DAY_1, true, "2", line(milk, "1", "l", "1", null)), 422, "amountPaid");
        refused(body(UUID.randomUUID(), DAY_1, true, line(milk, "1", "l", "1", null)), 422, "supplierId");
        refused(body(dairy, "yesterday", true, line(milk, "1", "l", "1", null)), 422, "suppliedAt");
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "1", null))
                .replace(kitchen.toString(), UUID.randomUUID().toString()), 422, "storageId");
        // Another business's storage is as unknown as one that never existed.
        refused(body(dairy, DAY_1, true, line(milk, "1", "l", "1", null))
                .replace(kitchen.toString(), other.storageId().toString()), 422, "storageId");
        mvc.perform(get("/api/v1/supplies").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        assertThat(asOwner(() -> ledger.currentLevels(List.of(milk)))).isEmpty();
        mvc.perform(get("/api/v1/supplies/{id}", UUID.randomUUID()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void anotherBusinessFindsNothingAndAnAccountantOnlyReads() throws Exception {
        UUID supply = supply(dairy, DAY_1, line(milk, "10", "l", "80", null));
        TestBusiness other = signUp("Rival Café " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/supplies/{id}", supply).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/supplies/{id}/cancel", supply).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/supplies/{id}", supply).with(bearer(other.ownerToken())),
                body(dairy, DAY_1, true, line(milk, "1", "l", "1", null)))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/supplies").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        // Someone else's supplier, used in their own supply, is unknown to them.
        String theirs = body(dairy, DAY_1, true, line(milk, "1", "l", "1", null))
                .replace(kitchen.toString(), other.storageId().toString());
        mvc.perform(json(post("/api/v1/supplies").with(bearer(other.ownerToken())), theirs))
                .andExpect(status().isUnprocessableContent());

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/supplies/{id}", supply).with(bearer(accountant.token())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value("800"));
        mvc.perform(get("/api/v1/supplies").with(bearer(accountant.token())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(post("/api/v1/supplies/{id}/cancel", supply).with(bearer(accountant.token())))
                .andExpect(status().isForbidden());
        mvc.perform(json(post("/api/v1/supplies").with(bearer(accountant.token())),
                body(dairy, DAY_1, true, line(milk, "1", "l", "1", null)))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/supplies/{id}", supply).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.status").value("POSTED"));
    }

    // --- helpers

    private UUID supply(UUID supplier, String at, String... lines) throws Exception {
        return id(created("/api/v1/supplies", body(supplier, at, true, lines)));
    }

    private String body(UUID supplier, String at, boolean post, String... lines) {
        return fullBody(supplier, at, post, null, null, lines);
    }

    private String versionedBody(UUID supplier, String at, boolean post, long version, String... lines) {
        return fullBody(supplier, at, post, null, version, lines);
    }

    private String paidBody(UUID supplier, String at, boolean post, String amountPaid, String... lines) {
        return fullBody(supplier, at, post, amountPaid, null, lines);
    }

    private String fullBody(UUID supplier, String at, boolean post, String amountPaid, Long version,
                            String... lines) {
        return """
                {"suppliedAt": "%s", "storageId": "%s", "supplierId": "%s", "invoiceNumber": "INV-1",
                 "post": %s, "amountPaid": %s, "version": %s, "lines": [%s]}"""
                .formatted(at, kitchen, supplier, post, amountPaid == null ? "null" : "\"" + amountPaid + "\"",
                        version == null ? "null" : version, String.join(", ", lines));
    }

    private static String line(UUID item, String quantity, String unit, String price, String total) {
        return line(item, quantity, unit, price, total, null);
    }

    private static String line(UUID item, String quantity, String unit, String price, String total, String vat) {
        return """
                {"ingredientId": "%s", "quantity": "%s", "unit": "%s", "price": %s, "total": %s, "vatRate": %s}"""
                .formatted(item, quantity, unit, quoted(price), quoted(total), quoted(vat));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private void refused(String body, int status, String field) throws Exception {
        ResultActions result = mvc.perform(json(post("/api/v1/supplies").with(bearer(cafe.ownerToken())), body))
                .andExpect(status().is(status));
        result.andExpect(jsonPath("$.errors[0].field").value(field));
    }

    private void assertUnitCost(UUID ingredient, String expected) throws Exception {
        mvc.perform(get("/api/v1/ingredients/{id}", ingredient).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.unitCost").value(expected));
    }

    private void assertDishCost(UUID item, String expected) throws Exception {
        mvc.perform(get("/api/v1/menu-items/{id}/cost", item).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.cost").value(expected));
    }

    private Movement writeOff(UUID item, Instant at, String quantity) {
        return asOwner(() -> ledger.post(new Posting("WRITE_OFF", UUID.randomUUID(), at, List.of(
                Entry.out(Kind.WRITE_OFF, kitchen, item, new BigDecimal(quantity)))))).get(0);
    }

    /** What the movement's document is worth now, corrections included. */
    private BigDecimal documentValue(Movement movement) {
        UUID document = asOwner(() -> ledger.documentOf(movement.id()));
        return asOwner(() -> ledger.ofDocument(document)).stream().map(Movement::value)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private String getJson(String url) throws Exception {
        return mvc.perform(get(url).with(bearer(cafe.ownerToken()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String created(String url, String body) throws Exception {
        return mvc.perform(json(post(url).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private static UUID id(String json) {
        return uuid(json, "$.id");
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
