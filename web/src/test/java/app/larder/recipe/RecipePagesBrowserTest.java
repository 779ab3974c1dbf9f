package app.larder.recipe;

import app.larder.support.BrowserTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingredients and semi-finished products as a browser sees them, in headless Chromium: the lists, a form error, a
 * tech card nested two levels deep, the cost following the version form as it is typed (htmx), the processing
 * methods offered once an ingredient is chosen, and the saved version moving the cost price. Screenshots land in
 * {@code target/screenshots}.
 */
class RecipePagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Test
    void theCostFollowsTheTechCardAsItIsTypedAndSaved() throws Exception {
        String email = "chef-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api("/api/v1/signup", """
                {"businessName": "Browser Bakery", "ownerName": "Bob Baker", "email": "%s", "password": "%s",
                 "currency": "EUR", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        token = JsonPath.read(api("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD)), "$.token");
        String sugar = created("/api/v1/ingredients", """
                {"name": "Sugar", "category": "Dry", "unit": "kg", "unitCost": "32.00"}""");
        String water = created("/api/v1/ingredients", """
                {"name": "Water", "category": "Drinks", "unit": "l", "unitCost": "2.00"}""");
        String lemons = created("/api/v1/ingredients", """
                {"name": "Lemons", "category": "Fruit", "unit": "pcs", "unitCost": "5.00", "pieceSize": "100"}""");
        created("/api/v1/ingredients/" + lemons + "/processing-methods", """
                {"name": "Peeling", "lossPercent": "20"}""");
        String syrup = created("/api/v1/semi-finished-products", "{\"name\": \"Sugar syrup\", \"unit\": \"l\"}");
        // 1 kg sugar (32.00) and 1 l water (2.00) make 1.5 l: 34.00, 22.67 a litre.
        created("/api/v1/semi-finished-products/" + syrup + "/tech-cards", """
                {"validFrom": "%s", "yieldQuantity": "1.5", "yieldUnit": "l", "lines": [
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "kg"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "1", "unit": "l"}]}"""
                .formatted(Instant.now().minus(1, ChronoUnit.DAYS), sugar, water));
        String lemonade = created("/api/v1/semi-finished-products", "{\"name\": \"Lemonade base\", \"unit\": \"l\"}");
        created("/api/v1/semi-finished-products/" + lemonade + "/tech-cards", """
                {"yieldQuantity": "1", "yieldUnit": "l", "lines": [
                 {"kind": "SEMI", "componentId": "%s", "quantity": "300", "unit": "ml"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "2", "unit": "pcs"}]}"""
                .formatted(syrup, lemons));

        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");

        // The menu leads to both lists.
        driver.findElement(By.linkText("Stock")).click();
        visible(By.linkText("Ingredients")).click();
        wait.until(ExpectedConditions.urlContains("/stock/ingredients"));
        page("recipe-01-ingredients");
        assertThat(driver.findElements(By.cssSelector("table tbody tr"))).hasSize(3);
        assertThat(driver.findElement(By.tagName("tbody")).getText()).contains("Sugar", "Dry", "€32.00 / kg");

        open("/stock/ingredients/new");
        submit("/stock/ingredients/new");
        page("recipe-02-ingredient-new-error");
        assertThat(visible(By.cssSelector("#name ~ .invalid-feedback")).getText()).isEqualTo("Fill this in.");

        open("/stock/ingredients/" + lemons);
        page("recipe-03-ingredient");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("€5.00 / pcs");

        open("/recipes/semi-finished");
        page("recipe-04-semis");
        assertThat(driver.findElement(By.tagName("tbody")).getText()).contains("Sugar syrup", "€22.67 / l");

        // Lemonade base: 300 ml of syrup (6.80), with the syrup's own lines below it, and 2 lemons (10.00).
        driver.manage().window().setSize(new Dimension(1280, 1400));
        open("/recipes/semi-finished/" + lemonade);
        page("recipe-05-nested-tech-card");
        assertThat(driver.findElements(By.cssSelector("tr.nested-line"))).hasSize(2);
        assertThat(driver.findElement(By.id("cost-per-unit")).getText()).isEqualTo("€16.80 / l");

        // Sugar syrup: 750 g of sugar instead of 1 kg makes it 24.00 + 2.00 = 26.00, as soon as it is typed.
        driver.manage().window().setSize(new Dimension(1280, 2400));
        open("/recipes/semi-finished/" + syrup);
        WebElement quantity = driver.findElement(By.name("lines[0].quantity"));
        quantity.clear();
        quantity.sendKeys("0.75");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#preview [data-total]"), "€26.00"));

        // Choosing lemons in a blank row offers their processing method; a peeled lemon is one more 5.00.
        new Select(driver.findElement(By.name("lines[2].component"))).selectByVisibleText("Lemons (pcs)");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#method-2")));
        new Select(driver.findElement(By.id("method-2"))).selectByVisibleText("Peeling, 20 %");
        new Select(driver.findElement(By.name("lines[2].unit"))).selectByValue("PCS");
        driver.findElement(By.name("lines[2].quantity")).sendKeys("1");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#preview [data-total]"), "€31.00"));
        assertThat(driver.findElement(By.id("cost-per-unit")).getText()).isEqualTo("€22.67 / l");
        scrollTo(driver.findElement(By.id("preview")));
        page("recipe-06-live-preview");

        // A quantity with no component: the preview names the line, and saving shows the error at its row.
        driver.findElement(By.name("lines[3].quantity")).sendKeys("5");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#preview .alert"), "Line 4: Fill this in."));
        submit("/recipes/semi-finished/" + syrup + "/versions");
        WebElement rowError = visible(By.cssSelector("select[name='lines[3].component'] ~ .invalid-feedback"));
        scrollTo(rowError);
        page("recipe-07-row-error");
        assertThat(rowError.getText()).isEqualTo("Fill this in.");
        assertThat(new Select(driver.findElement(By.id("method-2"))).getFirstSelectedOption().getText())
                .isEqualTo("Peeling, 20 %");
        driver.findElement(By.name("lines[3].quantity")).clear();

        // Saved: 31.00 for 1.5 l is 20.67 a litre, and the history says why.
        submit("/recipes/semi-finished/" + syrup + "/versions");
        page("recipe-08-saved-version");
        assertThat(visible(By.cssSelector(".alert-success")).getText()).contains("New version");
        assertThat(driver.findElement(By.id("cost-per-unit")).getText()).isEqualTo("€20.67 / l");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("€22.67 → €20.67");

        // An accountant reads the same page, without a single form to change it.
        String accountant = JsonPath.read(api("/api/v1/users", """
                {"email": "%s", "fullName": "Anna Accountant", "role": "ACCOUNTANT", "venueIds": []}"""
                .formatted("anna-" + email)), "$.temporaryPassword");
        open("/");
        driver.findElement(By.xpath("//form[contains(@action, '/logout')]//button")).click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));
        driver.findElement(By.name("email")).sendKeys("anna-" + email);
        driver.findElement(By.name("password")).sendKeys(accountant);
        submit("/login");
        driver.findElement(By.name("currentPassword")).sendKeys(accountant);
        driver.findElement(By.name("newPassword")).sendKeys(PASSWORD);
        driver.findElement(By.name("confirmPassword")).sendKeys(PASSWORD);
        submit("/settings/profile/password");
        driver.manage().window().setSize(new Dimension(1280, 1100));
        open("/recipes/semi-finished/" + lemonade);
        page("recipe-09-accountant");
        assertThat(driver.findElements(By.cssSelector("main form"))).isEmpty();
        // The lemonade base followed its syrup: 300 ml at 20.666667 a litre is 6.20, and 10.00 of lemons.
        assertThat(driver.findElement(By.id("cost-per-unit")).getText()).isEqualTo("€16.20 / l");
    }

}
