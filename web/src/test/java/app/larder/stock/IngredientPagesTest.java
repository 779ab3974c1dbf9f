package app.larder.stock;

import app.larder.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/** Stock → Ingredients through the pages, as the owner, and as an accountant who may only read. */
class IngredientPagesTest extends IntegrationTest {

    private TestBusiness cafe;
    private MockHttpSession owner;
    private UUID milk;

    @BeforeEach
    void pantry() throws Exception {
        cafe = signUp("Ingredient Café " + UUID.randomUUID().toString().substring(0, 6));
        owner = login(cafe.ownerEmail(), PASSWORD);
        milk = uuid(mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())), """
                        {"name": "Milk", "category": "Dairy", "unit": "l", "unitCost": "42.5"}"""))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id");
    }

    @Test
    void theOwnerSeesTheListTheNewFormAndAnIngredientWithItsMethods() throws Exception {
        String list = page("/stock/ingredients");
        Document doc = Jsoup.parse(list);
        assertThat(doc.select("table tbody tr")).hasSize(1);
        assertThat(doc.select("table tbody tr").text()).contains("Milk", "Dairy", "42.50", "/ l");
        assertThat(doc.select("a[href$=/stock/ingredients/new]")).isNotEmpty();
        assertThat(list).contains("href=\"/stock/ingredients\"");

        assertThat(page("/stock/ingredients/new")).contains("New ingredient", "kilograms (kg)");

        mvc.perform(post("/stock/ingredients/{id}/methods", milk).with(csrf()).session(owner)
                        .param("name", "Skimming").param("lossPercent", "5"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "processing.added"));
        Document ingredient = Jsoup.parse(page("/stock/ingredients/" + milk));
        assertThat(ingredient.select("h1").text()).isEqualTo("Milk");
        assertThat(ingredient.select("input[name=lossPercent]").first().val()).isEqualTo("5");
        assertThat(ingredient.select("form[data-confirm]").attr("data-confirm")).contains("Milk");
        assertThat(ingredient.text()).contains("42.50", "litres (l)");
    }

    @Test
    void theListFiltersByTextCategoryAndArchivedAndShowsWhatToDoWhenEmpty() throws Exception {
        mvc.perform(json(post("/api/v1/ingredients").with(bearer(cafe.ownerToken())), """
                {"name": "Flour", "category": "Dry", "unit": "kg"}""")).andExpect(status().isCreated());
        assertThat(Jsoup.parse(page("/stock/ingredients?category=dry")).select("tbody tr").text())
                .contains("Flour").doesNotContain("Milk");
        assertThat(Jsoup.parse(page("/stock/ingredients?sort=name,desc")).select("tbody tr").first().text())
                .contains("Milk");
        assertThat(page("/stock/ingredients?q=zzz")).contains("Nothing matches this search.");

        TestBusiness empty = signUp("Empty Pantry " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/stock/ingredients").session(login(empty.ownerEmail(), PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No ingredients yet.")))
                .andExpect(content().string(containsString("Add the first ingredient")));
    }

    @Test
    void anIngredientIsCreatedEditedCostedAndArchivedThroughTheForms() throws Exception {
        String location = mvc.perform(post("/stock/ingredients/new").with(csrf()).session(owner)
                        .param("name", "Eggs").param("category", "Dairy").param("unit", "PCS")
                        .param("pieceSize", "50").param("purchaseUnitName", "Tray")
                        .param("purchaseUnitSize", "30").param("unitCost", "6"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "ingredient.created"))
                .andReturn().getResponse().getRedirectedUrl();
        UUID eggs = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(post("/stock/ingredients/{id}", eggs).with(csrf()).session(owner)
                        .param("name", "Free-range eggs").param("category", "Dairy").param("pieceSize", "55")
                        .param("purchaseUnitName", "Tray").param("purchaseUnitSize", "30"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "ingredient.saved"));
        mvc.perform(post("/stock/ingredients/{id}/unit-cost", eggs).with(csrf()).session(owner)
                        .param("unitCost", "7.25"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/ingredients/{id}", eggs).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.name").value("Free-range eggs"))
                .andExpect(jsonPath("$.unit").value("pcs"))
                .andExpect(jsonPath("$.unitCost").value("7.25"));

        mvc.perform(post("/stock/ingredients/{id}/archive", eggs).with(csrf()).session(owner))
                .andExpect(flash().attribute("success", "ingredient.archived"));
        assertThat(page("/stock/ingredients")).doesNotContain("Free-range eggs");
        assertThat(page("/stock/ingredients?archived=true")).contains("Free-range eggs", "Archived");

        mvc.perform(post("/stock/ingredients/{id}/restore", eggs).with(csrf()).session(owner))
                .andExpect(flash().attribute("success", "ingredient.restored"));
        assertThat(page("/stock/ingredients")).contains("Free-range eggs");
    }

    @Test
    void anEmptyNameIsShownUnderTheField() throws Exception {
        mvc.perform(post("/stock/ingredients/new").with(csrf()).session(owner)
                        .param("name", " ").param("unit", "KG"))
                .andExpect(status().isOk())
                .andExpect(view().name("stock/ingredient-new"))
                .andExpect(model().attributeHasFieldErrors("form", "name"))
                .andExpect(content().string(containsString("Fill this in.")));
    }

    @Test
    void aTakenNameIsShownUnderTheField() throws Exception {
        String html = mvc.perform(post("/stock/ingredients/new").with(csrf()).session(owner)
                        .param("name", "MILK").param("unit", "L"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "name", "ingredient.nameTaken"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(html).select("#name ~ .invalid-feedback").text())
                .isEqualTo("Another ingredient already has this name.");
    }

    @Test
    void aBadLossOrPurchaseUnitIsSaidOnThePage() throws Exception {
        mvc.perform(post("/stock/ingredients/{id}/methods", milk).with(csrf()).session(owner)
                        .param("name", "Boiling").param("lossPercent", "100"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("methodForm", "lossPercent", "processing.lossRange"));
        mvc.perform(post("/stock/ingredients/new").with(csrf()).session(owner)
                        .param("name", "Sugar").param("unit", "KG").param("purchaseUnitName", "Sack"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A purchase unit needs both a name and its size.")));
    }

    @Test
    void aNumberThatIsNotOneIsShownUnderItsField() throws Exception {
        mvc.perform(post("/stock/ingredients/new").with(csrf()).session(owner)
                        .param("name", "Sugar").param("unit", "KG").param("pieceSize", "abc"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "pieceSize", "typeMismatch"))
                .andExpect(content().string(containsString("This value cannot be read.")));
    }

    @Test
    void theAccountantReadsButCannotChangeAnything() throws Exception {
        MockHttpSession accountant = withOwnPassword(invite(cafe, "ACCOUNTANT", "[]"));
        mvc.perform(get("/stock/ingredients").session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Milk")))
                .andExpect(content().string(not(containsString("/stock/ingredients/new"))));
        mvc.perform(get("/stock/ingredients/{id}", milk).session(accountant))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("/unit-cost"))));
        mvc.perform(get("/stock/ingredients/new").session(accountant)).andExpect(status().isForbidden());
        mvc.perform(post("/stock/ingredients/new").with(csrf()).session(accountant)
                .param("name", "Sugar").param("unit", "KG")).andExpect(status().isForbidden());
        mvc.perform(post("/stock/ingredients/{id}/unit-cost", milk).with(csrf()).session(accountant)
                .param("unitCost", "1")).andExpect(status().isForbidden());
        mvc.perform(post("/stock/ingredients/{id}/archive", milk).with(csrf()).session(accountant))
                .andExpect(status().isForbidden());
    }

    @Test
    void anotherBusinesssIngredientIsNotFound() throws Exception {
        TestBusiness other = signUp("Other Pantry " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirs = uuid(mvc.perform(json(post("/api/v1/ingredients").with(bearer(other.ownerToken())), """
                        {"name": "Secret spice", "unit": "kg"}"""))
                .andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(get("/stock/ingredients/{id}", theirs).session(owner))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString("Secret spice"))));
        mvc.perform(post("/stock/ingredients/{id}/unit-cost", theirs).with(csrf()).session(owner)
                .param("unitCost", "1")).andExpect(status().isNotFound());
        mvc.perform(get("/stock/ingredients/not-an-id").session(owner)).andExpect(status().isNotFound());
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).session(owner)).andExpect(status().isOk())
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
