package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Level;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Write-offs through the API and the pages: valued at the storage's weighted average (figures by hand in the
 * comments), revalued by a supply entered later before them, edited and cancelled through the ledger; every bad
 * input refused with nothing saved; other businesses and accountants kept out.
 */
class WriteOffTest extends IntegrationTest {

    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID milk;
    private UUID coffee;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Write-off Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        // Milk comes in packs of 1 l; coffee has no purchase unit.
        milk = id(created(cafe, "/api/v1/ingredients", """
                {"name": "Milk", "unit": "l", "purchaseUnitName": "pack", "purchaseUnitSize": "1000"}"""));
        coffee = id(created(cafe, "/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}"));
    }

    @Test
    void aWriteOffIsValuedAtTheWeightedAverageOfItsStorage() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        supply(kitchen, milk, DAY_2, "5000", "500");    // 0.10 a ml
        // 15,000 ml worth 1,300 on day 3. Two packs (2,000 ml) spoiled, then 1,000 ml for the staff:
        // 2,000 × 1,300 / 15,000 = 173.333333; the rest, 13,000 ml worth 1,126.666667, gives 1,000 ml at 86.666667.
        // Together 3,000 × 1,300 / 15,000 = 260.
        String body = created(cafe, "/api/v1/write-offs", """
                {"writtenOffAt": "2026-03-03T10:00:00Z", "storageId": "%s", "comment": "Fridge broke", "post": true,
                 "lines": [{"ingredientId": "%s", "quantity": "2", "unit": "purchase", "reason": "SPOILED"},
                           {"ingredientId": "%s", "quantity": "1000", "unit": "ml", "reason": "staff_meal",
                            "note": "Latte for the team"}]}""".formatted(kitchen, milk, milk));
        assertThat((String) JsonPath.read(body, "$.status")).isEqualTo("POSTED");
        assertThat((String) JsonPath.read(body, "$.writtenOffAt")).isEqualTo("2026-03-03T12:00+02:00");
        assertThat((String) JsonPath.read(body, "$.lines[0].baseQuantity")).isEqualTo("2000");
        assertThat((String) JsonPath.read(body, "$.lines[0].unit")).isEqualTo("purchase");
        assertThat((String) JsonPath.read(body, "$.lines[0].cost")).isEqualTo("173.333333");
        assertThat((String) JsonPath.read(body, "$.lines[1].cost")).isEqualTo("86.666667");
        assertThat((String) JsonPath.read(body, "$.lines[1].reason")).isEqualTo("STAFF_MEAL");
        assertThat((String) JsonPath.read(body, "$.total")).isEqualTo("260");
        assertThat((Boolean) JsonPath.read(body, "$.valued")).isTrue();
        assertThat((Boolean) JsonPath.read(body, "$.belowZero")).isFalse();
        // 12,000 ml worth 1,300 − 260 = 1,040 left.
        assertLevel(level(kitchen, milk, DAY_3), "12000", "1040");

        mvc.perform(get("/api/v1/write-offs").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].total").value("260"))
                .andExpect(jsonPath("$.items[0].lineCount").value(2))
                .andExpect(jsonPath("$.totalCost").value("260"));
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aSupplyEnteredLaterButBeforeItInTimeChangesWhatTheWriteOffCost() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        // Entered in the venue's time zone: 12:00 in Kyiv on 3 March is 10:00 UTC, day 3.
        UUID spoiled = id(created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T12:00", kitchen, true,
                line(milk, "4", "l", "SPOILED"))));
        mvc.perform(get("/api/v1/write-offs/{id}", spoiled).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total").value("320"));          // 4,000 × 0.08
        supply(kitchen, milk, DAY_2, "10000", "1200");  // entered now, delivered on day 2
        // On day 3 there were 20,000 ml worth 2,000: 0.10 a ml, so the write-off cost 4,000 × 0.10 = 400.
        mvc.perform(get("/api/v1/write-offs/{id}", spoiled).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total").value("400"))
                .andExpect(jsonPath("$.lines[0].cost").value("400"))
                .andExpect(jsonPath("$.lines[0].stockBefore").value("20000"));
        mvc.perform(get("/api/v1/write-offs").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].total").value("400"))
                .andExpect(jsonPath("$.totalCost").value("400"));
    }

    @Test
    void cancellingAPostedWriteOffRestoresTheBalanceAndCannotBeRepeated() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");
        UUID spoiled = id(created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T10:00:00Z", kitchen, true,
                line(milk, "3000", null, "BREAKAGE"))));
        assertLevel(level(kitchen, milk, DAY_3), "7000", "560");     // 10,000 − 3,000 at 0.08: 800 − 240
        mvc.perform(post("/api/v1/write-offs/{id}/cancel", spoiled).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        assertLevel(level(kitchen, milk, DAY_3), "10000", "800");

        problem(post("/api/v1/write-offs/{id}/cancel", spoiled), 422, null);
        problem(post("/api/v1/write-offs/{id}/post", spoiled), 422, null);
        problem(json(put("/api/v1/write-offs/{id}", spoiled), writeOff("2026-03-03T10:00:00Z", kitchen, true,
                line(milk, "1", null, "OTHER"))), 422, null);
        assertLevel(level(kitchen, milk, DAY_3), "10000", "800");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void editingAPostedWriteOffReversesItAndPostsItAgain() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        String body = created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T10:00:00Z", kitchen, true,
                line(milk, "3", "l", "SPOILED")));
        UUID spoiled = id(body);
        long version = ((Number) JsonPath.read(body, "$.version")).longValue();
        // Only 1 l spoiled after all: 1,000 × 0.08 = 80; 9,000 ml worth 720 left.
        mvc.perform(json(put("/api/v1/write-offs/{id}", spoiled).with(bearer(cafe.ownerToken())),
                        writeOffVersion("2026-03-03T10:00:00Z", kitchen, version, line(milk, "1", "l", "SPOILED"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(jsonPath("$.total").value("80"));
        assertLevel(level(kitchen, milk, DAY_3), "9000", "720");

        // Someone saves on the version read before that change: a conflict, and nothing changes.
        mvc.perform(json(put("/api/v1/write-offs/{id}", spoiled).with(bearer(cafe.ownerToken())),
                        writeOffVersion("2026-03-03T10:00:00Z", kitchen, version, line(milk, "5", "l", "SPOILED"))))
                .andExpect(status().isConflict());
        assertLevel(level(kitchen, milk, DAY_3), "9000", "720");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aDraftMovesNothingUntilPostedAndIsPostedOnce() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");
        String body = created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T10:00:00Z", kitchen, false,
                line(milk, "500", "ml", "TASTING")));
        UUID tasting = id(body);
        assertThat((String) JsonPath.read(body, "$.status")).isEqualTo("DRAFT");
        // Estimated at the average then: 500 × 0.08 = 40.
        assertThat((String) JsonPath.read(body, "$.total")).isEqualTo("40");
        assertThat((Boolean) JsonPath.read(body, "$.valued")).isFalse();
        assertLevel(level(kitchen, milk, DAY_3), "10000", "800");

        mvc.perform(post("/api/v1/write-offs/{id}/post", tasting).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(jsonPath("$.valued").value(true))
                .andExpect(jsonPath("$.total").value("40"));
        assertLevel(level(kitchen, milk, DAY_3), "9500", "760");
        problem(post("/api/v1/write-offs/{id}/post", tasting), 422, null);
        assertLevel(level(kitchen, milk, DAY_3), "9500", "760");

        // The list filters by status and reason, and finds by comment or ingredient.
        created(cafe, "/api/v1/write-offs", writeOff("2026-03-02T10:00:00Z", kitchen, false,
                line(coffee, "100", "g", "OTHER")));
        mvc.perform(get("/api/v1/write-offs").param("reason", "TASTING").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/write-offs").param("status", "DRAFT").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/write-offs").param("q", "coffee").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/write-offs").param("from", "2026-03-03").param("to", "2026-03-03")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].id").value(tasting.toString()));
        mvc.perform(get("/api/v1/write-offs").param("sort", "total,desc").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].id").value(tasting.toString()))
                .andExpect(jsonPath("$.totalItems").value(2));
    }

    @Test
    void aLineTakingMoreThanTheStorageHeldIsFlaggedButAllowed() throws Exception {
        supply(kitchen, milk, DAY_1, "1000", "80");
        String body = created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T10:00:00Z", kitchen, true,
                line(milk, "1500", null, "SPOILED")));
        assertThat((Boolean) JsonPath.read(body, "$.belowZero")).isTrue();
        assertThat((String) JsonPath.read(body, "$.lines[0].stockBefore")).isEqualTo("1000");
        // 1,000 ml at 0.08 and 500 ml below zero at the last known 0.08: 120.
        assertThat((String) JsonPath.read(body, "$.total")).isEqualTo("120");
        assertLevel(level(kitchen, milk, DAY_3), "-500", "-40");

        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document page = Jsoup.parse(mvc.perform(get("/stock/write-offs/{id}", id(body)).session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#below-zero")).isNotNull();
        assertThat(page.select("#lines tbody tr.table-warning")).hasSize(1);
    }

    @Test
    void badInputIsRefusedByFieldAndNothingIsSaved() throws Exception {
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirFlour = id(created(other, "/api/v1/ingredients", "{\"name\": \"Flour\", \"unit\": \"kg\"}"));
        String at = "2026-03-03T10:00:00Z";

        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true)), 422, "lines");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "0", null, "SPOILED"))),
                422, "lines[0].quantity");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "-2", null, "SPOILED"))),
                422, "lines[0].quantity");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "1", null, "SPOILED"),
                line(coffee, "1", "kg", "SPOILED"), line(milk, "1e15", null, "SPOILED"))), 422, "lines[2].quantity");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "0.0000001", null,
                "SPOILED"))), 422, "lines[0].quantity");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "1", "kg", "SPOILED"))),
                422, "lines[0].unit");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(coffee, "1", "purchase",
                "SPOILED"))), 422, "lines[0].unit");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "1", "cups", "SPOILED"))),
                422, "lines[0].unit");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "1", null, "LOST"))),
                422, "lines[0].reason");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(milk, "1", null, "SPOILED"),
                line(UUID.randomUUID(), "1", null, "SPOILED"))), 422, "lines[1].ingredientId");
        problem(json(post("/api/v1/write-offs"), writeOff(at, kitchen, true, line(theirFlour, "1", null,
                "SPOILED"))), 422, "lines[0].ingredientId");
        problem(json(post("/api/v1/write-offs"), writeOff(at, UUID.randomUUID(), true, line(milk, "1", null,
                "SPOILED"))), 422, "storageId");
        problem(json(post("/api/v1/write-offs"), writeOff(at, other.storageId(), true, line(milk, "1", null,
                "SPOILED"))), 422, "storageId");
        problem(json(post("/api/v1/write-offs"), writeOff("yesterday", kitchen, true, line(milk, "1", null,
                "SPOILED"))), 422, "writtenOffAt");
        problem(json(post("/api/v1/write-offs"), writeOff("2999-01-01T10:00:00Z", kitchen, true, line(milk, "1",
                null, "SPOILED"))), 422, "writtenOffAt");
        // Missing fields are malformed requests.
        problem(json(post("/api/v1/write-offs"), """
                {"lines": [{"ingredientId": "%s", "quantity": "1", "reason": "SPOILED"}]}""".formatted(milk)),
                400, "storageId");
        problem(json(post("/api/v1/write-offs"), """
                {"storageId": "%s", "lines": [{"ingredientId": "%s", "reason": "SPOILED"}]}"""
                .formatted(kitchen, milk)), 400, "lines[0].quantity");

        mvc.perform(get("/api/v1/write-offs").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        assertLevel(level(kitchen, milk, DAY_3), "0", "0");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void anotherBusinessFindsNothingOfItAndAnAccountantOnlyReads() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");
        UUID spoiled = id(created(cafe, "/api/v1/write-offs", writeOff("2026-03-03T10:00:00Z", kitchen, false,
                line(milk, "1", "l", "SPOILED"))));

        TestBusiness other = signUp("Nosy Café " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/write-offs/{id}", spoiled).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/write-offs/{id}/post", spoiled).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/write-offs/{id}/cancel", spoiled).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/write-offs/{id}", spoiled).with(bearer(other.ownerToken())),
                writeOff("2026-03-03T10:00:00Z", other.storageId(), false, line(milk, "1", null, "SPOILED"))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/write-offs").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "null");
        mvc.perform(get("/api/v1/write-offs").with(bearer(accountant.token())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/write-offs/{id}", spoiled).with(bearer(accountant.token())))
                .andExpect(status().isOk());
        mvc.perform(json(post("/api/v1/write-offs").with(bearer(accountant.token())),
                writeOff("2026-03-03T10:00:00Z", kitchen, true, line(milk, "1", null, "SPOILED"))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/write-offs/{id}/post", spoiled).with(bearer(accountant.token())))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/write-offs/{id}/cancel", spoiled).with(bearer(accountant.token())))
                .andExpect(status().isForbidden());
        assertLevel(level(kitchen, milk, DAY_3), "10000", "800");
    }

    @Test
    void theEditorAddsLinesShowsErrorsByRowAndPosts() throws Exception {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document editor = Jsoup.parse(mvc.perform(get("/stock/write-offs/new").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        Map<String, String> form = formOf(editor, "#write-off-form");
        assertThat(form).containsKeys("lines[0].ingredientId", "lines[2].quantity");

        form.put("intent", "addLine");
        Document more = Jsoup.parse(mvc.perform(submitted("/stock/write-offs/new", form, owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(more.select("#lines tbody tr")).hasSize(4);

        form = formOf(more, "#write-off-form");
        form.put("writtenOffAt", "2026-03-03T12:00");
        form.put("lines[0].ingredientId", milk.toString());
        form.put("lines[0].quantity", "2,5");
        form.put("lines[0].unit", "L");
        form.put("lines[0].reason", "SPOILED");
        form.put("lines[3].ingredientId", milk.toString());
        form.put("lines[3].quantity", "lots");
        form.put("lines[3].reason", "OTHER");
        form.put("intent", "post");
        Document refused = Jsoup.parse(mvc.perform(submitted("/stock/write-offs/new", form, owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(refused.select("input[name='lines[3].quantity'].is-invalid")).hasSize(1);
        assertThat(refused.select("input[name='lines[0].quantity'].is-invalid")).isEmpty();

        form.put("lines[3].ingredientId", "");
        form.put("lines[3].quantity", "");
        String location = mvc.perform(submitted("/stock/write-offs/new", form, owner))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        Document shown = Jsoup.parse(mvc.perform(get(location).session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        // 2.5 l = 2,500 ml at 0.08 = 200.
        assertThat(shown.selectFirst("#total").text()).contains("200.00");
        assertLevel(level(kitchen, milk, DAY_3), "7500", "600");

        Document list = Jsoup.parse(mvc.perform(get("/stock/write-offs").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(list.selectFirst("#totals").text()).contains("200.00");
    }

    // Helpers

    private String created(TestBusiness business, String path, String body) throws Exception {
        return mvc.perform(json(post(path).with(bearer(business.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
    }

    private ResultActions problem(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                                  int status, String field) throws Exception {
        ResultActions result = mvc.perform(request.with(bearer(cafe.ownerToken())))
                .andExpect(status().is(status))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentTypeCompatibleWith("application/problem+json"));
        if (field != null) {
            result.andExpect(jsonPath("$.errors[0].field").value(field));
        }
        return result;
    }

    static String line(UUID ingredient, String quantity, String unit, String reason) {
        return "{\"ingredientId\": \"%s\", \"quantity\": \"%s\"%s, \"reason\": \"%s\"}".formatted(ingredient,
                quantity, unit == null ? "" : ", \"unit\": \"" + unit + "\"", reason);
    }

    static String writeOff(String at, UUID storage, boolean post, String... lines) {
        return "{\"writtenOffAt\": \"%s\", \"storageId\": \"%s\", \"post\": %s, \"lines\": [%s]}".formatted(at,
                storage, post, String.join(", ", lines));
    }

    static String writeOffVersion(String at, UUID storage, long version, String... lines) {
        return "{\"writtenOffAt\": \"%s\", \"storageId\": \"%s\", \"version\": %d, \"lines\": [%s]}".formatted(at,
                storage, version, String.join(", ", lines));
    }

    private void supply(UUID storage, UUID item, Instant at, String quantity, String value) {
        asOwner(() -> ledger.post(new Posting("SUPPLY", UUID.randomUUID(), at, List.of(Entry.in(Kind.SUPPLY,
                storage, item, new BigDecimal(quantity), new BigDecimal(value))))));
    }

    private Level level(UUID storage, UUID item, Instant at) {
        return asOwner(() -> ledger.level(storage, item, at));
    }

    private static void assertLevel(Level level, String quantity, String value) {
        assertThat(level.quantity()).as("quantity").isEqualByComparingTo(quantity);
        assertThat(level.value()).as("value").isEqualByComparingTo(value);
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }

    private static UUID id(String json) {
        return uuid(json, "$.id");
    }
}
