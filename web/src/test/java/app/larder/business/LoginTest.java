package app.larder.business;

import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class LoginTest extends IntegrationTest {

    @Test
    void pagesNeedALoginAndTheDashboardGreetsTheOwner() throws Exception {
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));

        TestBusiness cafe = signUp("Greeting Café");
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Hello, Owner of Greeting Café")))
                .andExpect(content().string(containsString("Venues and storages")));
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() throws Exception {
        TestBusiness cafe = signUp("Careful Café");
        mvc.perform(post("/login").with(csrf()).with(fromNewClient())
                        .param("email", cafe.ownerEmail()).param("password", "wrong-password"))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(post("/login").with(csrf()).with(fromNewClient())
                        .param("email", "nobody-" + cafe.ownerEmail()).param("password", "wrong-password"))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(containsString("Invalid e-mail or password.")));
    }

    /** Staff signing in all day behind one café's address are not guessing: only wrong passwords count. */
    @Test
    void rightPasswordsFromOneAddressAreNeverStopped() throws Exception {
        TestBusiness cafe = signUp("Busy Café");
        var sameClient = fromNewClient();
        for (int i = 0; i < 65; i++) {
            mvc.perform(post("/login").with(csrf()).with(sameClient)
                            .param("email", cafe.ownerEmail()).param("password", PASSWORD))
                    .andExpect(redirectedUrl("/"));
        }
    }

    @Test
    void tooManyPasswordAttemptsFromOneAddressAreStopped() throws Exception {
        var sameClient = fromNewClient();
        for (int i = 0; i < 60; i++) {
            mvc.perform(post("/login").with(csrf()).with(sameClient)
                    .param("email", "guess@example.com").param("password", "guess-" + i))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login").with(csrf()).with(sameClient)
                        .param("email", "guess@example.com").param("password", "one-more"))
                .andExpect(redirectedUrl("/login?tooMany"));
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        TestBusiness cafe = signUp("Leaving Café");
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(post("/logout").with(csrf()).session(session)).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/").session(session)).andExpect(status().is3xxRedirection());
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndTheNewOneTwice() throws Exception {
        TestBusiness cafe = signUp("Password Café");
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);

        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                        .param("currentPassword", "not-the-password").param("newPassword", "a-new-long-password")
                        .param("confirmPassword", "a-new-long-password"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "currentPassword", "password.currentWrong"));
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                        .param("currentPassword", PASSWORD).param("newPassword", "a-new-long-password")
                        .param("confirmPassword", "another-password"))
                .andExpect(model().attributeHasFieldErrorCode("form", "confirmPassword", "password.mismatch"));
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                        .param("currentPassword", PASSWORD).param("newPassword", "short")
                        .param("confirmPassword", "short"))
                .andExpect(model().attributeHasFieldErrorCode("form", "newPassword", "password.tooShort"));
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                        .param("currentPassword", PASSWORD).param("newPassword", "a-new-long-password")
                        .param("confirmPassword", "a-new-long-password"))
                .andExpect(redirectedUrl("/settings/profile"));

        mvc.perform(post("/login").with(csrf()).with(fromNewClient())
                        .param("email", cafe.ownerEmail()).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
        login(cafe.ownerEmail(), "a-new-long-password");
    }
}
