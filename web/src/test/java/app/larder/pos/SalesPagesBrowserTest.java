package app.larder.pos;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.support.BrowserTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales pages as a browser shows them, with a day of receipts from a terminal: the dashboard (cards, top items,
 * bars by hour) and the receipt list. Screenshots land in {@code target/screenshots}.
 */
class SalesPagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";
    private static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDashboardAndTheReceiptsOfADay() throws Exception {
        String email = "sales-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String signedUp = api("/api/v1/signup", """
                {"businessName": "Morning Café", "ownerName": "Olha Owner", "email": "%s", "password": "%s",
                 "currency": "EUR", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        UUID tenant = UUID.fromString(JsonPath.read(signedUp, "$.businessId"));
        UUID owner = UUID.fromString(JsonPath.read(signedUp, "$.ownerId"));
        String venue = JsonPath.read(signedUp, "$.venueId");
        UUID kitchen = UUID.fromString(JsonPath.read(signedUp, "$.storageId"));
        token = JsonPath.read(api("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD)), "$.token");
        UUID coffee = UUID.fromString(created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}"));
        UUID milk = UUID.fromString(created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}"));
        String category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        List<String[]> menu = List.of(new String[]{"Latte", "4.20", "200"}, new String[]{"Cappuccino", "3.80", "150"},
                new String[]{"Flat white", "4.00", "120"}, new String[]{"Espresso", "2.50", null});
        List<String> items = new ArrayList<>();
        for (String[] m : menu) {
            String id = created("/api/v1/menu-items", """
                    {"kind": "DISH", "categoryId": "%s", "name": "%s", "price": "%s"}""".formatted(category, m[0], m[1]));
            api("/api/v1/menu-items/" + id + "/tech-cards", """
                    {"validFrom": "2026-01-01T00:00:00Z", "lines": [
                      {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"}%s]}"""
                    .formatted(coffee, m[2] == null ? "" : """
                            , {"kind": "INGREDIENT", "componentId": "%s", "quantity": "%s", "unit": "ml"}"""
                            .formatted(milk, m[2])));
            items.add(id);
        }
        // Coffee at €0.03 a gram, milk at €0.0012 a ml.
        TenantContext.runAs(new TenantContext.Actor(tenant, owner, "owner", null), () ->
                new TransactionTemplate(transactions).executeWithoutResult(s -> ledger.post(new StockLedger.Posting(
                        "SUPPLY", UUID.randomUUID(), Instant.parse("2026-01-02T08:00:00Z"), List.of(
                        Entry.in(Kind.SUPPLY, kitchen, coffee, new BigDecimal("50000"), new BigDecimal("1500")),
                        Entry.in(Kind.SUPPLY, kitchen, milk, new BigDecimal("100000"), new BigDecimal("120")))))));
        String device = api("/api/v1/pos-devices", "{\"venueId\": \"%s\", \"name\": \"Bar till\"}".formatted(venue));
        String till = JsonPath.read(post("/api/pos/v1/pair", "{\"code\": \"%s\"}"
                .formatted((String) JsonPath.read(device, "$.pairingCode")), null), "$.token");

        // Yesterday in Kyiv, 8:00 to 21:00, busier at lunch and in the evening.
        LocalDate day = LocalDate.now(KYIV).minusDays(1);
        StringBuilder receipts = new StringBuilder();
        int n = 0;
        int[] perHour = {2, 4, 3, 2, 5, 6, 4, 2, 2, 3, 5, 6, 4, 2};
        for (int h = 0; h < perHour.length; h++) {
            for (int k = 0; k < perHour[h]; k++) {
                int item = (h + k) % menu.size();
                int quantity = 1 + (k % 2);
                BigDecimal total = new BigDecimal(menu.get(item)[1]).multiply(BigDecimal.valueOf(quantity));
                String closedAt = day.atTime(8 + h, (k * 11) % 60).atZone(KYIV).toOffsetDateTime().toString();
                receipts.append(n == 0 ? "" : ",").append("""
                        {"id": "%s", "number": "%s", "closedAt": "%s", "waiter": "%s",
                         "lines": [{"itemId": "%s", "quantity": "%d", "unitPrice": "%s"}],
                         "payments": [{"method": "%s", "amount": "%s"}], "total": "%s"}"""
                        .formatted(UUID.randomUUID(), "B-" + (100 + n), closedAt, k % 2 == 0 ? "Olena" : "Petro",
                                items.get(item), quantity, menu.get(item)[1], k % 3 == 0 ? "cash" : "card",
                                total.toPlainString(), total.toPlainString()));
                n++;
            }
        }
        String answer = post("/api/pos/v1/receipts", "{\"receipts\": [" + receipts + "]}", till);
        assertThat(answer).doesNotContain("rejected");

        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");
        open("/sales/today?date=" + day);
        page("sales-01-dashboard");
        assertThat(driver.findElement(By.id("day-receipts")).getText()).isEqualTo(String.valueOf(n));
        assertThat(driver.findElements(By.cssSelector("#top-items tbody tr"))).hasSize(menu.size());
        assertThat(driver.findElement(By.cssSelector("#hour-13 > div")).getSize().getHeight()).isGreaterThan(
                driver.findElement(By.cssSelector("#hour-8 > div")).getSize().getHeight());

        open("/sales/receipts?from=" + day + "&to=" + day);
        page("sales-02-receipts");
        assertThat(driver.findElements(By.cssSelector("#receipts tbody tr"))).hasSize(25);
        assertThat(driver.findElement(By.id("receipt-totals")).getText()).contains(n + " receipts");
        driver.findElement(By.cssSelector("#receipts tbody tr a")).click();
        page("sales-03-receipt");
        assertThat(driver.findElements(By.cssSelector("#written-off tbody tr"))).isNotEmpty();
    }

    /** Posts JSON, expects 200, returns the body; a device token when given. */
    private String post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return response.body();
    }
}
