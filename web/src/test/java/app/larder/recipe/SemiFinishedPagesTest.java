package app.larder.recipe;

import app.larder.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Menu → Semi-finished products through the pages: the tech card as a tree, its versions, the cost history, a new
 * version saved from the page's own form, and the live preview. Costs are worked out by hand in the comments.
 */
class SemiFinishedPagesTest extends IntegrationTest {

    private TestBusiness cafe;
    private MockHttpSession owner;
    private UUID sugar;
    private UUID water;
    private UUID lemons;
    private UUID peeling;
    private UUID syrup;

    @BeforeEach
    void kitchen() throws Exception {
        cafe = signUp("Syrup Bar " + UUID.randomUUID().toString().substring(0, 6));
        owner = login(cafe.ownerEmail(), PASSWORD);
        sugar = created("/api/v1/ingredients", """
                {"name": "Sugar", "category": "Dry", "unit": "kg", "unitCost": "32.00"}""");
        water = created("/api/v1/ingredients", """
                {"name": "Water", "unit": "l", "unitCost": "2.00"}""");
        lemons = created("/api/v1/ingredients", """
                {"name": "Lemons", "unit": "pcs", "unitCost": "5.00", "pieceSize": "100"}""");
        peeling = created("/api/v1/ingredients/" + lemons + "/processing-methods", """
                {"name": "Peeling", "lossPercent": "20"}""");
        syrup = created("/api/v1/semi-finished-products", """
                {"name": "Sugar syrup", "unit": "l"}""");
        // 1 kg sugar (32.00) and 1 l water (2.00) make 1.5 l: 34.00 in all, 22.666667 a litre.
        created("/api/v1/semi-finished-products/" + syrup + "/tech-cards", """
                {"validFrom": "%s", "yieldQuantity": "1.5", "yieldUnit": "l", "lines": [
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "kg"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "l"}]}"""
                .formatted(Instant.now().minus(1, ChronoUnit.DAYS), sugar, water));
    }

    @Test
    void theOwnerSeesTheListTheNewFormAndAProductWithItsTechCard() throws Exception {
        Document list = Jsoup.parse(page("/recipes/semi-finished"));
        assertThat(list.select("tbody tr").text()).contains("Sugar syrup", "22.67", "/ l");
        assertThat(list.select("a[href$=/recipes/semi-finished/new]")).isNotEmpty();
        assertThat(page("/recipes/semi-finished/new")).contains("New semi-finished product", "litres (l)");

        Document product = Jsoup.parse(page("/recipes/semi-finished/" + syrup));
        assertThat(product.select("h1").text()).isEqualTo("Sugar syrup");
        assertThat(product.select("#cost-per-unit").text()).contains("22.67", "/ l");
        assertThat(product.select("[data-total]").first().text()).contains("34.00");
        // The form starts from the version in force, with blank rows below.
        assertThat(product.select("#version-form select[name=lines[0].component] option[selected]").val())
                .isEqualTo("INGREDIENT:" + sugar);
        assertThat(product.select("#version-form input[name=lines[0].quantity]").val()).isEqualTo("1");
        assertThat(product.select("#version-form select[name=lines[0].unit] option[selected]").val())
                .isEqualTo("KG");
        assertThat(product.select("#version-form input[name$=.quantity]")).hasSize(2 + 8);
        assertThat(product.select("#version-form input[name=validFrom]").val()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        assertThat(product.text()).contains("Cost price history", "Versions", "In force");
    }

    @Test
    void nestedSemiFinishedProductsShowTheirOwnLinesIndentedBelow() throws Exception {
        UUID lemonade = created("/api/v1/semi-finished-products", """
                {"name": "Lemonade base", "unit": "l"}""");
        // 300 ml of syrup is a fifth of its 1.5 l card: 200 g sugar (6.40) and 200 ml water (0.40), 6.80 in all.
        // 2 lemons peeled, 20 % lost: 2 × 5.00 = 10.00. The base makes 1 l: 16.80.
        created("/api/v1/semi-finished-products/" + lemonade + "/tech-cards", """
                {"yieldQuantity": "1", "yieldUnit": "l", "lines": [
                 {"kind": "SEMI", "componentId": "%s", "quantity": "300", "unit": "ml"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "2", "unit": "pcs",
                  "processingMethodId": "%s"}]}""".formatted(syrup, lemons, peeling));

        Document product = Jsoup.parse(page("/recipes/semi-finished/" + lemonade));
        List<Element> rows = product.select("table:has(th:contains(Gross)) tbody tr").stream()
                .filter(r -> r.closest("#version-form") == null).toList();
        assertThat(rows).extracting(Element::text).satisfiesExactly(
                r -> assertThat(r).contains("Sugar syrup", "300 ml", "6.80"),
                r -> assertThat(r).contains("Sugar", "200 g", "6.40"),
                r -> assertThat(r).contains("Water", "200 ml", "0.40"),
                r -> assertThat(r).contains("Lemons", "2 pcs", "20 %", "1.6 pcs", "10.00"));
        assertThat(rows.get(1).hasClass("nested-line")).isTrue();
        assertThat(rows.get(3).hasClass("nested-line")).isFalse();
        assertThat(product.select("#cost-per-unit").text()).contains("16.80");
        // The row of lemons offers the methods of lemons.
        assertThat(product.select("#method-1 option[selected]").text()).contains("Peeling");
    }

    @Test
    void savingANewVersionFromThePageFormChangesTheCostShown() throws Exception {
        Document before = Jsoup.parse(page("/recipes/semi-finished/" + syrup));
        assertThat(before.select("#cost-per-unit").text()).contains("22.67");

        // The form as the browser would send it, with 750 g of sugar instead of 1 kg and a squeezed lemon added:
        // 750 g × 32.00/kg = 24.00; 1 l × 2.00 = 2.00; 1 lemon × 5.00 = 5.00. 31.00 for 1.5 l: 20.666667 a litre.
        Map<String, String> form = formOf(before, "#version-form");
        form.put("lines[0].quantity", "750");
        form.put("lines[0].unit", "G");
        form.put("lines[2].component", "INGREDIENT:" + lemons);
        form.put("lines[2].quantity", "1");
        form.put("lines[2].unit", "PCS");
        mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "techCard.saved"));

        Document after = Jsoup.parse(page("/recipes/semi-finished/" + syrup));
        assertThat(after.select("#cost-per-unit").text()).contains("20.67").doesNotContain("22.67");
        assertThat(after.select("[data-total]").first().text()).contains("31.00");
        assertThat(after.select("tr:has(td:contains(Sugar)):not(#version-form tr)").first().text())
                .contains("750 g", "24.00");
        // The history says how the cost moved: 22.67 UAH → 20.67 UAH (the currency as the locale writes it).
        assertThat(after.text()).containsPattern("22\\.67[^→\\d]*→[^\\d]*20\\.67");

        // The version before is still there to look at.
        String older = after.select("a[href*=version=]").attr("href");
        Document old = Jsoup.parse(page(older));
        assertThat(old.select("[data-total]").first().text()).contains("34.00");
        assertThat(old.text()).contains("Not in force now");
    }

    @Test
    void theFormShowsEachProblemAtItsRow() throws Exception {
        Map<String, String> form = formOf(Jsoup.parse(page("/recipes/semi-finished/" + syrup)), "#version-form");
        form.put("lines[3].component", "INGREDIENT:" + water);
        form.put("lines[3].quantity", "");
        form.put("lines[4].quantity", "5");
        String html = mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "lines[3].quantity",
                        "techCard.quantityPositive"))
                .andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(html);
        assertThat(page.select("input[name=lines[3].quantity]").hasClass("is-invalid")).isTrue();
        assertThat(page.select("input[name=lines[3].quantity] ~ .invalid-feedback").text())
                .isEqualTo("The quantity must be more than zero.");

        form.put("lines[3].quantity", "250");
        form.put("lines[3].unit", "ML");
        mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "lines[4].component",
                        "validation.required"));

        // A number that is not one (number inputs never send such, but another client might) is said too.
        form.put("lines[4].quantity", "");
        form.put("yieldQuantity", "a lot");
        String unreadable = mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "yieldQuantity", "typeMismatch"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(unreadable).select("#yieldQuantity ~ .invalid-feedback").text())
                .startsWith("This value cannot be read.");
        assertThat(Jsoup.parse(unreadable).select("#preview").text()).contains("cannot be read");
        form.put("yieldQuantity", "1.5");
        form.put("lines[3].quantity", "2,5");
        String row = mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "lines[3].quantity", "typeMismatch"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(row).select("input[name=lines[3].quantity]").hasClass("is-invalid")).isTrue();
        assertThat(Jsoup.parse(row).select("select[name=lines[3].component] option[selected]").val())
                .isEqualTo("INGREDIENT:" + water);
        mvc.perform(post("/recipes/semi-finished/{id}/preview", syrup).with(csrf()).session(owner)
                        .param("yieldQuantity", "1").param("lines[0].component", "INGREDIENT:" + sugar)
                        .param("lines[0].quantity", "1 kg").param("lines[0].unit", "KG"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Some numbers cannot be read")));

        form.put("lines[3].quantity", "");
        form.put("yieldQuantity", "0");
        mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form))
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "yieldQuantity", "techCard.yieldPositive"));
    }

    @Test
    void thePreviewPricesADraftWithoutSavingIt() throws Exception {
        // 500 g sugar (16.00) and 2 lemons, of which 1.6 remain after peeling: net 1.6 pcs is gross 2 (10.00).
        // 26.00 for 0.5 l: 52.00 a litre.
        String html = mvc.perform(post("/recipes/semi-finished/{id}/preview", syrup).with(csrf()).session(owner)
                        .header("HX-Request", "true")
                        .param("yieldQuantity", "500").param("yieldUnit", "ML")
                        .param("lines[0].component", "INGREDIENT:" + sugar).param("lines[0].quantity", "500")
                        .param("lines[0].unit", "G").param("lines[0].net", "false")
                        .param("lines[1].component", "").param("lines[1].quantity", "")
                        .param("lines[2].component", "INGREDIENT:" + lemons).param("lines[2].quantity", "1.6")
                        .param("lines[2].unit", "PCS").param("lines[2].net", "true")
                        .param("lines[2].processingMethodId", peeling.toString()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        Document preview = Jsoup.parse(html);
        assertThat(html).doesNotContain("<html");
        assertThat(preview.select("[data-total]").text()).contains("26.00");
        assertThat(preview.select("[data-per-unit]").text()).contains("52.00", "/ l");
        assertThat(preview.select("tbody tr").get(1).text()).contains("2 pcs", "1.6 pcs", "10.00");

        mvc.perform(post("/recipes/semi-finished/{id}/preview", syrup).with(csrf()).session(owner)
                        .param("yieldQuantity", "1").param("yieldUnit", "L")
                        .param("lines[0].component", "SEMI:" + syrup).param("lines[0].quantity", "1")
                        .param("lines[0].unit", "L"))
                .andExpect(content().string(containsString("Line 1: This would make a loop")));
        // Nothing was saved.
        assertThat(Jsoup.parse(page("/recipes/semi-finished/" + syrup)).select("#cost-per-unit").text())
                .contains("22.67");
    }

    @Test
    void choosingAnIngredientOffersItsProcessingMethods() throws Exception {
        String select = mvc.perform(get("/recipes/semi-finished/method-options").session(owner)
                        .param("row", "4").param("lines[4].component", "INGREDIENT:" + lemons))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Element element = Jsoup.parse(select).selectFirst("select");
        assertThat(element.attr("name")).isEqualTo("lines[4].processingMethodId");
        assertThat(element.id()).isEqualTo("method-4");
        assertThat(element.select("option").eachText()).containsExactly("none", "Peeling, 20 %");
        assertThat(element.select("option").get(1).val()).isEqualTo(peeling.toString());
    }

    @Test
    void aNewProductIsCreatedFromTheFormAndANameIsRequired() throws Exception {
        mvc.perform(post("/recipes/semi-finished/new").with(csrf()).session(owner).param("name", "")
                        .param("unit", "KG"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("form", "name"));
        mvc.perform(post("/recipes/semi-finished/new").with(csrf()).session(owner).param("name", "sugar SYRUP")
                        .param("unit", "L"))
                .andExpect(model().attributeHasFieldErrorCode("form", "name", "semi.nameTaken"))
                .andExpect(content().string(containsString("Another semi-finished product already has this name.")));
        String location = mvc.perform(post("/recipes/semi-finished/new").with(csrf()).session(owner)
                        .param("name", "Pizza dough").param("unit", "PCS").param("pieceSize", "250"))
                .andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(page(location)).contains("Pizza dough", "No tech card yet.");
    }

    @Test
    void theAccountantReadsButCannotChangeAnything() throws Exception {
        InvitedUser invited = invite(cafe, "ACCOUNTANT", "[]");
        MockHttpSession accountant = login(invited.email(), invited.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(accountant)
                .param("currentPassword", invited.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));

        mvc.perform(get("/recipes/semi-finished").session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Sugar syrup")))
                .andExpect(content().string(not(containsString("/recipes/semi-finished/new"))));
        mvc.perform(get("/recipes/semi-finished/{id}", syrup).session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("22.67")))
                .andExpect(content().string(not(containsString("version-form"))));
        Map<String, String> form = formOf(Jsoup.parse(page("/recipes/semi-finished/" + syrup)), "#version-form");
        mvc.perform(submit("/recipes/semi-finished/" + syrup + "/versions", form).session(accountant))
                .andExpect(status().isForbidden());
        mvc.perform(post("/recipes/semi-finished/{id}/archive", syrup).with(csrf()).session(accountant))
                .andExpect(status().isForbidden());
        mvc.perform(post("/recipes/semi-finished/new").with(csrf()).session(accountant).param("name", "X")
                .param("unit", "KG")).andExpect(status().isForbidden());
    }

    @Test
    void anotherBusinesssProductOrVersionIsNotFound() throws Exception {
        TestBusiness other = signUp("Other Bar " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirs = uuid(mvc.perform(json(post("/api/v1/semi-finished-products").with(bearer(other.ownerToken())),
                        "{\"name\": \"Secret sauce\", \"unit\": \"kg\"}"))
                .andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(get("/recipes/semi-finished/{id}", theirs).session(owner))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString("Secret sauce"))));
        mvc.perform(post("/recipes/semi-finished/{id}/preview", theirs).with(csrf()).session(owner)
                .param("yieldQuantity", "1")).andExpect(status().isNotFound());

        // A version of one product shown under another is not found either.
        UUID cardOfSyrup = uuid(mvc.perform(get("/api/v1/semi-finished-products/{id}/tech-card", syrup)
                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsString(), "$.id");
        UUID lemonade = created("/api/v1/semi-finished-products", "{\"name\": \"Lemonade\", \"unit\": \"l\"}");
        mvc.perform(get("/recipes/semi-finished/{id}", lemonade).param("version", cardOfSyrup.toString())
                .session(owner)).andExpect(status().isNotFound());
        mvc.perform(get("/recipes/semi-finished/{id}", syrup).param("version", cardOfSyrup.toString())
                .session(owner)).andExpect(status().isOk());
    }

    private UUID created(String path, String body) throws Exception {
        return uuid(mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id");
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).session(owner)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private MockHttpServletRequestBuilder submit(String path, Map<String, String> form) {
        return submitted(path, form, owner);
    }
}
