package app.larder.menu;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A dish's tech card through its page, /menu/items/{id}/tech-card: the same tree, versions, history and new-version
 * form as a semi-finished product's, but for one portion. Costs are worked out by hand in the comments.
 */
class DishTechCardPagesTest extends IntegrationTest {

    private TestBusiness cafe;
    private MockHttpSession owner;
    private UUID beans;
    private UUID milk;
    private UUID syrup;
    private UUID latte;
    private UUID category;

    @BeforeEach
    void menu() throws Exception {
        cafe = signUp("Latte Bar " + UUID.randomUUID().toString().substring(0, 6));
        owner = login(cafe.ownerEmail(), PASSWORD);
        beans = created("/api/v1/ingredients", """
                {"name": "Coffee beans", "unit": "kg", "unitCost": "800.00"}""");
        milk = created("/api/v1/ingredients", """
                {"name": "Milk", "unit": "l", "unitCost": "40.00"}""");
        UUID sugar = created("/api/v1/ingredients", """
                {"name": "Sugar", "unit": "kg", "unitCost": "32.00"}""");
        UUID water = created("/api/v1/ingredients", """
                {"name": "Water", "unit": "l", "unitCost": "2.00"}""");
        syrup = created("/api/v1/semi-finished-products", """
                {"name": "Vanilla syrup", "unit": "l"}""");
        // 1 kg sugar (32.00) and 1 l water (2.00) make 1.5 l of syrup: 34.00 in all.
        created("/api/v1/semi-finished-products/" + syrup + "/tech-cards", """
                {"validFrom": "%s", "yieldQuantity": "1.5", "yieldUnit": "l", "lines": [
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "kg"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "l"}]}"""
                .formatted(Instant.now().minus(2, ChronoUnit.DAYS), sugar, water));
        category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Vanilla latte", "price": "90"}""".formatted(category));
        // 18 g of beans at 800.00/kg is 14.40 and 200 ml of milk at 40.00/l is 8.00: 22.40 a portion.
        created("/api/v1/menu-items/" + latte + "/tech-cards", """
                {"validFrom": "%s", "lines": [
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "200", "unit": "ml"}]}"""
                .formatted(Instant.now().minus(1, ChronoUnit.DAYS), beans, milk));
    }

    @Test
    void theDishPageShowsItsCardPerPortionAndTheFormStartsFromIt() throws Exception {
        Document page = Jsoup.parse(page("/menu/items/" + latte + "/tech-card"));
        assertThat(page.select("h1").text()).isEqualTo("Tech card of Vanilla latte");
        assertThat(page.select("#cost-per-portion").text()).contains("22.40");
        assertThat(page.select("[data-total]").first().text()).contains("22.40");
        assertThat(page.text()).contains("per portion", "Cost per portion", "In force", "Versions",
                "Cost price history");
        // 22.40 of 90.00 is 24.888…: 24.9 %.
        assertThat(page.text()).contains("24.9 %");
        // No yield: a dish's card makes one portion; the portion output is asked instead.
        assertThat(page.select("#version-form input[name=yieldQuantity]")).isEmpty();
        assertThat(page.select("#version-form input[name=portionOutput]")).hasSize(1);
        assertThat(page.select("#version-form select[name=lines[0].component] option[selected]").val())
                .isEqualTo("INGREDIENT:" + beans);
        assertThat(page.select("#version-form input[name=lines[1].quantity]").val()).isEqualTo("200");
        assertThat(page.select("#version-form input[name$=.quantity]")).hasSize(2 + 8);
        assertThat(page.select("#version-form").attr("action")).endsWith("/menu/items/" + latte + "/tech-card");
        assertThat(page.select("#preview").attr("hx-post")).endsWith("/menu/items/" + latte + "/tech-card/preview");
        assertThat(page.select("select[hx-get]").attr("hx-get")).contains("/recipes/tech-cards/method-options");

        // The menu item page links here.
        assertThat(page("/menu/items/" + latte)).contains("/menu/items/" + latte + "/tech-card");
    }

    @Test
    void aVersionSavedThroughThePageFormChangesTheCostOfAPortion() throws Exception {
        Map<String, String> form = formOf(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")), "#version-form");
        // 250 ml of milk instead of 200, and 30 ml of syrup added, in a portion of 280 g:
        // beans 18 g × 800.00/kg = 14.40; milk 0.25 l × 40.00/l = 10.00;
        // syrup 30 ml of its 1.5 l card, a fiftieth of 34.00 = 0.68. 14.40 + 10.00 + 0.68 = 25.08 a portion.
        form.put("lines[1].quantity", "250");
        form.put("lines[2].component", "SEMI:" + syrup);
        form.put("lines[2].quantity", "30");
        form.put("lines[2].unit", "ML");
        form.put("portionOutput", "280");
        mvc.perform(submit("/menu/items/" + latte + "/tech-card", form))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/menu/items/" + latte + "/tech-card"))
                .andExpect(flash().attribute("success", "techCard.saved"));

        Document after = Jsoup.parse(page("/menu/items/" + latte + "/tech-card"));
        assertThat(after.select("#cost-per-portion").text()).contains("25.08").doesNotContain("22.40");
        assertThat(after.select("[data-total]").first().text()).contains("25.08");
        assertThat(after.select("#portion-output").text()).isEqualTo("Portion output: 280 g");
        // The syrup's own lines, a fiftieth of them, below it: 20 g of sugar (0.64) and 20 ml of water (0.04).
        assertThat(after.select("tr.nested-line")).extracting(Element::text).satisfiesExactly(
                r -> assertThat(r).contains("Sugar", "20 g", "0.64"),
                r -> assertThat(r).contains("Water", "20 ml", "0.04"));
        assertThat(after.text()).containsPattern("22\\.40[^→\\d]*→[^\\d]*25\\.08");
        assertThat(page("/menu/items/" + latte)).contains("25.08");
        // 25.08 of 90.00 is 27.866…: 27.9 %.
        assertThat(after.text()).contains("27.9 %");

        // The version before is still there to look at.
        String older = after.select("a[href*=version=]").attr("href");
        Document old = Jsoup.parse(page(older));
        assertThat(old.select("[data-total]").first().text()).contains("22.40");
        assertThat(old.text()).contains("Not in force now");
        assertThat(old.select("#portion-output")).isEmpty();
    }

    @Test
    void thePreviewPricesAPortionWithoutSavingIt() throws Exception {
        // 9 g of beans (7.20) and 0.1 l of milk (4.00): 11.20 a portion; the yield sent is ignored.
        String html = mvc.perform(post("/menu/items/{id}/tech-card/preview", latte).with(csrf()).session(owner)
                        .header("HX-Request", "true").param("yieldQuantity", "")
                        .param("lines[0].component", "INGREDIENT:" + beans).param("lines[0].quantity", "9")
                        .param("lines[0].unit", "G").param("lines[0].net", "false")
                        .param("lines[1].component", "").param("lines[1].quantity", "")
                        .param("lines[2].component", "INGREDIENT:" + milk).param("lines[2].quantity", "0.1")
                        .param("lines[2].unit", "L").param("lines[2].net", "false"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        Document preview = Jsoup.parse(html);
        assertThat(html).doesNotContain("<html");
        assertThat(preview.select("[data-total]").text()).contains("11.20");
        assertThat(preview.text()).contains("Cost per portion").doesNotContain("Yield");
        assertThat(preview.select("tbody tr").get(1).text()).contains("Milk", "100 ml", "4.00");

        mvc.perform(post("/menu/items/{id}/tech-card/preview", latte).with(csrf()).session(owner)
                        .param("lines[0].quantity", "5"))
                .andExpect(content().string(containsString("Line 1: Fill this in.")));
        // Nothing was saved.
        assertThat(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")).select("#cost-per-portion").text())
                .contains("22.40");
    }

    @Test
    void theFormShowsEachProblemWhereItIs() throws Exception {
        Map<String, String> form = formOf(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")), "#version-form");
        form.put("lines[3].quantity", "5");
        form.put("portionOutput", "-5");
        String html = mvc.perform(submit("/menu/items/" + latte + "/tech-card", form))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "lines[3].component",
                        "validation.required"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(html).select("select[name=lines[3].component]").hasClass("is-invalid")).isTrue();

        form.put("lines[3].quantity", "");
        String portion = mvc.perform(submit("/menu/items/" + latte + "/tech-card", form))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("versionForm", "portionOutput", "validation.positive"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(portion).select("#portionOutput ~ .invalid-feedback").text())
                .isEqualTo("Must be more than zero.");
        assertThat(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")).select("#cost-per-portion").text())
                .contains("22.40");
    }

    @Test
    void theAccountantReadsTheCardButCannotChangeIt() throws Exception {
        InvitedUser invited = invite(cafe, "ACCOUNTANT", "[]");
        MockHttpSession accountant = login(invited.email(), invited.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(accountant)
                .param("currentPassword", invited.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));

        mvc.perform(get("/menu/items/{id}/tech-card", latte).session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("22.40")))
                .andExpect(content().string(not(containsString("version-form"))));
        Map<String, String> form = formOf(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")), "#version-form");
        mvc.perform(submit("/menu/items/" + latte + "/tech-card", form).session(accountant))
                .andExpect(status().isForbidden());
        mvc.perform(post("/menu/items/{id}/tech-card/preview", latte).with(csrf()).session(accountant)
                .param("lines[0].component", "INGREDIENT:" + beans).param("lines[0].quantity", "9")
                .param("lines[0].unit", "G")).andExpect(status().isForbidden());
        assertThat(Jsoup.parse(page("/menu/items/" + latte + "/tech-card")).select("#cost-per-portion").text())
                .contains("22.40");
    }

    @Test
    void anotherBusinesssDishIsNotFoundAndAProductHasNoTechCard() throws Exception {
        TestBusiness other = signUp("Other Bar " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirCategory = uuid(mvc.perform(json(post("/api/v1/categories").with(bearer(other.ownerToken())),
                "{\"name\": \"Secret\"}")).andReturn().getResponse().getContentAsString(), "$.id");
        UUID theirs = uuid(mvc.perform(json(post("/api/v1/menu-items").with(bearer(other.ownerToken())),
                        "{\"kind\": \"DISH\", \"categoryId\": \"%s\", \"name\": \"Secret latte\"}"
                                .formatted(theirCategory)))
                .andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(get("/menu/items/{id}/tech-card", theirs).session(owner))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString("Secret latte"))));
        mvc.perform(post("/menu/items/{id}/tech-card/preview", theirs).with(csrf()).session(owner))
                .andExpect(status().isNotFound());
        mvc.perform(post("/menu/items/{id}/tech-card", theirs).with(csrf()).session(owner)
                        .param("lines[0].component", "INGREDIENT:" + beans).param("lines[0].quantity", "9")
                        .param("lines[0].unit", "G"))
                .andExpect(status().isNotFound());

        // A version of another dish is not found under this one.
        UUID espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso"}""".formatted(category));
        UUID cardOfLatte = uuid(mvc.perform(get("/api/v1/menu-items/{id}/tech-card", latte)
                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(get("/menu/items/{id}/tech-card", espresso).param("version", cardOfLatte.toString())
                .session(owner)).andExpect(status().isNotFound());
        assertThat(page("/menu/items/" + espresso + "/tech-card")).contains("No tech card yet");

        // A product is sold as bought: its page says so instead.
        UUID cola = created("/api/v1/ingredients", "{\"name\": \"Cola\", \"unit\": \"pcs\", \"unitCost\": \"20\"}");
        UUID product = created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "stockItemId": "%s", "stockQuantity": "1"}"""
                .formatted(category, cola));
        mvc.perform(get("/menu/items/{id}/tech-card", product).session(owner))
                .andExpect(redirectedUrl("/menu/items/" + product))
                .andExpect(flash().attribute("failure", "menu.onlyDishesHaveTechCards"));
        mvc.perform(post("/menu/items/{id}/tech-card/preview", product).with(csrf()).session(owner))
                .andExpect(status().isNotFound());
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
