package app.larder.support;

import com.jayway.jsonpath.JsonPath;
import jakarta.servlet.http.HttpSession;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Full-stack tests against a real PostgreSQL: the embedded one, started once per test JVM, or the database named by
 * {@code LARDER_TEST_DB_URL} (with {@code LARDER_TEST_DB_USER}/{@code _PASSWORD} for the application's role and
 * {@code LARDER_TEST_DB_OWNER}/{@code _OWNER_PASSWORD} for migrations). All such tests share one Spring context.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class IntegrationTest {

    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger CLIENTS = new AtomicInteger(1);

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    public static void externalDatabase(DynamicPropertyRegistry registry) {
        String url = System.getenv("LARDER_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> env("LARDER_TEST_DB_USER", "larder_app"));
            registry.add("spring.datasource.password", () -> env("LARDER_TEST_DB_PASSWORD", "larder_app"));
            registry.add("spring.liquibase.url", () -> url);
            registry.add("spring.liquibase.user", () -> env("LARDER_TEST_DB_OWNER", "postgres"));
            registry.add("spring.liquibase.password", () -> env("LARDER_TEST_DB_OWNER_PASSWORD", "postgres"));
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A signed-up business as the tests know it: ids, the owner's login, and an API token of the owner. */
    public record TestBusiness(UUID id, UUID ownerId, UUID venueId, UUID storageId, String ownerEmail,
                               String ownerToken) {
    }

    /** Each request from its own client address, so the per-address rate limits never trip by accident. */
    protected static RequestPostProcessor fromNewClient() {
        int n = CLIENTS.incrementAndGet();
        String address = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    protected static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected TestBusiness signUp(String businessName) throws Exception {
        String email = uniqueEmail("owner");
        String body = mvc.perform(post("/api/v1/signup").with(fromNewClient())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"businessName": "%s", "ownerName": "Owner of %s", "email": "%s", "password": "%s",
                                 "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en-GB"}"""
                                .formatted(businessName, businessName, email, PASSWORD)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return new TestBusiness(uuid(body, "$.businessId"), uuid(body, "$.ownerId"), uuid(body, "$.venueId"),
                uuid(body, "$.storageId"), email, token(email, PASSWORD));
    }

    protected String token(String email, String password) throws Exception {
        String body = mvc.perform(post("/api/v1/auth/tokens").with(fromNewClient())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, password)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.token");
    }

    /** Logs in through the login form, as a browser does, and returns the session. */
    protected MockHttpSession login(String email, String password) throws Exception {
        MvcResult result = mvc.perform(post("/login").with(fromNewClient()).with(csrf())
                        .param("email", email).param("password", password))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        HttpSession session = result.getRequest().getSession(false);
        if (session == null || result.getResponse().getRedirectedUrl().contains("error")) {
            throw new AssertionError("Login failed for " + email);
        }
        return (MockHttpSession) session;
    }

    /** Invites a user through the API as the owner and returns their API token (after they set a password). */
    protected InvitedUser invite(TestBusiness business, String role, String venueIdsJson) throws Exception {
        String email = uniqueEmail(role.toLowerCase());
        String body = mvc.perform(post("/api/v1/users").with(bearer(business.ownerToken()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"email": "%s", "fullName": "A %s", "role": "%s", "venueIds": %s}"""
                                .formatted(email, role, role, venueIdsJson)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String temporary = JsonPath.read(body, "$.temporaryPassword");
        return new InvitedUser(uuid(body, "$.user.id"), email, temporary, token(email, temporary));
    }

    public record InvitedUser(UUID id, String email, String temporaryPassword, String token) {
    }

    /** What a browser would submit from the form as rendered: every named field with its current value. */
    protected static Map<String, String> formOf(Document page, String selector) {
        Map<String, String> values = new LinkedHashMap<>();
        Element form = page.selectFirst(selector);
        if (form == null) {
            throw new AssertionError("No form " + selector + " on the page");
        }
        for (Element field : form.select("input[name], textarea[name], select[name]")) {
            if (field.hasAttr("disabled")) {
                continue;
            }
            String value = switch (field.tagName()) {
                case "select" -> {
                    Element chosen = field.selectFirst("option[selected]");
                    yield chosen != null ? chosen.val() : field.select("option").isEmpty() ? ""
                            : field.selectFirst("option").val();
                }
                case "textarea" -> field.text();
                default -> field.val();
            };
            values.put(field.attr("name"), value);
        }
        return values;
    }

    /** Posts a form's fields (as {@link #formOf} read them) in the session, with a fresh CSRF token. */
    protected static MockHttpServletRequestBuilder submitted(String path, Map<String, String> form,
                                                            MockHttpSession session) {
        MockHttpServletRequestBuilder request = post(path).with(csrf()).session(session);
        form.forEach((name, value) -> {
            if (!name.equals("_csrf")) {
                request.param(name, value);
            }
        });
        return request;
    }

    protected static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    protected static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder builder, String body) {
        return builder.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    protected static UUID uuid(String json, String path) {
        return UUID.fromString(JsonPath.read(json, path));
    }
}
