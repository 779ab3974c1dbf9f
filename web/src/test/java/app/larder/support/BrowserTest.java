package app.larder.support;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pages as a browser sees them: the application on a random port, driven by headless Chromium from Debian's
 * packages, a fresh profile per test. Skipped with a message where Chromium or its driver is missing
 * ({@code .ci/run} installs them). Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class BrowserTest {

    protected static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    protected static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    protected static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    protected int port;

    protected WebDriver driver;
    protected WebDriverWait wait;
    /** The API token {@link #api} sends, once a test has one. */
    protected String token;
    private Path profile;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        IntegrationTest.externalDatabase(registry);
    }

    @BeforeAll
    static void browserInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian: apt-get install chromium chromium-driver)");
    }

    @BeforeEach
    void openBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("larder-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--force-prefers-reduced-motion", "--window-size=1280,900", "--user-data-dir=" + profile);
        driver = new ChromeDriver(options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    protected void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    protected WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    protected void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
    }

    /** Submits the form posting to the given path and waits until the browser has left the page. */
    protected void submit(String action) {
        WebElement button = driver.findElement(By.cssSelector("form[action$='" + action + "'] button[type=submit]"));
        scrollTo(button);
        wait.until(ExpectedConditions.elementToBeClickable(button));
        // A toast or the end of a scroll may still cover the button for a moment on a slow machine: try again.
        wait.ignoring(ElementClickInterceptedException.class).until(d -> {
            button.click();
            return true;
        });
        wait.until(d -> left(button));
    }

    /**
     * Whether the page holding the element is gone. While the next page loads, Chromium may answer "node does not
     * belong to the document" instead of a stale element: that is leaving too.
     */
    private static boolean left(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Once the page has its heading: saves a screenshot (before any check, so a broken page is kept too), then checks
     * that every text was found in messages.properties (Thymeleaf shows a missing key as {@code ??key_locale??}).
     */
    protected void page(String name) throws IOException {
        visible(By.tagName("h1"));
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(driver.findElement(By.tagName("body")).getText()).as("missing messages on " + name)
                .doesNotContainPattern("\\?\\?[^?]+\\?\\?");
    }

    /** Posts JSON to the API (with {@link #token} when set), expects 201, returns the body. */
    protected String api(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(201);
        return response.body();
    }

    /** {@link #api}, returning the id of what was created. */
    protected String created(String path, String body) throws IOException, InterruptedException {
        return JsonPath.read(api(path, body), "$.id");
    }
}
