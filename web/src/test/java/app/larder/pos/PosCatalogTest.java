package app.larder.pos;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The catalog a terminal pulls: in full at its venue's prices, then only what changed, with tombstones. */
class PosCatalogTest extends IntegrationTest {

    private TestBusiness cafe;
    private UUID coffee;
    private UUID cappuccino;
    private UUID espresso;
    private UUID milk;
    private String till;

    @BeforeEach
    void menu() throws Exception {
        cafe = signUp("Catalog Café " + UUID.randomUUID().toString().substring(0, 6));
        coffee = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        milk = created("/api/v1/modifier-groups", """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                 "options": [{"name": "Oat milk", "priceDelta": "15"}, {"name": "Soy milk", "priceDelta": "12.5"}]}""");
        cappuccino = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Cappuccino", "price": "65",
                 "modifierGroupIds": ["%s"]}""".formatted(coffee, milk));
        espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso", "price": "45"}""".formatted(coffee));
        mvc.perform(json(put("/api/v1/menu-items/" + cappuccino + "/prices").with(bearer(cafe.ownerToken())),
                "{\"venueId\": \"%s\", \"price\": \"70\"}".formatted(cafe.venueId()))).andExpect(status().isOk());
        till = pairedDevice(cafe.venueId());
    }

    @Test
    void aFullPullHasTheVenuesPricesAndModifiers() throws Exception {
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.full", is(true)))
                .andExpect(jsonPath("$.categories[*].name", contains("Coffee")))
                .andExpect(jsonPath("$.items[*].name", contains("Cappuccino", "Espresso")))
                .andExpect(jsonPath("$.items[0].price", is("70.00")))      // the venue's own price
                .andExpect(jsonPath("$.items[0].kind", is("dish")))
                .andExpect(jsonPath("$.items[0].modifierGroupIds[0]", is(milk.toString())))
                .andExpect(jsonPath("$.items[1].price", is("45.00")))
                .andExpect(jsonPath("$.modifierGroups[0].options[*].priceDelta", contains("15.00", "12.50")))
                .andExpect(jsonPath("$.promotions", empty()))
                .andExpect(jsonPath("$.deleted", empty()));
    }

    @Test
    void anIncrementalPullHasWhatChangedOnceAndTombstonesForWhatWentAway() throws Exception {
        String cursor = cursor(mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)))
                .andReturn().getResponse().getContentAsString());
        String nothing = mvc.perform(get("/api/pos/v1/catalog").param("since", cursor).with(bearer(till)))
                .andExpect(jsonPath("$.full", is(false)))
                .andExpect(jsonPath("$.categories", empty()))
                .andExpect(jsonPath("$.items", empty()))
                .andExpect(jsonPath("$.modifierGroups", empty()))
                .andExpect(jsonPath("$.deleted", empty()))
                .andReturn().getResponse().getContentAsString();

        // A new venue price is a change of the item; the next pull after it has nothing again.
        mvc.perform(json(put("/api/v1/menu-items/" + espresso + "/prices").with(bearer(cafe.ownerToken())),
                "{\"venueId\": \"%s\", \"price\": \"48\"}".formatted(cafe.venueId()))).andExpect(status().isOk());
        String afterPrice = mvc.perform(get("/api/pos/v1/catalog").param("since", cursor(nothing)).with(bearer(till)))
                .andExpect(jsonPath("$.items[*].name", contains("Espresso")))
                .andExpect(jsonPath("$.items[0].price", is("48.00")))
                .andExpect(jsonPath("$.categories", empty()))
                .andReturn().getResponse().getContentAsString();
        String quiet = mvc.perform(get("/api/pos/v1/catalog").param("since", cursor(afterPrice)).with(bearer(till)))
                .andExpect(jsonPath("$.items", empty()))
                .andReturn().getResponse().getContentAsString();

        // An option renamed is a change of its group.
        mvc.perform(json(put("/api/v1/modifier-groups/" + milk).with(bearer(cafe.ownerToken())), """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                 "options": [{"name": "Oat drink", "priceDelta": "15"}]}""")).andExpect(status().isOk());
        String afterGroup = mvc.perform(get("/api/pos/v1/catalog").param("since", cursor(quiet)).with(bearer(till)))
                .andExpect(jsonPath("$.modifierGroups[0].options[*].name", contains("Oat drink")))
                .andExpect(jsonPath("$.items", empty()))
                .andReturn().getResponse().getContentAsString();

        // Archived: a tombstone, and gone from the full catalog.
        mvc.perform(post("/api/v1/menu-items/" + espresso + "/archive").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
        mvc.perform(get("/api/pos/v1/catalog").param("since", cursor(afterGroup)).with(bearer(till)))
                .andExpect(jsonPath("$.items", empty()))
                .andExpect(jsonPath("$.deleted[0].type", is("item")))
                .andExpect(jsonPath("$.deleted[0].id", is(espresso.toString())));
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)))
                .andExpect(jsonPath("$.items[*].name", contains("Cappuccino")));
    }

    /**
     * The usual call: nothing changed. One statement answers it (see {@code PosCatalog.CHANGED_SINCE}); the answer is
     * the empty delta with a cursor no older than the one sent, and the next edit is still caught from either.
     * An edit in another business changes nothing here.
     */
    @Test
    void aPullWithNothingChangedIsEmptyAndItsCursorStillCatchesTheNextEdit() throws Exception {
        String first = cursor(mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)))
                .andReturn().getResponse().getContentAsString());
        TestBusiness other = signUp("Busy " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(json(post("/api/v1/categories").with(bearer(other.ownerToken())), "{\"name\": \"Tea\"}"))
                .andExpect(status().isCreated());

        String nothing = mvc.perform(get("/api/pos/v1/catalog").param("since", first).with(bearer(till)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.full", is(false)))
                .andExpect(jsonPath("$.categories", empty()))
                .andExpect(jsonPath("$.items", empty()))
                .andExpect(jsonPath("$.modifierGroups", empty()))
                .andExpect(jsonPath("$.promotions", empty()))
                .andExpect(jsonPath("$.deleted", empty()))
                .andReturn().getResponse().getContentAsString();
        String second = cursor(nothing);
        assertThat(Long.parseLong(second.substring(3))).isGreaterThanOrEqualTo(Long.parseLong(first.substring(3)));

        mvc.perform(json(put("/api/v1/menu-items/" + espresso + "/prices").with(bearer(cafe.ownerToken())),
                "{\"venueId\": \"%s\", \"price\": \"47\"}".formatted(cafe.venueId()))).andExpect(status().isOk());
        for (String since : List.of(first, second)) {
            mvc.perform(get("/api/pos/v1/catalog").param("since", since).with(bearer(till)))
                    .andExpect(jsonPath("$.full", is(false)))
                    .andExpect(jsonPath("$.items[*].name", contains("Espresso")))
                    .andExpect(jsonPath("$.items[0].price", is("47.00")))
                    .andExpect(jsonPath("$.deleted", empty()));
        }

        // A category renamed alone is a change too (its items come along, as they always have).
        String third = cursor(mvc.perform(get("/api/pos/v1/catalog").param("since", second).with(bearer(till)))
                .andReturn().getResponse().getContentAsString());
        mvc.perform(json(put("/api/v1/categories/" + coffee).with(bearer(cafe.ownerToken())),
                "{\"name\": \"Coffee & tea\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/pos/v1/catalog").param("since", third).with(bearer(till)))
                .andExpect(jsonPath("$.categories[*].name", contains("Coffee & tea")))
                .andExpect(jsonPath("$.items[*].name", contains("Cappuccino", "Espresso")));
    }

    @Test
    void eachDeviceSeesItsOwnVenueAndBusiness() throws Exception {
        UUID terrace = created("/api/v1/venues", "{\"name\": \"Terrace\", \"timezone\": \"Europe/Kyiv\"}");
        String terraceTill = pairedDevice(terrace);
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(terraceTill)))
                .andExpect(jsonPath("$.items[0].name", is("Cappuccino")))
                .andExpect(jsonPath("$.items[0].price", is("65.00")));   // the default, not the other venue's 70

        TestBusiness other = signUp("Other " + UUID.randomUUID().toString().substring(0, 6));
        String otherTill = pairedDevice(other, other.venueId());
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(otherTill)))
                .andExpect(jsonPath("$.items", empty()))
                .andExpect(jsonPath("$.categories[*].name").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem("Coffee"))));
    }

    @Test
    void aCursorThatIsNotOursIsRefused() throws Exception {
        for (String bad : List.of("yesterday", "c1.-5", "c1.12ab", "c1.+5", "c1.0005", "c1.\uFF15")) {
            mvc.perform(get("/api/pos/v1/catalog").param("since", bad).with(bearer(till)))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        mvc.perform(get("/api/pos/v1/catalog")).andExpect(status().isUnauthorized());
    }

    private String pairedDevice(UUID venueId) throws Exception {
        return pairedDevice(cafe, venueId);
    }

    private String pairedDevice(TestBusiness business, UUID venueId) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(business.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(venueId)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(paired, "$.token");
    }

    private UUID created(String path, String body) throws Exception {
        String answer = mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(answer, "$.id");
    }

    private static String cursor(String catalog) {
        String cursor = JsonPath.read(catalog, "$.cursor");
        assertThat(cursor).startsWith("c1.");
        return cursor;
    }
}
