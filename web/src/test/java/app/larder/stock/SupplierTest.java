package app.larder.stock;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Suppliers through the API and the pages, and the supply pages: list, editor, read-only view, roles. */
class SupplierTest extends IntegrationTest {

    private TestBusiness cafe;
    private MockHttpSession owner;
    private UUID flour;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Supplier Café " + UUID.randomUUID().toString().substring(0, 6));
        owner = login(cafe.ownerEmail(), PASSWORD);
        flour = uuid(created("/api/v1/ingredients", """
                {"name": "Flour", "unit": "kg", "purchaseUnitName": "sack", "purchaseUnitSize": "5000"}"""), "$.id");
    }

    @Test
    void aSupplierIsCreatedSearchedChangedAndArchivedThroughTheApi() throws Exception {
        String created = created("/api/v1/suppliers", """
                {"name": "Old Mill", "taxId": "UA-42", "phone": "+380 44 000 00 00", "email": "orders@mill.example",
                 "contactPerson": "Petro", "address": "Kyiv", "notes": "Delivers on Mondays"}""");
        UUID mill = uuid(created, "$.id");
        assertThat(JsonPath.<Integer>read(created, "$.version")).isZero();
        assertThat(JsonPath.<String>read(created, "$.contactPerson")).isEqualTo("Petro");
        mvc.perform(get("/api/v1/suppliers").param("q", "petro").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].name").value("Old Mill"));

        // Names are unique per business, whatever the case; e-mails must look like one.
        mvc.perform(json(post("/api/v1/suppliers").with(bearer(cafe.ownerToken())), "{\"name\": \"old mill\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(json(post("/api/v1/suppliers").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"New Mill\", \"email\": \"not an address\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("email"));
        mvc.perform(json(post("/api/v1/suppliers").with(bearer(cafe.ownerToken())), "{\"name\": \"\"}"))
                .andExpect(status().isBadRequest());

        mvc.perform(json(put("/api/v1/suppliers/{id}", mill).with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Old Mill & Sons\", \"version\": 0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Old Mill & Sons"))
                .andExpect(jsonPath("$.version").value(1));
        // Edited from version 0 again: someone saved in between.
        mvc.perform(json(put("/api/v1/suppliers/{id}", mill).with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Old Mill Ltd\", \"version\": 0}"))
                .andExpect(status().isConflict());

        mvc.perform(post("/api/v1/suppliers/{id}/archive", mill).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(true));
        mvc.perform(get("/api/v1/suppliers").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/suppliers").param("includeArchived", "true").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));

        TestBusiness other = signUp("Rival " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/suppliers/{id}", mill).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/suppliers/{id}/restore", mill).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/suppliers/{id}", mill).with(bearer(accountant.token())))
                .andExpect(status().isOk());
        mvc.perform(json(post("/api/v1/suppliers").with(bearer(accountant.token())), "{\"name\": \"X\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theOwnerEntersASupplyThroughThePagesAndTheLineFarFromTheLastPriceIsHighlighted() throws Exception {
        // A supplier through the page form.
        Map<String, String> form = formOf(Jsoup.parse(page("/stock/suppliers/new")), "form[action$=/stock/suppliers/new]");
        form.put("name", "Old Mill");
        form.put("phone", "+380 44 000 00 00");
        String location = mvc.perform(submitted("/stock/suppliers/new", form, owner))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "supplier.created"))
                .andReturn().getResponse().getRedirectedUrl();
        UUID mill = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        assertThat(Jsoup.parse(page("/stock/suppliers")).select("tbody tr").text()).contains("Old Mill", "+380");

        // A first supply at 40 a kg through the API, then the editor: 2 sacks at 220 a sack, 44 a kg (+10 %,
        // not above the threshold) and a second line of 1 kg for 50 in all (+25 %, above it).
        created("/api/v1/supplies", """
                {"suppliedAt": "2026-03-01T10:00", "storageId": "%s", "supplierId": "%s", "post": true,
                 "lines": [{"ingredientId": "%s", "quantity": "10", "unit": "kg", "price": "40"}]}"""
                .formatted(cafe.storageId(), mill, flour));
        Document editor = Jsoup.parse(page("/stock/supplies/new?supplierId=" + mill));
        Map<String, String> supply = formOf(editor, "#supply-form");
        assertThat(supply.get("supplierId")).isEqualTo(mill.toString());
        supply.put("suppliedAt", "2026-03-02T09:30");
        supply.put("invoiceNumber", "M-77");
        supply.put("lines[0].ingredientId", flour.toString());
        supply.put("lines[0].quantity", "2");
        supply.put("lines[0].unit", "purchase");
        supply.put("lines[0].amount", "220");
        supply.put("lines[1].ingredientId", flour.toString());
        supply.put("lines[1].quantity", "1");
        supply.put("lines[1].unit", "kg");
        supply.put("lines[1].amount", "50");
        supply.put("lines[1].pricedBy", "TOTAL");

        // The total as typed: 440 + 50 = 490.
        mvc.perform(submitted("/stock/supplies/preview", supply, owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("490.00")));
        // Adding a line keeps what was typed and adds a blank row; nothing is saved.
        Document added = Jsoup.parse(mvc.perform(submitted("/stock/supplies/new", withAction(supply, "addLine"), owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(added.select("#supply-lines tbody tr")).hasSize(4);
        assertThat(added.select("input[name=lines[0].amount]").val()).isEqualTo("220");
        // A negative quantity comes back under its row.
        Map<String, String> wrong = new java.util.LinkedHashMap<>(supply);
        wrong.put("lines[1].quantity", "-1");
        Document refused = Jsoup.parse(mvc.perform(submitted("/stock/supplies/new", withAction(wrong, "post"), owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(refused.select("input[name=lines[1].quantity].is-invalid")).hasSize(1);

        String saved = mvc.perform(submitted("/stock/supplies/new", withAction(supply, "post"), owner))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "supply.posted"))
                .andReturn().getResponse().getRedirectedUrl();
        Document view = Jsoup.parse(page(saved));
        assertThat(view.select("#supply-status").text()).isEqualTo("Posted");
        assertThat(view.select("#supply-total-amount").text()).contains("490.00");
        assertThat(view.select("#supply-lines tbody tr")).hasSize(2);
        assertThat(view.select("#supply-lines tbody tr").get(0).hasClass("price-deviates")).isFalse();
        assertThat(view.select("#supply-lines tbody tr").get(1).hasClass("price-deviates")).isTrue();
        assertThat(view.select("#deviation-alert")).hasSize(1);
        assertThat(view.select("#cancel-form[data-confirm]")).hasSize(1);
        assertThat(view.text()).contains("2026-03-02 09:30", "Europe/Kyiv", "M-77");

        // The list with its totals; the supplier's page with its last price (490 for 11 kg: 44.55 a kg).
        Document list = Jsoup.parse(page("/stock/supplies?supplierId=" + mill));
        assertThat(list.select("#supplies tbody tr")).hasSize(2);
        assertThat(list.select("#supply-totals").text()).contains("890.00");
        assertThat(Jsoup.parse(page("/stock/supplies?q=m-77")).select("#supplies tbody tr")).hasSize(1);
        assertThat(Jsoup.parse(page("/stock/suppliers/" + mill)).text()).contains("Flour", "44.55");

        // Cancelled from its page, after a confirmation; a second cancel is refused with a message.
        UUID id = UUID.fromString(saved.substring(saved.lastIndexOf('/') + 1));
        mvc.perform(post("/stock/supplies/{id}/cancel", id).with(csrf()).session(owner))
                .andExpect(flash().attribute("success", "supply.cancelled"));
        mvc.perform(post("/stock/supplies/{id}/cancel", id).with(csrf()).session(owner))
                .andExpect(flash().attribute("failure", "supply.alreadyCancelled"));
    }

    @Test
    void anAccountantReadsSuppliesButCannotEnterOrPostThem() throws Exception {
        UUID mill = uuid(created("/api/v1/suppliers", "{\"name\": \"Old Mill\"}"), "$.id");
        UUID supply = uuid(created("/api/v1/supplies", """
                {"suppliedAt": "2026-03-01T10:00", "storageId": "%s", "supplierId": "%s",
                 "lines": [{"ingredientId": "%s", "quantity": "10", "unit": "kg", "price": "40"}]}"""
                .formatted(cafe.storageId(), mill, flour)), "$.id");
        MockHttpSession accountant = withOwnPassword(invite(cafe, "ACCOUNTANT", "[]"));
        mvc.perform(get("/stock/supplies").session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Draft")))
                .andExpect(content().string(not(containsString("/stock/supplies/new"))));
        mvc.perform(get("/stock/supplies/{id}", supply).session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("400.00")))
                .andExpect(content().string(not(containsString("/post"))))
                .andExpect(content().string(not(containsString("/edit"))));
        mvc.perform(get("/stock/suppliers/{id}", mill).session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("supplier-form"))));
        mvc.perform(get("/stock/supplies/new").session(accountant)).andExpect(status().isForbidden());
        mvc.perform(get("/stock/supplies/{id}/edit", supply).session(accountant)).andExpect(status().isForbidden());
        mvc.perform(post("/stock/supplies/{id}/post", supply).with(csrf()).session(accountant))
                .andExpect(status().isForbidden());
        mvc.perform(post("/stock/supplies/{id}/cancel", supply).with(csrf()).session(accountant))
                .andExpect(status().isForbidden());
        mvc.perform(post("/stock/supplies/settings").with(csrf()).session(accountant)
                .param("priceDeviationThreshold", "5")).andExpect(status().isForbidden());

        // The owner's editor shows the draft as saved, and posts it.
        Document editor = Jsoup.parse(page("/stock/supplies/" + supply + "/edit"));
        Map<String, String> form = formOf(editor, "#supply-form");
        assertThat(form.get("lines[0].amount")).isEqualTo("40");
        assertThat(form.get("suppliedAt")).isEqualTo("2026-03-01T10:00");
        mvc.perform(submitted("/stock/supplies/" + supply + "/edit", withAction(form, "post"), owner))
                .andExpect(flash().attribute("success", "supply.posted"));
        mvc.perform(get("/api/v1/supplies/{id}", supply).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.status").value("POSTED"))
                .andExpect(jsonPath("$.suppliedAt").value("2026-03-01T08:00:00Z"));

        TestBusiness other = signUp("Rival " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/stock/supplies/{id}", supply).session(login(other.ownerEmail(), PASSWORD)))
                .andExpect(status().isNotFound());
    }

    private static Map<String, String> withAction(Map<String, String> form, String action) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(form);
        copy.put("action", action);
        return copy;
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).session(owner)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String created(String url, String body) throws Exception {
        return mvc.perform(json(post(url).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private MockHttpSession withOwnPassword(InvitedUser user) throws Exception {
        MockHttpSession session = login(user.email(), user.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                .param("currentPassword", user.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));
        return session;
    }
}
