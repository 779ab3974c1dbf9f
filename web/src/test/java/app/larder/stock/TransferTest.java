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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Transfers through the API and the pages: stock leaves the sender at its weighted average and arrives at the same
 * value (balances of both storages by hand), follows a later revaluation of the sender, is cancelled at both ends;
 * the same storage, bad input, other businesses, venue limits and accountants are refused.
 */
class TransferTest extends IntegrationTest {

    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID bar;
    private UUID milk;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Transfer Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        bar = id(created(cafe, "/api/v1/storages", "{\"venueId\": \"%s\", \"name\": \"Bar\"}"
                .formatted(cafe.venueId())));
        milk = id(created(cafe, "/api/v1/ingredients", """
                {"name": "Milk", "unit": "l", "purchaseUnitName": "pack", "purchaseUnitSize": "1000"}"""));
    }

    @Test
    void stockMovesAtTheSendersCostAndFollowsItsRevaluation() throws Exception {
        supply(kitchen, DAY_1, "1000", "30");            // 0.03 a ml
        String body = created(cafe, "/api/v1/transfers", transfer("2026-03-02T10:00:00Z", kitchen, bar, true,
                line(milk, "400", "ml")));
        UUID moved = id(body);
        // 400 ml × 0.03 = 12 leave the kitchen and arrive at the bar.
        assertThat((String) JsonPath.read(body, "$.total")).isEqualTo("12");
        assertThat((String) JsonPath.read(body, "$.lines[0].value")).isEqualTo("12");
        assertThat((String) JsonPath.read(body, "$.status")).isEqualTo("POSTED");
        assertLevel(level(kitchen, DAY_2), "600", "18");
        assertLevel(level(bar, DAY_2), "400", "12");

        // A supply into the kitchen before the transfer: 2,000 ml worth 80, 0.04 a ml, so 400 ml moved 16.
        supply(kitchen, DAY_1.plusSeconds(60), "1000", "50");
        mvc.perform(get("/api/v1/transfers/{id}", moved).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total").value("16"));
        assertLevel(level(kitchen, DAY_2), "1600", "64");  // 80 − 16
        assertLevel(level(bar, DAY_2), "400", "16");
        mvc.perform(get("/api/v1/transfers").param("storageId", bar.toString()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].fromStorageName").value("Main storage"))
                .andExpect(jsonPath("$.items[0].toStorageName").value("Bar"))
                .andExpect(jsonPath("$.totalValue").value("16"));
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aTransferMayGoToAnotherVenueAndCancellingRestoresBothStorages() throws Exception {
        String venue = created(cafe, "/api/v1/venues", "{\"name\": \"Second café\", \"timezone\": \"Europe/Kyiv\"}");
        UUID warehouse = id(created(cafe, "/api/v1/storages", "{\"venueId\": \"%s\", \"name\": \"Warehouse\"}"
                .formatted(id(venue))));
        supply(kitchen, DAY_1, "10000", "800");          // 0.08 a ml
        // Two packs, 2,000 ml at 0.08: 160. Entered in the sender's time zone: 12:00 in Kyiv is 10:00 UTC.
        UUID moved = id(created(cafe, "/api/v1/transfers", transfer("2026-03-02T12:00", kitchen, warehouse, true,
                line(milk, "2", "purchase"))));
        assertLevel(level(kitchen, DAY_2), "8000", "640");
        assertLevel(level(warehouse, DAY_2), "2000", "160");

        mvc.perform(post("/api/v1/transfers/{id}/cancel", moved).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        assertLevel(level(kitchen, DAY_3), "10000", "800");
        assertLevel(level(warehouse, DAY_3), "0", "0");
        problem(post("/api/v1/transfers/{id}/cancel", moved), 422, null);
        problem(post("/api/v1/transfers/{id}/post", moved), 422, null);
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aDraftIsEditedThenPostedOnce() throws Exception {
        supply(kitchen, DAY_1, "10000", "800");
        String body = created(cafe, "/api/v1/transfers", transfer("2026-03-02T10:00:00Z", kitchen, bar, false,
                line(milk, "1", "l")));
        UUID moved = id(body);
        assertLevel(level(bar, DAY_3), "0", "0");
        long version = ((Number) JsonPath.read(body, "$.version")).longValue();
        mvc.perform(json(put("/api/v1/transfers/{id}", moved).with(bearer(cafe.ownerToken())), """
                {"transferredAt": "2026-03-02T10:00:00Z", "fromStorageId": "%s", "toStorageId": "%s",
                 "version": %d, "post": true, "lines": [%s]}""".formatted(kitchen, bar, version,
                        line(milk, "3", "l"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(jsonPath("$.total").value("240"));   // 3,000 × 0.08
        assertLevel(level(bar, DAY_3), "3000", "240");
        problem(post("/api/v1/transfers/{id}/post", moved), 422, null);
        // The version read before is stale now.
        mvc.perform(post("/api/v1/transfers/{id}/cancel", moved).param("version", String.valueOf(version))
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isConflict());
        assertLevel(level(bar, DAY_3), "3000", "240");
    }

    @Test
    void theSameStorageAndBadInputAreRefusedAndNothingIsSaved() throws Exception {
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirFlour = id(created(other, "/api/v1/ingredients", "{\"name\": \"Flour\", \"unit\": \"kg\"}"));
        String at = "2026-03-02T10:00:00Z";

        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, kitchen, true, line(milk, "1", null))),
                422, "toStorageId");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true)), 422, "lines");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true, line(milk, "1", null),
                line(milk, "0", null))), 422, "lines[1].quantity");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true, line(milk, "-1", null))),
                422, "lines[0].quantity");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true, line(milk, "100000000000000",
                null))), 422, "lines[0].quantity");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true, line(milk, "1", "pcs"))),
                422, "lines[0].unit");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, bar, true, line(theirFlour, "1", null))),
                422, "lines[0].ingredientId");
        problem(json(post("/api/v1/transfers"), transfer(at, kitchen, other.storageId(), true,
                line(milk, "1", null))), 422, "toStorageId");
        problem(json(post("/api/v1/transfers"), transfer(at, UUID.randomUUID(), bar, true, line(milk, "1", null))),
                422, "fromStorageId");

        mvc.perform(get("/api/v1/transfers").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        assertLevel(level(kitchen, DAY_3), "0", "0");
        assertLevel(level(bar, DAY_3), "0", "0");
    }

    @Test
    void otherBusinessesVenueLimitedUsersAndAccountantsAreKeptOut() throws Exception {
        supply(kitchen, DAY_1, "10000", "800");
        String venue = created(cafe, "/api/v1/venues", "{\"name\": \"Second café\", \"timezone\": \"Europe/Kyiv\"}");
        UUID warehouse = id(created(cafe, "/api/v1/storages", "{\"venueId\": \"%s\", \"name\": \"Warehouse\"}"
                .formatted(id(venue))));
        UUID moved = id(created(cafe, "/api/v1/transfers", transfer("2026-03-02T10:00:00Z", kitchen, warehouse,
                false, line(milk, "1", "l"))));

        TestBusiness other = signUp("Nosy Café " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/transfers/{id}", moved).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/transfers/{id}/post", moved).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/transfers").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));

        // A manager of the first venue only does not see the warehouse, so neither the transfer.
        InvitedUser manager = invite(cafe, "MANAGER", "[\"%s\"]".formatted(cafe.venueId()));
        mvc.perform(get("/api/v1/transfers/{id}", moved).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/transfers").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(json(post("/api/v1/transfers").with(bearer(manager.token())),
                        transfer("2026-03-02T10:00:00Z", kitchen, warehouse, true, line(milk, "1", null))))
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.errors[0].field").value("toStorageId"));

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "null");
        mvc.perform(get("/api/v1/transfers/{id}", moved).with(bearer(accountant.token())))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/transfers/{id}/post", moved).with(bearer(accountant.token())))
                .andExpect(status().isForbidden());
        mvc.perform(json(post("/api/v1/transfers").with(bearer(accountant.token())),
                        transfer("2026-03-02T10:00:00Z", kitchen, bar, true, line(milk, "1", null))))
                .andExpect(status().isForbidden());
        assertLevel(level(kitchen, DAY_3), "10000", "800");
    }

    @Test
    void thePagesListShowAndPostATransfer() throws Exception {
        supply(kitchen, DAY_1, "1000", "30");             // 0.03 a ml
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document editor = Jsoup.parse(mvc.perform(get("/stock/transfers/new").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        var form = formOf(editor, "#transfer-form");
        form.put("transferredAt", "2026-03-02T12:00");
        form.put("toStorageId", kitchen.toString());
        form.put("fromStorageId", kitchen.toString());
        form.put("lines[0].ingredientId", milk.toString());
        form.put("lines[0].quantity", "400");
        form.put("intent", "post");
        Document refused = Jsoup.parse(mvc.perform(submitted("/stock/transfers/new", form, owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(refused.select("select[name=toStorageId].is-invalid")).hasSize(1);

        form.put("toStorageId", bar.toString());
        String location = mvc.perform(submitted("/stock/transfers/new", form, owner))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        Document shown = Jsoup.parse(mvc.perform(get(location).session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(shown.selectFirst("#total").text()).contains("12.00");   // 400 × 0.03
        assertLevel(level(bar, DAY_3), "400", "12");

        Document list = Jsoup.parse(mvc.perform(get("/stock/transfers").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(list.selectFirst("#totals").text()).contains("12.00");
        assertThat(list.select("tbody tr")).hasSize(1);
    }

    // Helpers

    private String created(TestBusiness business, String path, String body) throws Exception {
        return mvc.perform(json(post(path).with(bearer(business.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
    }

    private void problem(MockHttpServletRequestBuilder request, int status, String field) throws Exception {
        var result = mvc.perform(request.with(bearer(cafe.ownerToken())))
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        if (field != null) {
            result.andExpect(jsonPath("$.errors[0].field").value(field));
        }
    }

    static String line(UUID ingredient, String quantity, String unit) {
        return "{\"ingredientId\": \"%s\", \"quantity\": \"%s\"%s}".formatted(ingredient, quantity,
                unit == null ? "" : ", \"unit\": \"" + unit + "\"");
    }

    static String transfer(String at, UUID from, UUID to, boolean post, String... lines) {
        return ("{\"transferredAt\": \"%s\", \"fromStorageId\": \"%s\", \"toStorageId\": \"%s\", \"post\": %s, "
                + "\"lines\": [%s]}").formatted(at, from, to, post, String.join(", ", lines));
    }

    private void supply(UUID storage, Instant at, String quantity, String value) {
        asOwner(() -> ledger.post(new Posting("SUPPLY", UUID.randomUUID(), at, List.of(Entry.in(Kind.SUPPLY,
                storage, milk, new BigDecimal(quantity), new BigDecimal(value))))));
    }

    private Level level(UUID storage, Instant at) {
        return asOwner(() -> ledger.level(storage, milk, at));
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
