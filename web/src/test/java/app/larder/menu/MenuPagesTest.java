package app.larder.menu;

import app.larder.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class MenuPagesTest extends IntegrationTest {

    @Test
    void aMenuImportedThroughThePageIsListedWithItsCostsAndTheFoodCostAboveTargetHighlighted() throws Exception {
        TestBusiness cafe = signUp("Page Menu Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/menu/items").session(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No menu items yet")));

        upload(owner, "ingredients", """
                name,unit,unit_cost
                Coffee beans,kg,800
                Milk,l,40
                """).andExpect(content().string(containsString("Imported 2 of 2 rows.")));
        upload(owner, "menu-items", """
                category,name,kind,price
                Coffee,Cappuccino,dish,65
                Coffee,Espresso,dish,45
                """);
        upload(owner, "tech-cards", """
                product,type,component,quantity,unit
                Cappuccino,dish,Coffee beans,18,g
                Cappuccino,dish,Milk,180,ml
                Espresso,dish,Coffee beans,9,g
                Espresso,dish,Ghost beans,9,g
                """).andExpect(content().string(containsString("There is no such ingredient")))
                .andExpect(content().string(containsString("Nothing was imported")));
        upload(owner, "tech-cards", """
                product,type,component,quantity,unit
                Cappuccino,dish,Coffee beans,18,g
                Cappuccino,dish,Milk,180,ml
                Espresso,dish,Coffee beans,9,g
                """);

        // Cappuccino 21.60 at 65: food cost 33.2 %, above 30 %: highlighted. Espresso 7.20 at 45: 16.0 %.
        mvc.perform(get("/menu/items").session(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Cappuccino")))
                .andExpect(content().string(containsString("33.2 %")))
                .andExpect(content().string(containsString("16.0 %")))
                .andExpect(content().string(containsString("table-warning")));
        mvc.perform(get("/menu/items").param("aboveTarget", "true").session(owner))
                .andExpect(content().string(containsString("Cappuccino")))
                .andExpect(content().string(not(containsString(">Espresso<"))));
        mvc.perform(get("/menu/export/menu-items.csv").session(owner))
                .andExpect(content().string(containsString("Coffee,Cappuccino,dish,65")));
    }

    @Test
    void aMenuItemIsCreatedThroughTheFormWithFieldErrorsFirst() throws Exception {
        TestBusiness cafe = signUp("Form Menu Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        String category = mvc.perform(json(post("/api/v1/categories").with(bearer(cafe.ownerToken())),
                "{\"name\": \"Desserts\"}")).andReturn().getResponse().getContentAsString();
        UUID categoryId = uuid(category, "$.id");

        mvc.perform(get("/menu/items/new").session(owner)).andExpect(status().isOk());
        mvc.perform(post("/menu/items/new").with(csrf()).session(owner)
                        .param("kind", "DISH").param("categoryId", categoryId.toString()).param("name", ""))
                .andExpect(model().attributeHasFieldErrors("form", "name"));
        mvc.perform(post("/menu/items/new").with(csrf()).session(owner)
                        .param("kind", "PRODUCT").param("categoryId", categoryId.toString()).param("name", "Brownie"))
                .andExpect(model().attributeHasFieldErrorCode("form", "stockItemId", "menu.unknownStockItem"));
        String location = mvc.perform(post("/menu/items/new").with(csrf()).session(owner)
                        .param("kind", "DISH").param("categoryId", categoryId.toString()).param("name", "Tiramisu")
                        .param("price", "150").param("onSale", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "menu.created"))
                .andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No tech card yet")));
    }

    @Test
    void anAccountantReadsTheMenuButCannotChangeIt() throws Exception {
        TestBusiness cafe = signUp("Read Only Café");
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        MockHttpSession session = login(accountant.email(), accountant.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                .param("currentPassword", accountant.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));
        mvc.perform(get("/menu/items").session(session)).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("New menu item"))));
        mvc.perform(get("/menu/import").session(session)).andExpect(status().isOk());
        mvc.perform(post("/menu/settings").with(csrf()).session(session).param("foodCostTarget", "50"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/menu/items/new").session(session)).andExpect(status().isForbidden());
    }

    @Test
    void anotherBusinessesMenuItemPageIsNotFound() throws Exception {
        TestBusiness cafe = signUp("Owner Café");
        String category = mvc.perform(json(post("/api/v1/categories").with(bearer(cafe.ownerToken())),
                "{\"name\": \"Soups\"}")).andReturn().getResponse().getContentAsString();
        String item = mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())),
                "{\"kind\": \"DISH\", \"categoryId\": \"%s\", \"name\": \"Borscht\"}"
                        .formatted(uuid(category, "$.id")))).andReturn().getResponse().getContentAsString();
        TestBusiness other = signUp("Nosy Café");
        MockHttpSession nosy = login(other.ownerEmail(), PASSWORD);
        mvc.perform(get("/menu/items/{id}", uuid(item, "$.id")).session(nosy)).andExpect(status().isNotFound());
        mvc.perform(post("/menu/items/{id}/archive", uuid(item, "$.id")).with(csrf()).session(nosy))
                .andExpect(status().isNotFound());
    }

    @Test
    void categoriesAndModifierGroupsAreKeptThroughTheirPages() throws Exception {
        TestBusiness cafe = signUp("Tree Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/menu/categories").session(owner)).andExpect(content().string(containsString("No categories yet")));
        mvc.perform(post("/menu/categories").with(csrf()).session(owner).param("name", ""))
                .andExpect(model().attributeHasFieldErrors("form", "name"));
        mvc.perform(post("/menu/categories").with(csrf()).session(owner).param("name", "Drinks"))
                .andExpect(flash().attribute("success", "category.created"));
        mvc.perform(post("/menu/categories").with(csrf()).session(owner).param("name", "drinks"))
                .andExpect(model().attributeHasFieldErrorCode("form", "name", "category.nameTaken"));
        mvc.perform(get("/menu/categories").session(owner)).andExpect(content().string(containsString("Drinks")));

        String milk = mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())),
                "{\"name\": \"Milk\", \"unit\": \"l\", \"unitCost\": \"40\"}")).andReturn().getResponse()
                .getContentAsString();
        mvc.perform(get("/menu/modifiers/new").session(owner)).andExpect(status().isOk());
        mvc.perform(post("/menu/modifiers/new").with(csrf()).session(owner).param("name", "Size")
                        .param("minSelected", "1").param("maxSelected", "1")
                        .param("options[0].name", "Large").param("options[0].priceDelta", "20")
                        .param("options[0].effect", "ADD").param("options[0].ingredientId", uuid(milk, "$.id").toString())
                        .param("options[0].quantity", "100")
                        .param("options[1].name", "").param("options[1].effect", "NONE"))
                .andExpect(flash().attribute("success", "modifier.created"));
        mvc.perform(get("/menu/modifiers").session(owner))
                .andExpect(content().string(containsString("Large")))
                .andExpect(content().string(containsString("1 to 1")));
    }

    @Test
    void formsShowStoredNumbersAsTypedAndAnAccountantCannotEditThem() throws Exception {
        TestBusiness cafe = signUp("Numbers Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        UUID category = uuid(mvc.perform(json(post("/api/v1/categories").with(bearer(cafe.ownerToken())),
                "{\"name\": \"Drinks\"}")).andReturn().getResponse().getContentAsString(), "$.id");
        UUID cola = uuid(mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())),
                "{\"name\": \"Cola\", \"unit\": \"pcs\", \"unitCost\": \"20\"}"))
                .andReturn().getResponse().getContentAsString(), "$.id");
        UUID item = uuid(mvc.perform(json(post("/api/v1/menu-items").with(bearer(cafe.ownerToken())), """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "price": "45", "stockItemId": "%s"}"""
                .formatted(category, cola))).andReturn().getResponse().getContentAsString(), "$.id");

        // Stored as 45.0000 and 1.000000; shown as a person would type them.
        Document page = Jsoup.parse(mvc.perform(get("/menu/items/{id}", item).session(owner))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("#price").val()).isEqualTo("45.00");
        assertThat(page.select("#stockQuantity").val()).isEqualTo("1");
        assertThat(page.select("#item-form fieldset").hasAttr("disabled")).isFalse();
        // A product has no tech card; its cost is the stock item's, 20.00 at 45.00: 44.4 %, above the 30 % target.
        assertThat(page.text()).doesNotContain("Edit the tech card");
        assertThat(page.select(".badge.text-bg-danger").text()).isEqualTo("44.4 %");
        // A new item has the product's fields too, shown once Product is chosen.
        assertThat(Jsoup.parse(mvc.perform(get("/menu/items/new").session(owner)).andReturn().getResponse()
                .getContentAsString()).select(".product-only #stockItemId")).hasSize(1);
        // A search by kind that finds nothing says so, rather than that the menu is empty.
        mvc.perform(get("/menu/items").param("kind", "DISH").session(owner))
                .andExpect(content().string(containsString("Nothing matches this search.")));

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        MockHttpSession session = login(accountant.email(), accountant.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                .param("currentPassword", accountant.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));
        Document read = Jsoup.parse(mvc.perform(get("/menu/items/{id}", item).session(session))
                .andReturn().getResponse().getContentAsString());
        assertThat(read.select("#item-form fieldset").hasAttr("disabled")).isTrue();
        assertThat(read.select("#item-form button[type=submit]")).isEmpty();
    }

    private org.springframework.test.web.servlet.ResultActions upload(MockHttpSession session, String kind,
                                                                      String csv) throws Exception {
        return mvc.perform(multipart("/menu/import/" + kind)
                        .file(new MockMultipartFile("file", kind + ".csv", "text/csv", csv.getBytes()))
                        .with(csrf()).session(session))
                .andExpect(status().isOk());
    }
}
