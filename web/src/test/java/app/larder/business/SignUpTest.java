package app.larder.business;

import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

class SignUpTest extends IntegrationTest {

    @Test
    void signUpCreatesTheBusinessItsOwnerAFirstVenueAndItsMainStorage() throws Exception {
        TestBusiness cafe = signUp("Corner Café");

        mvc.perform(get("/api/v1/me").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("OWNER"))
                .andExpect(jsonPath("$.businessName").value("Corner Café"))
                .andExpect(jsonPath("$.currency").value("UAH"))
                .andExpect(jsonPath("$.timezone").value("Europe/Kyiv"));
        mvc.perform(get("/api/v1/venues").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].id").value(cafe.venueId().toString()))
                .andExpect(jsonPath("$.items[0].name").value("Corner Café"));
        mvc.perform(get("/api/v1/storages").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].id").value(cafe.storageId().toString()))
                .andExpect(jsonPath("$.items[0].venueId").value(cafe.venueId().toString()))
                .andExpect(jsonPath("$.items[0].name").value("Main storage"));
    }

    @Test
    void aTakenEmailIsRefusedWithAClearMessageWhateverItsCase() throws Exception {
        TestBusiness first = signUp("First Bar");

        mvc.perform(json(post("/api/v1/signup").with(fromNewClient()), """
                        {"businessName": "Second Bar", "email": "%s", "password": "%s",
                         "currency": "EUR", "timezone": "Europe/Berlin", "locale": "en"}"""
                        .formatted(first.ownerEmail().toUpperCase(), PASSWORD)))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("email"))
                .andExpect(jsonPath("$.detail").value(containsString("already has a Larder account")));
    }

    @Test
    void missingAndMalformedFieldsAreListedByField() throws Exception {
        mvc.perform(json(post("/api/v1/signup").with(fromNewClient()), """
                        {"businessName": " ", "email": "not-an-email", "password": "",
                         "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("businessName")))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("email")))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("password")));
    }

    @Test
    void unknownCurrencyTimeZoneOrLanguageAndShortPasswordsAreRefused() throws Exception {
        String template = """
                {"businessName": "Odd", "email": "%s", "password": "%s",
                 "currency": "%s", "timezone": "%s", "locale": "%s"}""";
        String[][] cases = {
                {PASSWORD, "XYZ", "Europe/Kyiv", "en", "currency"},
                {PASSWORD, "UAH", "Mars/Olympus", "en", "timezone"},
                {PASSWORD, "UAH", "Europe/Kyiv", "de", "locale"},
                {"short", "UAH", "Europe/Kyiv", "en", "password"},
                {"ü".repeat(40), "UAH", "Europe/Kyiv", "en", "password"},
        };
        for (String[] c : cases) {
            String email = uniqueEmail("odd");
            mvc.perform(json(post("/api/v1/signup").with(fromNewClient()),
                            template.formatted(email, c[0], c[1], c[2], c[3])))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value(c[4]));
            // Nothing was created: the e-mail is still free.
            mvc.perform(json(post("/api/v1/auth/tokens").with(fromNewClient()),
                            "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, c[0])))
                    .andExpect(status().isUnauthorized());
        }
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        mvc.perform(json(post("/api/v1/signup").with(fromNewClient()), "{\"businessName\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
    }

    @Test
    void oneAddressCannotSignUpMoreThanTheHourlyLimit() throws Exception {
        RequestPostProcessor sameClient = fromNewClient();
        for (int i = 0; i < 10; i++) {
            mvc.perform(json(post("/api/v1/signup").with(sameClient), """
                            {"businessName": "Spam %d", "email": "%s", "password": "%s",
                             "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en"}"""
                            .formatted(i, uniqueEmail("spam"), PASSWORD)))
                    .andExpect(status().isCreated());
        }
        mvc.perform(json(post("/api/v1/signup").with(sameClient), """
                        {"businessName": "Spam 11", "email": "%s", "password": "%s",
                         "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en"}"""
                        .formatted(uniqueEmail("spam"), PASSWORD)))
                .andExpect(status().isTooManyRequests());
    }

    @Test
    void theSignUpPageShowsFieldErrorsAndThenSendsToLogin() throws Exception {
        mvc.perform(get("/signup")).andExpect(status().isOk()).andExpect(view().name("business/signup"));

        mvc.perform(post("/signup").with(csrf()).with(fromNewClient())
                        .param("businessName", "").param("email", "nope").param("password", "short")
                        .param("currency", "UAH").param("timezone", "Europe/Kyiv").param("locale", "en-GB"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("form", "businessName", "email"))
                .andExpect(content().string(containsString("Fill this in.")));

        String email = uniqueEmail("page");
        mvc.perform(post("/signup").with(csrf()).with(fromNewClient())
                        .param("businessName", "Page Café").param("ownerName", "Iryna").param("email", email)
                        .param("password", PASSWORD).param("currency", "EUR").param("timezone", "Europe/Kyiv")
                        .param("locale", "uk-UA"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login?email=" + email.replace("@", "%40")))
                .andExpect(flash().attribute("success", "signup.done"));
        login(email, PASSWORD);
    }

    @Test
    void signUpWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/signup").with(fromNewClient()).param("businessName", "X"))
                .andExpect(status().isForbidden());
    }
}
