package app.larder.menu;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Moving in from a spreadsheet: all or nothing by default, or only the valid rows; and back out again. */
class SpreadsheetTest extends IntegrationTest {

    private static final String INGREDIENTS = """
            name,category,unit,unit_cost,piece_size,purchase_unit,purchase_unit_size,processing
            Flour,Dry goods,kg,24,,sack 25 kg,25000,
            Tomatoes,Vegetables,kg,"75,50",,,,Cleaning:10
            Eggs,Dairy,pcs,5.5,55,,,
            """;

    @Test
    void aFileWithBadRowsImportsNothingAndSaysWhatIsWrongRowByRow() throws Exception {
        TestBusiness cafe = signUp("Moving Café");
        String bad = INGREDIENTS + """
                ,Dry goods,kg,10,,,,
                Salt,Dry goods,stone,12,,,,
                Sugar,Dry goods,kg,-3,,,,
                flour,Dry goods,kg,20,,,,
                Basil,Herbs,kg,600,,,,Drying:120
                """;
        mvc.perform(post("/api/v1/imports/ingredients").with(bearer(cafe.ownerToken()))
                        .contentType("text/csv").content(bad))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("line 5 name"))
                .andExpect(jsonPath("$.errors[1].field").value("line 6 unit"))
                .andExpect(jsonPath("$.errors[2].field").value("line 7 unit_cost"))
                .andExpect(jsonPath("$.errors[3].field").value("line 8 name"))
                .andExpect(jsonPath("$.errors[3].message").value(containsString("already has this name")))
                .andExpect(jsonPath("$.errors[4].field").value("line 9 processing"));
        mvc.perform(get("/api/v1/ingredients").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));

        // Only the valid rows: the three good ones arrive, the five bad ones are listed.
        mvc.perform(post("/api/v1/imports/ingredients").param("onlyValid", "true").with(bearer(cafe.ownerToken()))
                        .contentType("text/csv").content(bad))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(8))
                .andExpect(jsonPath("$.imported").value(3))
                .andExpect(jsonPath("$.problems.length()").value(5));
        mvc.perform(get("/api/v1/ingredients").param("q", "tomatoes").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].unitCost").value("75.5"));
        mvc.perform(get("/api/v1/ingredients/{id}/processing-methods",
                        JsonPath.<String>read(mvc.perform(get("/api/v1/ingredients").param("q", "tomatoes")
                                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsString(),
                                "$.items[0].id")).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$[0].name").value("Cleaning"))
                .andExpect(jsonPath("$[0].lossPercent").value("10"));
    }

    @Test
    void menuAndTechCardsImportAndExportRoundTrip() throws Exception {
        TestBusiness from = signUp("Exporting Café");
        importOk(from, "ingredients", INGREDIENTS);
        importOk(from, "menu-items", """
                category;name;kind;price;barcode;stock_item;stock_quantity;on_sale
                Food > Breakfast;Fried eggs;dish;95;;;;yes
                Food > Breakfast;Tomato soup;dish;80;;;;yes
                """);
        importOk(from, "tech-cards", """
                product,type,yield,yield_unit,valid_from,component,quantity,unit,net,processing
                Tomato base,semi,1,kg,,Tomatoes,1,kg,yes,Cleaning
                Fried eggs,dish,,,,Eggs,2,pcs,,
                Fried eggs,dish,,,,Tomato base,50,g,,
                Tomato soup,dish,,,,Tomato base,300,g,,
                """);
        // Tomato base: 1 kg net after 10 % cleaning is 1111.111111 g gross × 75.50/kg = 83.888889 a kg.
        // Fried eggs: 2 eggs × 5.50 = 11.00 + 50 g base (4.194444) = 15.194444.
        String menu = mvc.perform(get("/api/v1/menu-items").param("sort", "name").with(bearer(from.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(menu, "$.items[*].name")).containsExactly("Fried eggs", "Tomato soup");
        assertThat(JsonPath.<String>read(menu, "$.items[0].cost")).isEqualTo("15.194444");

        String ingredients = export(from, "ingredients");
        String items = export(from, "menu-items");
        String cards = export(from, "tech-cards");
        assertThat(items).contains("Food > Breakfast,Fried eggs,dish,95");

        TestBusiness to = signUp("Importing Café");
        importOk(to, "ingredients", ingredients);
        importOk(to, "menu-items", items);
        importOk(to, "tech-cards", cards);
        String copied = mvc.perform(get("/api/v1/menu-items").param("sort", "name").with(bearer(to.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(copied, "$.items[*].cost"))
                .isEqualTo(JsonPath.<List<String>>read(menu, "$.items[*].cost"));
    }

    @Test
    void aFileWithoutTheHeaderOrFromAnAccountantIsRefused() throws Exception {
        TestBusiness cafe = signUp("Headerless Café");
        mvc.perform(post("/api/v1/imports/ingredients").with(bearer(cafe.ownerToken()))
                        .contentType("text/csv").content("Flour,kg,24\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("line 1 name"));
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(post("/api/v1/imports/ingredients").with(bearer(accountant.token()))
                        .contentType("text/csv").content(INGREDIENTS))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/exports/ingredients").with(bearer(accountant.token())))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv")));
    }

    private void importOk(TestBusiness business, String kind, String csv) throws Exception {
        mvc.perform(post("/api/v1/imports/" + kind).with(bearer(business.ownerToken()))
                        .contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.applied").value(true))
                .andExpect(jsonPath("$.problems.length()").value(0));
    }

    private String export(TestBusiness business, String kind) throws Exception {
        return mvc.perform(get("/api/v1/exports/" + kind).with(bearer(business.ownerToken())))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
