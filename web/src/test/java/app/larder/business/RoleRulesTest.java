package app.larder.business;

import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** Each role allowed where it should be and denied elsewhere, through the API and through the pages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleRulesTest extends IntegrationTest {

    private TestBusiness cafe;
    private Map<String, String> tokens;
    private Map<String, MockHttpSession> sessions;

    @BeforeAll
    void staff() throws Exception {
        cafe = signUp("Roles Café");
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        tokens = Map.of("OWNER", cafe.ownerToken(), "MANAGER", manager.token(), "ACCOUNTANT", accountant.token());
        sessions = Map.of("OWNER", login(cafe.ownerEmail(), PASSWORD),
                "MANAGER", withOwnPassword(manager), "ACCOUNTANT", withOwnPassword(accountant));
    }

    private MockHttpSession withOwnPassword(InvitedUser user) throws Exception {
        MockHttpSession session = login(user.email(), user.temporaryPassword());
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                .param("currentPassword", user.temporaryPassword()).param("newPassword", PASSWORD)
                .param("confirmPassword", PASSWORD));
        return session;
    }

    @Test
    void everyRoleReadsVenuesStoragesAndItself() throws Exception {
        for (String role : tokens.keySet()) {
            assertApi(role, get("/api/v1/venues"), 200);
            assertApi(role, get("/api/v1/venues/{id}", cafe.venueId()), 200);
            assertApi(role, get("/api/v1/storages"), 200);
            assertApi(role, get("/api/v1/me"), 200);
            assertPage(role, get("/"), 200);
            assertPage(role, get("/settings/venues"), 200);
            assertPage(role, get("/settings/venues/{id}", cafe.venueId()), 200);
            assertPage(role, get("/settings/profile"), 200);
        }
    }

    @Test
    void onlyTheOwnerShapesVenues() throws Exception {
        assertApi("MANAGER", json(post("/api/v1/venues"), venue("Manager's venue")), 403);
        assertApi("ACCOUNTANT", json(post("/api/v1/venues"), venue("Accountant's venue")), 403);
        assertApi("ACCOUNTANT", json(put("/api/v1/venues/{id}", cafe.venueId()), venue("Renamed")), 403);
        assertApi("MANAGER", post("/api/v1/venues/{id}/archive", cafe.venueId()), 403);
        assertApi("OWNER", json(post("/api/v1/venues"), venue("Owner's venue")), 201);

        assertPage("MANAGER", get("/settings/venues/new"), 403);
        assertPage("ACCOUNTANT", get("/settings/venues/new"), 403);
        assertPage("ACCOUNTANT", post("/settings/venues/{id}", cafe.venueId()).param("name", "X")
                .param("timezone", "Europe/Kyiv"), 403);
        assertPage("OWNER", get("/settings/venues/new"), 200);
    }

    @Test
    void ownersAndManagersKeepStoragesAccountantsDoNot() throws Exception {
        assertApi("OWNER", json(post("/api/v1/storages"), storage("Bar")), 201);
        assertApi("MANAGER", json(post("/api/v1/storages"), storage("Kitchen")), 201);
        assertApi("ACCOUNTANT", json(post("/api/v1/storages"), storage("Safe")), 403);
        assertApi("ACCOUNTANT", json(put("/api/v1/storages/{id}", cafe.storageId()), "{\"name\": \"X\"}"), 403);
        assertPage("ACCOUNTANT", post("/settings/venues/{id}/storages", cafe.venueId()).param("name", "Y"), 403);
    }

    @Test
    void onlyTheOwnerManagesUsersSettingsAndTheAuditLog() throws Exception {
        for (String role : new String[]{"MANAGER", "ACCOUNTANT"}) {
            assertApi(role, get("/api/v1/users"), 403);
            assertApi(role, json(post("/api/v1/users"), """
                    {"email": "%s", "fullName": "X", "role": "OWNER"}""".formatted(uniqueEmail("x"))), 403);
            assertPage(role, get("/settings/users"), 403);
            assertPage(role, get("/settings/users/new"), 403);
            assertPage(role, get("/settings/business"), 403);
            assertPage(role, get("/settings/audit"), 403);
        }
        assertApi("OWNER", get("/api/v1/users"), 200);
        assertPage("OWNER", get("/settings/users"), 200);
        assertPage("OWNER", get("/settings/business"), 200);
        assertPage("OWNER", get("/settings/audit"), 200);
    }

    private void assertApi(String role, MockHttpServletRequestBuilder request, int expected) throws Exception {
        int status = mvc.perform(request.with(bearer(tokens.get(role)))).andReturn().getResponse().getStatus();
        assertThat(status).as(role + " " + request).isEqualTo(expected);
    }

    private void assertPage(String role, MockHttpServletRequestBuilder request, int expected) throws Exception {
        int status = mvc.perform(request.with(csrf()).session(sessions.get(role))).andReturn().getResponse()
                .getStatus();
        assertThat(status).as(role + " page " + request).isEqualTo(expected);
    }

    private static String venue(String name) {
        return "{\"name\": \"%s\", \"timezone\": \"Europe/Kyiv\"}".formatted(name + " " + System.nanoTime());
    }

    private String storage(String name) {
        return "{\"venueId\": \"%s\", \"name\": \"%s\"}".formatted(cafe.venueId(), name);
    }
}
