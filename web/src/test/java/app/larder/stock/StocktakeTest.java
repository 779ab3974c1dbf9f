package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Stocktakes through the API and the pages, each figure worked out by hand in the comments. The stock of the
 * kitchen, made with the ledger before each test:
 * <ul>
 * <li>flour: 10,000 g worth 400 on day 1 and 5,000 g worth 260 on day 2 (15,000 g worth 660, 0.044 a gram), then
 * 3,000 g written off (3,000 × 0.044 = 132): 12,000 g worth 528 from then on, 44 a kg;</li>
 * <li>milk: 10,000 ml worth 800 on day 1, 0.08 a ml (80 a litre);</li>
 * <li>sugar: 2,000 g worth 90 on day 1, 45 a kg.</li>
 * </ul>
 * Every stocktake counts on day 3, at 10:00 UTC (12:00 in Kyiv, the venue's time zone).
 */
class StocktakeTest extends IntegrationTest {

    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    Ingredients ingredients;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID flour;
    private UUID milk;
    private UUID sugar;

    @BeforeEach
    void stockedKitchen() throws Exception {
        cafe = signUp("Stocktake Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        flour = ingredient("Flour", "Dry", Unit.Dimension.MASS);
        milk = ingredient("Milk", "Dairy", Unit.Dimension.VOLUME);
        sugar = ingredient("Sugar", "Dry", Unit.Dimension.MASS);
        supply(flour, DAY_1, "10000", "400");
        supply(flour, DAY_2, "5000", "260");
        writeOff(flour, DAY_2.plusSeconds(3600), "3000");
        supply(milk, DAY_1, "10000", "800");
        supply(sugar, DAY_1, "2000", "90");
    }

    @Test
    void postingBooksAShortageAndASurplusAtTheAverageUnitCost() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T12:00\", \"comment\": \"March\"}"
                .formatted(kitchen));
        // 12:00 in Kyiv (UTC+2 in March) is 10:00 UTC.
        owner(get("/api/v1/stocktakes/{id}", id))
                .andExpect(jsonPath("$.countedAt").value("2026-03-03T10:00:00Z"))
                .andExpect(jsonPath("$.localCountedAt").value("2026-03-03T12:00:00"))
                .andExpect(jsonPath("$.timezone").value("Europe/Kyiv"))
                .andExpect(jsonPath("$.status").value("DRAFT"));

        count(id, "[{\"itemId\": \"%s\", \"counted\": 11.5}, {\"itemId\": \"%s\", \"counted\": 10.25}]"
                .formatted(flour, milk))
                // Flour: expected 12 kg at 44 a kg, counted 11.5: 0.5 kg short, estimated 500 g × 0.044 = 22.
                .andExpect(line(flour, "expected").value("12"))
                .andExpect(line(flour, "counted").value("11.5"))
                .andExpect(line(flour, "difference").value("-0.5"))
                .andExpect(line(flour, "unitCost").value("44"))
                .andExpect(line(flour, "value").value("-22"))
                // Milk: expected 10 l at 80 a litre, counted 10.25: 0.25 l over, 250 ml × 0.08 = 20.
                .andExpect(line(milk, "difference").value("0.25"))
                .andExpect(line(milk, "value").value("20"))
                // Sugar is on the sheet, not counted.
                .andExpect(line(sugar, "expected").value("2"))
                .andExpect(line(sugar, "counted").value(contains(nullValue())))
                .andExpect(jsonPath("$.variance.valued").value(false))
                .andExpect(jsonPath("$.variance.countedItems").value(2))
                .andExpect(jsonPath("$.variance.items").value(3));

        owner(post("/api/v1/stocktakes/{id}/post", id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(line(flour, "expected").value("12"))
                .andExpect(line(flour, "value").value("-22"))
                .andExpect(line(milk, "value").value("20"))
                // Surplus 20, shortage −22, net 20 − 22 = −2.
                .andExpect(jsonPath("$.variance.valued").value(true))
                .andExpect(jsonPath("$.variance.surplus").value("20"))
                .andExpect(jsonPath("$.variance.shortage").value("-22"))
                .andExpect(jsonPath("$.variance.net").value("-2"))
                .andExpect(jsonPath("$.variance.surplusItems").value(1))
                .andExpect(jsonPath("$.variance.shortageItems").value(1));

        // The balance after posting is what was counted: 12,000 − 500 = 11,500 g worth 528 − 22 = 506;
        // 10,000 + 250 = 10,250 ml worth 800 + 20 = 820. Sugar, not counted, is left alone.
        assertLevel(level(flour), "11500", "506");
        assertLevel(level(milk), "10250", "820");
        assertLevel(level(sugar), "2000", "90");
        List<StockLedger.Movement> booked = asOwner(() -> ledger.ofDocument(id));
        assertThat(booked).extracting(StockLedger.Movement::kind).containsExactlyInAnyOrder(Kind.SHORTAGE,
                Kind.SURPLUS);
        assertThat(booked).noneMatch(m -> m.itemId().equals(sugar));
        assertThat(asOwner(ledger::check)).isEmpty();

        String csv = owner(get("/api/v1/stocktakes/{id}/variance.csv", id))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().toList()).containsExactly(
                "item,category,unit,expected,counted,difference,unit_cost,value",
                "Flour,Dry,kg,12,11.5,-0.5,44,-22",
                "Milk,Dairy,l,10,10.25,0.25,80,20",
                "surplus,,,,,,,20",
                "shortage,,,,,,,-22",
                "net,,,,,,,-2");

        owner(get("/api/v1/stocktakes").param("status", "POSTED"))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].countedItems").value(2))
                .andExpect(jsonPath("$.items[0].net").value("-2"))
                .andExpect(jsonPath("$.items[0].storageName").value("Main storage"));
    }

    @Test
    void aCountOfZeroTakesTheWholeItemOutAndWhatIsNotCountedIsLeftAlone() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\", \"category\": \"dry\"}"
                .formatted(kitchen));
        owner(get("/api/v1/stocktakes/{id}", id))
                .andExpect(jsonPath("$.category").value("Dry"))
                .andExpect(jsonPath("$.lines", hasSize(2)));   // flour and sugar: milk is Dairy
        count(id, "[{\"itemId\": \"%s\", \"counted\": 0}]".formatted(sugar))
                .andExpect(line(sugar, "difference").value("-2"));
        owner(post("/api/v1/stocktakes/{id}/post", id))
                // All 2,000 g go, with all of their value: 90.
                .andExpect(line(sugar, "value").value("-90"))
                .andExpect(jsonPath("$.variance.net").value("-90"));
        assertLevel(level(sugar), "0", "0");
        assertLevel(level(flour), "12000", "528");
        assertLevel(level(milk), "10000", "800");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void theExpectedQuantityIsTheOneAtPostingAndShowsWhatWasUsed() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        count(id, "[{\"itemId\": \"%s\", \"counted\": 11.5}]".formatted(flour))
                .andExpect(line(flour, "difference").value("-0.5"));
        // After the draft was opened, 1,000 g of flour turn out to have been written off before the count:
        // 1,000 × 0.044 = 44, so 11,000 g worth 484 were there on day 3.
        writeOff(flour, DAY_2.plusSeconds(7200), "1000");
        owner(post("/api/v1/stocktakes/{id}/post", id))
                // Expected 11 kg, counted 11.5: 500 g over, at 0.044 a gram = 22.
                .andExpect(line(flour, "expected").value("11"))
                .andExpect(line(flour, "difference").value("0.5"))
                .andExpect(line(flour, "value").value("22"))
                .andExpect(jsonPath("$.variance.surplus").value("22"));
        assertLevel(level(flour), "11500", "506");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void cancellingRestoresTheStockAndPostingOrCancellingTwiceIsRefused() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        count(id, "[{\"itemId\": \"%s\", \"counted\": 11.5}, {\"itemId\": \"%s\", \"counted\": 10}]"
                .formatted(flour, milk));
        owner(post("/api/v1/stocktakes/{id}/post", id)).andExpect(status().isOk())
                .andExpect(line(milk, "value").value("0"));   // counted as expected: nothing booked for milk
        owner(post("/api/v1/stocktakes/{id}/post", id))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("posted already")));
        owner(json(put("/api/v1/stocktakes/{id}", id), "{\"lines\": [{\"itemId\": \"%s\", \"counted\": 1}]}"
                .formatted(flour))).andExpect(status().isUnprocessableContent());
        assertLevel(level(flour), "11500", "506");

        owner(post("/api/v1/stocktakes/{id}/cancel", id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(line(flour, "value").value(contains(nullValue())))
                .andExpect(jsonPath("$.variance.net").value("0"));
        assertLevel(level(flour), "12000", "528");
        assertLevel(level(milk), "10000", "800");
        owner(post("/api/v1/stocktakes/{id}/cancel", id))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("cancelled already")));
        owner(post("/api/v1/stocktakes/{id}/post", id)).andExpect(status().isUnprocessableContent());
        assertLevel(level(flour), "12000", "528");

        // A stocktake that found everything as expected books nothing, and cancels all the same.
        UUID even = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        count(even, "[{\"itemId\": \"%s\", \"counted\": 2}]".formatted(sugar));
        owner(post("/api/v1/stocktakes/{id}/post", even)).andExpect(jsonPath("$.variance.net").value("0"));
        owner(post("/api/v1/stocktakes/{id}/cancel", even)).andExpect(status().isOk());
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheLineAndNothingIsSaved() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirFlour = uuid(mvc.perform(json(post("/api/v1/ingredients").with(bearer(other.ownerToken())),
                "{\"name\": \"Flour\", \"unit\": \"kg\"}")).andReturn().getResponse().getContentAsString(), "$.id");

        refused(id, "[{\"itemId\": \"%s\", \"counted\": 1}, {\"itemId\": \"%s\", \"counted\": -1}]"
                .formatted(flour, milk), "lines[1].counted", "below zero");
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 10000000000000}]".formatted(flour), "lines[0].counted",
                null);
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 0.0000000001}]".formatted(flour), "lines[0].counted",
                null);
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 1, \"unit\": \"l\"}]".formatted(flour), "lines[0].unit",
                null);
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 1}]".formatted(UUID.randomUUID()), "lines[0].itemId",
                "no such item");
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 1}]".formatted(theirFlour), "lines[0].itemId",
                "no such item");
        refused(id, "[{\"itemId\": \"%s\", \"counted\": 1}, {\"itemId\": \"%s\", \"counted\": 2}]"
                .formatted(flour, flour), "lines[1].itemId", "twice");
        // Nothing of the refused changes was kept.
        owner(get("/api/v1/stocktakes/{id}", id)).andExpect(jsonPath("$.variance.countedItems").value(0));
        owner(post("/api/v1/stocktakes/{id}/post", id))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("lines"));

        // Zero is a count; grams may be given instead of the stock unit.
        count(id, "[{\"itemId\": \"%s\", \"counted\": 0}, {\"itemId\": \"%s\", \"counted\": 11500, \"unit\": \"g\"}]"
                .formatted(sugar, flour))
                .andExpect(line(sugar, "counted").value("0"))
                .andExpect(line(flour, "counted").value("11.5"));

        // Stock cannot be counted ahead.
        owner(json(put("/api/v1/stocktakes/{id}", id), "{\"countedAt\": \"2099-01-01T10:00:00Z\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("countedAt"));
        createRefused("{\"storageId\": \"%s\", \"countedAt\": \"2099-01-01T10:00\"}".formatted(kitchen),
                "countedAt");
        createRefused("{\"storageId\": \"%s\", \"countedAt\": \"yesterday\"}".formatted(kitchen), "countedAt");
        createRefused("{\"storageId\": \"%s\"}".formatted(UUID.randomUUID()), "storageId");
        createRefused("{\"storageId\": \"%s\"}".formatted(other.storageId()), "storageId");
        createRefused("{\"countedAt\": \"2026-03-03T10:00:00Z\"}", "storageId");
        createRefused("{\"storageId\": \"%s\", \"category\": \"Frozen\"}".formatted(kitchen), "category");

        // A stocktake of the dry goods does not count milk.
        UUID dry = create("{\"storageId\": \"%s\", \"category\": \"Dry\"}".formatted(kitchen));
        refused(dry, "[{\"itemId\": \"%s\", \"counted\": 1}]".formatted(milk), "lines[0].itemId", "Dry");

        owner(get("/api/v1/stocktakes").param("status", "OPEN")).andExpect(status().isUnprocessableContent());
        owner(get("/api/v1/stocktakes").param("sort", "comment")).andExpect(status().isUnprocessableContent());
        assertLevel(level(flour), "12000", "528");
    }

    @Test
    void concurrentEditsAreAConflict() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        int version = JsonPath.read(owner(get("/api/v1/stocktakes/{id}", id)).andReturn().getResponse()
                .getContentAsString(), "$.version");
        String change = "{\"version\": %d, \"lines\": [{\"itemId\": \"%s\", \"counted\": %s}]}";
        owner(json(put("/api/v1/stocktakes/{id}", id), change.formatted(version, flour, "11.5")))
                .andExpect(status().isOk());
        // Someone else saved the version both started from: the second change is refused, the first stays.
        owner(json(put("/api/v1/stocktakes/{id}", id), change.formatted(version, flour, "3")))
                .andExpect(status().isConflict());
        owner(json(post("/api/v1/stocktakes/{id}/post", id), "{\"version\": %d}".formatted(version)))
                .andExpect(status().isConflict());
        owner(get("/api/v1/stocktakes/{id}", id)).andExpect(line(flour, "counted").value("11.5"))
                .andExpect(jsonPath("$.status").value("DRAFT"));
    }

    @Test
    void anotherBusinessAndAnotherVenuesManagerFindNothing() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        TestBusiness other = signUp("Nosy Café " + UUID.randomUUID().toString().substring(0, 6));
        String theirs = other.ownerToken();
        mvc.perform(get("/api/v1/stocktakes/{id}", id).with(bearer(theirs))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stocktakes/{id}/variance.csv", id).with(bearer(theirs)))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/stocktakes/{id}", id).with(bearer(theirs)), "{\"lines\": []}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/stocktakes/{id}/post", id).with(bearer(theirs))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/stocktakes/{id}/cancel", id).with(bearer(theirs)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stocktakes").with(bearer(theirs))).andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/stock/stocktakes/{id}", id).session(login(other.ownerEmail(), PASSWORD)))
                .andExpect(status().isNotFound());

        // A manager limited to a second venue does not see the first one's stocktakes.
        UUID riverside = uuid(owner(json(post("/api/v1/venues"), """
                {"name": "Riverside", "address": "Naberezhna 5", "timezone": "Europe/Kyiv"}"""))
                .andReturn().getResponse().getContentAsString(), "$.id");
        InvitedUser manager = invite(cafe, "MANAGER", "[\"%s\"]".formatted(riverside));
        mvc.perform(get("/api/v1/stocktakes/{id}", id).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stocktakes").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(json(post("/api/v1/stocktakes").with(bearer(manager.token())),
                        "{\"storageId\": \"%s\"}".formatted(kitchen)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("storageId"));
    }

    @Test
    void anAccountantReadsButCannotCountPostOrCancel() throws Exception {
        UUID id = create("{\"storageId\": \"%s\", \"countedAt\": \"2026-03-03T10:00:00Z\"}".formatted(kitchen));
        count(id, "[{\"itemId\": \"%s\", \"counted\": 11.5}]".formatted(flour));
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        String token = accountant.token();
        mvc.perform(get("/api/v1/stocktakes").with(bearer(token))).andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/stocktakes/{id}", id).with(bearer(token))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/stocktakes/{id}/variance.csv", id).with(bearer(token))).andExpect(status().isOk());
        mvc.perform(json(post("/api/v1/stocktakes").with(bearer(token)), "{\"storageId\": \"%s\"}"
                .formatted(kitchen))).andExpect(status().isForbidden());
        mvc.perform(json(put("/api/v1/stocktakes/{id}", id).with(bearer(token)), "{\"lines\": []}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/stocktakes/{id}/post", id).with(bearer(token))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/stocktakes/{id}/cancel", id).with(bearer(token)))
                .andExpect(status().isForbidden());

        MockHttpSession session = login(accountant.email(), accountant.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                .param("currentPassword", accountant.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));
        Document page = Jsoup.parse(mvc.perform(get("/stock/stocktakes/{id}", id).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("input[name^=count.]")).isEmpty();
        assertThat(page.select("#post-form, #cancel-form")).isEmpty();
        assertThat(page.select("#sheet").text()).contains("Flour", "11.5 kg", "not counted");
        mvc.perform(post("/stock/stocktakes/{id}/post", id).with(csrf()).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/stock/stocktakes/{id}/counts/{item}", id, flour).with(csrf()).session(session)
                .param("count." + flour, "1")).andExpect(status().isForbidden());
        assertThat(asOwner(() -> ledger.ofDocument(id))).isEmpty();
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes/{id}'].put").exists())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes/{id}/post'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes/{id}/cancel'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/stocktakes/{id}/variance.csv'].get").exists());
    }

    @Test
    void theOwnerCountsAndPostsThroughThePages() throws Exception {
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);
        assertThat(page(session, "/stock/stocktakes")).contains("No stocktakes yet.");
        Document form = Jsoup.parse(page(session, "/stock/stocktakes/new"));
        assertThat(form.select("select[name=category] option").eachText()).contains("All items", "Category: Dry");

        String location = mvc.perform(post("/stock/stocktakes/new").with(csrf()).session(session)
                        .param("storageId", kitchen.toString()).param("countedAt", "2026-03-03T12:00")
                        .param("category", "").param("comment", "End of the month"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "stocktake.created"))
                .andReturn().getResponse().getRedirectedUrl();
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        mvc.perform(post("/stock/stocktakes/new").with(csrf()).session(session)
                        .param("storageId", kitchen.toString()).param("countedAt", "2099-01-01T12:00"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Stock cannot be counted ahead")));

        Document sheet = Jsoup.parse(page(session, "/stock/stocktakes/" + id));
        assertThat(sheet.select("#sheet tbody tr")).hasSize(3);
        assertThat(sheet.select("#item-" + flour).text()).contains("Flour", "12 kg", "44.00 UAH / kg");
        long version = Long.parseLong(sheet.select("input[name=version][form=counts-form]").val());

        // One count as it is typed: the row and the variance come back.
        String row = mvc.perform(post("/stock/stocktakes/{id}/counts/{item}", id, flour).with(csrf())
                        .session(session).header("HX-Request", "true").param("count." + flour, "11,5"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document answer = Jsoup.parseBodyFragment("<table>" + row + "</table>");
        assertThat(answer.select("#item-" + flour).text()).contains("-0.5 kg");
        assertThat(answer.select("#stocktake-state").attr("hx-swap-oob")).isEqualTo("true");
        assertThat(answer.select("#variance-shortage").text()).contains("22.00");
        long after = Long.parseLong(answer.select("#post-form input[name=version]").val());
        assertThat(after).isGreaterThan(version);

        // A refused count comes back on its row, and nothing changes.
        String refused = mvc.perform(post("/stock/stocktakes/{id}/counts/{item}", id, milk).with(csrf())
                        .session(session).param("count." + milk, "-3"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("cannot be below zero");

        // The page of counts at once, with the version it was made from; an empty field is not counted.
        mvc.perform(post("/stock/stocktakes/{id}/counts", id).with(csrf()).session(session)
                        .param("version", String.valueOf(after)).param("count." + flour, "11.5")
                        .param("count." + milk, "10.25").param("count." + sugar, ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "stocktake.countsSaved"));
        // The same page sent again from its old version is a conflict.
        mvc.perform(post("/stock/stocktakes/{id}/counts", id).with(csrf()).session(session)
                        .param("version", String.valueOf(after)).param("count." + flour, "1"))
                .andExpect(status().isConflict());
        // A bad number is shown on its row, and nothing is saved.
        mvc.perform(post("/stock/stocktakes/{id}/counts", id).with(csrf()).session(session)
                        .param("count." + flour, "eleven").param("count." + milk, "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a number")));

        Document counted = Jsoup.parse(page(session, "/stock/stocktakes/" + id + "?show=counted"));
        assertThat(counted.select("#sheet tbody tr")).hasSize(2);
        assertThat(Jsoup.parse(page(session, "/stock/stocktakes/" + id + "?q=sug")).select("#sheet tbody tr"))
                .hasSize(1);
        assertThat(counted.select("#post-form").attr("data-confirm")).contains("2 counted item(s)");
        String current = counted.select("#post-form input[name=version]").val();

        mvc.perform(post("/stock/stocktakes/{id}/post", id).with(csrf()).session(session).param("version", current))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "stocktake.posted"));
        mvc.perform(post("/stock/stocktakes/{id}/post", id).with(csrf()).session(session))
                .andExpect(flash().attribute("failure", "stocktake.alreadyPosted"));
        Document posted = Jsoup.parse(page(session, "/stock/stocktakes/" + id));
        assertThat(posted.select("input[name^=count.]")).isEmpty();
        assertThat(posted.select("#variance-net").text()).contains("-2.00");
        assertThat(posted.select("#cancel-form").attr("data-confirm")).contains("as if it had never been posted");
        assertLevel(level(flour), "11500", "506");

        Document list = Jsoup.parse(page(session, "/stock/stocktakes?status=POSTED"));
        assertThat(list.select("#stocktakes tbody tr").text()).contains("Main storage", "All items", "Posted",
                "-2.00", "End of the month");
        assertThat(page(session, "/stock/stocktakes?status=DRAFT")).contains("Nothing matches this search.");
        assertThat(mvc.perform(get("/stock/stocktakes/{id}/variance.csv", id).session(session))
                .andReturn().getResponse().getContentAsString()).contains("Flour,Dry,kg,12,11.5,-0.5,44,-22");

        mvc.perform(post("/stock/stocktakes/{id}/cancel", id).with(csrf()).session(session))
                .andExpect(flash().attribute("success", "stocktake.cancelled"));
        assertLevel(level(flour), "12000", "528");
    }

    private UUID ingredient(String name, String category, Unit.Dimension dimension) {
        return asOwner(() -> ingredients.create(new Ingredients.IngredientDetails(name, category, dimension, null,
                null, null, null)).getId());
    }

    private void supply(UUID item, Instant at, String quantity, String value) {
        asOwner(() -> ledger.post(new Posting("SUPPLY", UUID.randomUUID(), at, List.of(Entry.in(Kind.SUPPLY,
                kitchen, item, new BigDecimal(quantity), new BigDecimal(value))))));
    }

    private void writeOff(UUID item, Instant at, String quantity) {
        asOwner(() -> ledger.post(new Posting("WRITE_OFF", UUID.randomUUID(), at, List.of(
                Entry.out(Kind.WRITE_OFF, kitchen, item, new BigDecimal(quantity))))));
    }

    private UUID create(String body) throws Exception {
        return uuid(owner(json(post("/api/v1/stocktakes"), body)).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString(), "$.id");
    }

    private void createRefused(String body, String field) throws Exception {
        owner(json(post("/api/v1/stocktakes"), body))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    private ResultActions count(UUID id, String lines) throws Exception {
        return owner(json(put("/api/v1/stocktakes/{id}", id), "{\"lines\": " + lines + "}"))
                .andExpect(status().isOk());
    }

    private void refused(UUID id, String lines, String field, String message) throws Exception {
        ResultActions result = owner(json(put("/api/v1/stocktakes/{id}", id), "{\"lines\": " + lines + "}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        if (message != null) {
            result.andExpect(jsonPath("$.detail").value(containsString(message)));
        }
    }

    /** A field of the sheet's line of an item (a filter gives a list of one: a single value is compared as such). */
    private static org.springframework.test.web.servlet.result.JsonPathResultMatchers line(UUID item,
                                                                                          String field) {
        return jsonPath("$.lines[?(@.itemId == '%s')].%s".formatted(item, field));
    }

    private ResultActions owner(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(bearer(cafe.ownerToken())));
    }

    private String page(MockHttpSession session, String path) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private Level level(UUID item) {
        return asOwner(() -> ledger.level(kitchen, item, DAY_3));
    }

    private static void assertLevel(Level level, String quantity, String value) {
        assertThat(level.quantity()).as("quantity").isEqualByComparingTo(quantity);
        assertThat(level.value()).as("value").isEqualByComparingTo(value);
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
