package app.larder.menu;

import app.larder.support.BrowserTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The menu pages as a browser sees them, in headless Chromium: the menu list with the food cost above target
 * highlighted, a new menu item switching to a product, a dish's page and its tech card priced live as it is typed
 * (htmx) and saved, categories, modifiers, import and export, and what an accountant sees. Screenshots land in
 * {@code target/screenshots}.
 */
class MenuPagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Test
    void theMenuItsDishesAndTheirTechCardsAsABrowserShowsThem() throws Exception {
        String email = "menu-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api("/api/v1/signup", """
                {"businessName": "Browser Bistro", "ownerName": "Mia Menu", "email": "%s", "password": "%s",
                 "currency": "EUR", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        token = JsonPath.read(api("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD)), "$.token");
        String beans = created("/api/v1/ingredients", """
                {"name": "Coffee beans", "category": "Coffee", "unit": "kg", "unitCost": "800.00"}""");
        String milk = created("/api/v1/ingredients", """
                {"name": "Milk", "category": "Dairy", "unit": "l", "unitCost": "40.00"}""");
        String oatMilk = created("/api/v1/ingredients", """
                {"name": "Oat milk", "category": "Dairy", "unit": "l", "unitCost": "90.00"}""");
        String cola = created("/api/v1/ingredients", """
                {"name": "Cola 0.5", "category": "Drinks", "unit": "pcs", "unitCost": "20.00"}""");
        String drinks = created("/api/v1/categories", "{\"name\": \"Drinks\"}");
        String coffee = created("/api/v1/categories", "{\"name\": \"Coffee\", \"parentId\": \"%s\"}"
                .formatted(drinks));
        String group = created("/api/v1/modifier-groups", """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1, "options": [
                 {"name": "Oat milk", "priceDelta": "15", "effect": "REPLACE", "ingredientId": "%s",
                  "quantity": "180", "replacesIngredientId": "%s"}]}""".formatted(oatMilk, milk));
        String cappuccino = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Cappuccino", "price": "65",
                 "modifierGroupIds": ["%s"]}""".formatted(coffee, group));
        String espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso", "price": "45"}""".formatted(coffee));
        created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "price": "45", "stockItemId": "%s"}"""
                .formatted(drinks, cola));
        // Cappuccino: 18 g of beans (14.40) and 180 ml of milk (7.20), 21.60 at 65.00: food cost 33.2 %, above 30.
        created("/api/v1/menu-items/" + cappuccino + "/tech-cards", """
                {"validFrom": "%s", "lines": [
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                 {"kind": "INGREDIENT", "componentId": "%s", "quantity": "180", "unit": "ml"}]}"""
                .formatted(Instant.now().minus(1, ChronoUnit.DAYS), beans, milk));
        // Espresso: 9 g of beans, 7.20 at 45.00: 16.0 %.
        created("/api/v1/menu-items/" + espresso + "/tech-cards", """
                {"lines": [{"kind": "INGREDIENT", "componentId": "%s", "quantity": "9", "unit": "g"}]}"""
                .formatted(beans));

        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");

        driver.findElement(By.linkText("Menu")).click();
        visible(By.linkText("Menu items")).click();
        wait.until(ExpectedConditions.urlContains("/menu/items"));
        page("menu-01-items");
        WebElement cappuccinoRow = driver.findElement(By.xpath("//tbody/tr[.//a[text()='Cappuccino']]"));
        assertThat(cappuccinoRow.getAttribute("class")).contains("table-warning");
        assertThat(cappuccinoRow.getText()).contains("€21.60", "€65.00", "200.9 %", "33.2 %");
        assertThat(driver.findElement(By.xpath("//tbody/tr[.//a[text()='Espresso']]")).getText())
                .contains("€7.20", "16.0 %");

        // A new menu item asks for the stock item only once it is a product.
        open("/menu/items/new");
        assertThat(driver.findElement(By.id("stockItemId")).isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("label[for=kindProduct]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stockItemId")));
        page("menu-02-new-product");

        open("/menu/items/" + cappuccino);
        page("menu-03-dish");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("€21.60", "Tech card: Cappuccino");
        driver.findElement(By.linkText("Edit the tech card")).click();
        wait.until(ExpectedConditions.urlContains("/tech-card"));
        driver.manage().window().setSize(new Dimension(1280, 1300));
        page("menu-04-dish-tech-card");
        assertThat(driver.findElement(By.id("cost-per-portion")).getText()).isEqualTo("€21.60");

        // 150 ml of milk instead of 180: 14.40 + 6.00 = 20.40 a portion, as soon as it is typed.
        driver.manage().window().setSize(new Dimension(1280, 2200));
        WebElement quantity = driver.findElement(By.name("lines[1].quantity"));
        quantity.clear();
        quantity.sendKeys("150");
        driver.findElement(By.name("portionOutput")).sendKeys("200");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#preview [data-total]"), "€20.40"));
        scrollTo(driver.findElement(By.id("preview")));
        page("menu-05-dish-live-preview");
        submit("/menu/items/" + cappuccino + "/tech-card");
        driver.manage().window().setSize(new Dimension(1280, 1300));
        page("menu-06-dish-tech-card-saved");
        assertThat(visible(By.cssSelector(".alert-success")).getText()).contains("New version");
        assertThat(driver.findElement(By.id("cost-per-portion")).getText()).isEqualTo("€20.40");
        assertThat(driver.findElement(By.id("portion-output")).getText()).isEqualTo("Portion output: 200 g");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("€21.60 → €20.40");

        driver.manage().window().setSize(new Dimension(1280, 900));
        open("/menu/categories");
        page("menu-07-categories");
        open("/menu/modifiers");
        page("menu-08-modifiers");
        assertThat(driver.findElement(By.tagName("tbody")).getText()).contains("Milk", "0 to 1", "Oat milk");
        open("/menu/modifiers/" + group);
        page("menu-09-modifier");
        assertThat(driver.findElement(By.name("options[0].priceDelta")).getAttribute("value")).isEqualTo("15.00");
        assertThat(driver.findElement(By.name("options[0].quantity")).getAttribute("value")).isEqualTo("180");
        open("/menu/import");
        page("menu-10-import");

        // An accountant reads the menu and the tech card, with nothing to change them.
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
        open("/menu/items/" + cappuccino);
        page("menu-11-accountant-dish");
        assertThat(driver.findElement(By.id("name")).isEnabled()).isFalse();
        driver.findElement(By.linkText("View")).click();
        wait.until(ExpectedConditions.urlContains("/tech-card"));
        page("menu-12-accountant-tech-card");
        assertThat(driver.findElements(By.id("version-form"))).isEmpty();
        assertThat(driver.findElement(By.id("cost-per-portion")).getText()).isEqualTo("€20.40");
    }

}
