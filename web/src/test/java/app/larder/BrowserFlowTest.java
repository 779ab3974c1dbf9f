package app.larder;

import app.larder.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages as a browser sees them: a real server on a random port, driven by headless Chromium. An owner signs up,
 * invites an accountant, and the accountant, after choosing a password, can read venues but not edit them nor see
 * the users. Screenshots of each step land in {@code target/screenshots}.
 */
class BrowserFlowTest extends BrowserTest {

    private static final String OWNER_PASSWORD = "correct-horse-battery";
    private static final String ACCOUNTANT_PASSWORD = "ledger-lines-and-tea";

    @Test
    void ownerInvitesAnAccountantWhoReadsVenuesButCannotEditThemNorSeeUsers() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ownerEmail = "owner-" + suffix + "@example.com";
        String accountantEmail = "accountant-" + suffix + "@example.com";

        // Sign up: currency, time zone and language keep their defaults.
        open("/signup");
        type("businessName", "Browser Bistro " + suffix);
        type("ownerName", "Olga Owner");
        type("email", ownerEmail);
        type("password", OWNER_PASSWORD);
        page("01-signup-filled");
        submit("/signup");
        wait.until(ExpectedConditions.urlContains("/login"));
        assertThat(path()).isEqualTo("/login");
        assertThat(visible(By.cssSelector(".alert-success")).getText())
                .contains("Your business is ready");
        assertThat(driver.findElement(By.name("email")).getDomProperty("value")).isEqualTo(ownerEmail);

        // The owner logs in and lands on the dashboard.
        logIn(ownerEmail, OWNER_PASSWORD);
        page("02-dashboard");
        assertThat(path()).isEqualTo("/");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("Hello").contains("Olga Owner");

        // The owner invites an accountant and reads the temporary password, shown once.
        open("/settings/users/new");
        assertThat(visible(By.tagName("h1")).getText()).isEqualTo("Invite a user");
        type("email", accountantEmail);
        type("fullName", "Anna Accountant");
        new Select(driver.findElement(By.name("role"))).selectByValue("ACCOUNTANT");
        page("03-invite-form");
        submit("/settings/users/new");
        String temporaryPassword = visible(By.id("temporaryPassword")).getDomProperty("value");
        page("04-invited");
        assertThat(temporaryPassword).isNotBlank();
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Anna Accountant", accountantEmail);
        logOut();

        // The accountant logs in with it and must choose a password first.
        logIn(accountantEmail, temporaryPassword);
        wait.until(ExpectedConditions.urlContains("/settings/profile?mustChange"));
        assertThat(visible(By.cssSelector(".alert-warning")).getText()).contains("temporary password");
        type("currentPassword", temporaryPassword);
        type("newPassword", ACCOUNTANT_PASSWORD);
        type("confirmPassword", ACCOUNTANT_PASSWORD);
        page("05-accountant-password");
        submit("/settings/profile/password");
        assertThat(visible(By.cssSelector(".alert-success")).getText()).contains("Password changed");

        // Venues: readable, but no way to create one.
        open("/settings/venues");
        page("06-venues-as-accountant");
        assertThat(path()).isEqualTo("/settings/venues");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Venues");
        assertThat(driver.findElements(By.cssSelector("table tbody tr"))).isNotEmpty();
        assertThat(driver.findElements(By.linkText("New venue"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("a[href$='/settings/venues/new']"))).isEmpty();

        // A venue: its details are shown, with no form to save them.
        WebElement firstVenue = driver.findElement(By.cssSelector("table tbody tr td a"));
        String venueName = firstVenue.getText();
        firstVenue.click();
        wait.until(ExpectedConditions.urlMatches("/settings/venues/[0-9a-f-]{36}$"));
        page("07-venue-as-accountant");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains(venueName);
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Europe/Kyiv");
        assertThat(driver.findElements(By.xpath("//form[.//button[normalize-space()='Save']]"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("form[action*='/settings/venues/']"))).isEmpty();

        // Users are for owners only.
        open("/settings/users");
        page("08-forbidden");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("403");
        assertThat(driver.getPageSource()).contains("403").contains("Your role does not allow this page.")
                .doesNotContain(ownerEmail);

        open("/");
        logOut();
    }

    private String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    private void type(String name, String text) {
        WebElement field = visible(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    private void logIn(String email, String password) {
        if (!path().equals("/login")) {
            open("/login");
        }
        type("email", email);
        type("password", password);
        submit("/login");
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void logOut() {
        WebElement button = visible(By.xpath("//form[contains(@action, '/logout')]//button[normalize-space()='Log out']"));
        button.click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));
        assertThat(visible(By.cssSelector(".alert-info")).getText()).contains("You have logged out");
    }

}
