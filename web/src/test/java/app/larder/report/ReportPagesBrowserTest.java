package app.larder.report;

import app.larder.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports page in a browser: an export started from the form appears at the top of the list, htmx asks for its
 * row again until it is done, and the row then offers the download. Screenshots land in {@code target/screenshots}.
 */
class ReportPagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Test
    void anExportStartedOnThePageTurnsIntoADownload() throws Exception {
        String email = "reports-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api("/api/v1/signup", """
                {"businessName": "Кафе «Ромашка»", "ownerName": "Olha Owner", "email": "%s", "password": "%s",
                 "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");

        open("/reports");
        page("reports");
        new Select(driver.findElement(By.id("report"))).selectByValue("stock-balances");
        new Select(driver.findElement(By.id("format"))).selectByValue("PDF");
        WebElement export = driver.findElement(By.cssSelector("#export-form button[type=submit]"));
        scrollTo(export);
        export.click();

        // The row comes back from the POST, then from its own polling until the file is there.
        WebElement download = new WebDriverWait(driver, Duration.ofSeconds(60)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#exports a[href$='/file']")));
        page("reports-export-done");
        assertThat(download.getAttribute("href")).contains("/reports/exports/");
        assertThat(driver.findElement(By.id("exports")).getText()).contains("Stock balances", "Done", "—");
        assertThat(driver.findElements(By.cssSelector("#exports tr"))).hasSize(1);
    }
}
