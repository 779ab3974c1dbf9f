package app.larder.stock;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.BrowserTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stocktake as a browser sees it, in headless Chromium: a count typed into a row is saved by htmx and the row,
 * the variance and the version follow; posting asks first. Screenshots land in {@code target/screenshots}.
 */
class StocktakeBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCountTypedIntoARowMovesTheVarianceAndThePostingIsConfirmed() throws Exception {
        String email = "count-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String signedUp = api("/api/v1/signup", """
                {"businessName": "Counting Café", "ownerName": "Olha Owner", "email": "%s", "password": "%s",
                 "currency": "EUR", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        UUID tenant = UUID.fromString(JsonPath.read(signedUp, "$.businessId"));
        UUID owner = UUID.fromString(JsonPath.read(signedUp, "$.ownerId"));
        UUID kitchen = UUID.fromString(JsonPath.read(signedUp, "$.storageId"));
        token = JsonPath.read(api("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD)), "$.token");
        UUID flour = UUID.fromString(created("/api/v1/ingredients",
                "{\"name\": \"Flour\", \"category\": \"Dry\", \"unit\": \"kg\"}"));
        UUID milk = UUID.fromString(created("/api/v1/ingredients",
                "{\"name\": \"Milk\", \"category\": \"Dairy\", \"unit\": \"l\"}"));
        // 12 kg of flour worth 528 (44 a kg), 10 l of milk worth 800 (80 a litre).
        TenantContext.runAs(new TenantContext.Actor(tenant, owner, "owner", null), () ->
                new TransactionTemplate(transactions).executeWithoutResult(s -> ledger.post(new Posting("SUPPLY",
                        UUID.randomUUID(), Instant.parse("2026-03-01T10:00:00Z"), List.of(
                        Entry.in(Kind.SUPPLY, kitchen, flour, new BigDecimal("12000"), new BigDecimal("528")),
                        Entry.in(Kind.SUPPLY, kitchen, milk, new BigDecimal("10000"), new BigDecimal("800")))))));
        String id = created("/api/v1/stocktakes", """
                {"storageId": "%s", "countedAt": "2026-03-03T12:00", "comment": "End of the month"}"""
                .formatted(kitchen));

        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");
        open("/stock/stocktakes/" + id);
        page("stocktake-01-draft");
        String version = driver.findElement(By.cssSelector("#post-form input[name=version]"))
                .getDomAttribute("value");

        // Flour: 11.5 kg counted of 12 expected, 0.5 kg short at 44: €22.00.
        WebElement count = driver.findElement(By.name("count." + flour));
        count.sendKeys("11.5", Keys.TAB);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("variance-shortage"), "22.00"));
        assertThat(driver.findElement(By.id("item-" + flour)).getText()).contains("-0.5 kg");
        assertThat(driver.findElement(By.cssSelector("#post-form input[name=version]")).getDomAttribute("value"))
                .isNotEqualTo(version);
        // Milk: 10.25 l of 10, 0.25 l over at 80: €20.00; net −2.00.
        driver.findElement(By.name("count." + milk)).sendKeys("10.25", Keys.TAB);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("variance-surplus"), "20.00"));
        assertThat(driver.findElement(By.id("variance-net")).getText()).contains("2.00").doesNotContain("22");
        page("stocktake-02-counted");

        WebElement post = driver.findElement(By.cssSelector("#post-form button"));
        scrollTo(post);
        post.click();
        wait.until(ExpectedConditions.alertIsPresent());
        assertThat(driver.switchTo().alert().getText()).contains("2 counted item(s)");
        driver.switchTo().alert().accept();
        wait.until(ExpectedConditions.stalenessOf(post));
        page("stocktake-03-posted");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Stocktake posted", "Posted");
        assertThat(driver.findElements(By.name("count." + flour))).isEmpty();

        open("/stock/stocktakes");
        page("stocktake-04-list");
        assertThat(driver.findElement(By.id("stocktakes")).getText()).contains("Main storage", "End of the month");
    }
}
