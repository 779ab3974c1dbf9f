package app.larder.menu;

import app.larder.business.DemoBusiness;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The demo café is a realistic menu whose cost prices are plausible. */
class DemoMenuTest extends IntegrationTest {

    @Autowired
    DemoBusiness demo;

    @Test
    void theDemoCafeHasAFullMenuWithPlausibleCosts() throws Exception {
        demo.ensureExists();
        String token = token(DemoBusiness.OWNER_EMAIL, DemoBusiness.PASSWORD);

        String ingredients = body(get("/api/v1/ingredients").param("size", "1").with(bearer(token)));
        assertThat(JsonPath.<Integer>read(ingredients, "$.totalItems")).isGreaterThanOrEqualTo(60);
        String semis = body(get("/api/v1/semi-finished-products").param("size", "100").with(bearer(token)));
        assertThat(JsonPath.<List<String>>read(semis, "$.items[*].name")).contains("Pizza base", "Pizza dough",
                "Tomato sauce", "Caesar mix");
        String categories = body(get("/api/v1/categories").with(bearer(token)));
        assertThat(JsonPath.<List<Integer>>read(categories, "$[*].depth")).contains(0, 1);

        String menu = body(get("/api/v1/menu-items").param("size", "100").with(bearer(token)));
        assertThat(JsonPath.<Integer>read(menu, "$.totalItems")).isGreaterThanOrEqualTo(40);
        List<Map<String, Object>> rows = JsonPath.read(menu, "$.items");
        for (Map<String, Object> row : rows) {
            assertThat(row.get("cost")).as("cost of " + row.get("name")).isNotNull();
            BigDecimal foodCost = new BigDecimal((String) row.get("foodCostPercent"));
            assertThat(foodCost).as("food cost of " + row.get("name")).isBetween(new BigDecimal("5"),
                    new BigDecimal("60"));
        }

        // Margherita through two levels of semi-finished products:
        // pizza dough (1.6 kg): flour 1000 g × 24/kg 24.00 + yeast 10 g × 180/kg 1.80 + oil 40 ml × 380/l 15.20
        //   + salt 20 g × 12/kg 0.24 = 41.24, so 25.775 a kg;
        // tomato sauce (1 kg): tomatoes 95.00 + oil 50 ml 19.00 + garlic 30 g 4.20 + salt 0.12 + basil 10 g 6.00 = 124.32;
        // pizza base (4 pcs): 1000 g dough 25.775 + 320 g sauce 39.7824 = 65.5574, 16.38935 a piece;
        // Margherita: base 16.38935 + mozzarella 150 g × 320/kg 48.00 + basil 5 g 3.00 + oil 5 ml 1.90 = 69.28935.
        String margherita = body(get("/api/v1/menu-items").param("q", "Margherita").with(bearer(token)));
        assertThat(new BigDecimal(JsonPath.<String>read(margherita, "$.items[0].cost")))
                .isEqualByComparingTo("69.28935");
        // At 195.00, food cost 69.28935 / 195 = 35.5 %.
        assertThat(JsonPath.<String>read(margherita, "$.items[0].foodCostPercent")).isEqualTo("35.5");
    }

    private String body(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }
}
