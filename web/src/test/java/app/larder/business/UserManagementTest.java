package app.larder.business;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

class UserManagementTest extends IntegrationTest {

    @Test
    void anInvitedUserMustChooseTheirOwnPasswordBeforeAnythingElse() throws Exception {
        TestBusiness cafe = signUp("Invite Café");
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");

        MockHttpSession session = login(accountant.email(), accountant.temporaryPassword());
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/settings/profile?mustChange"));
        mvc.perform(get("/settings/venues").session(session))
                .andExpect(redirectedUrl("/settings/profile?mustChange"));
        mvc.perform(post("/settings/profile/password").with(csrf()).session(session)
                        .param("currentPassword", accountant.temporaryPassword()).param("newPassword", PASSWORD)
                        .param("confirmPassword", PASSWORD))
                .andExpect(redirectedUrl("/settings/profile"));
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
    }

    @Test
    void theInvitePageShowsTheTemporaryPasswordOnceAndFieldErrors() throws Exception {
        TestBusiness cafe = signUp("Invite Page Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        // The dashboard suggests inviting the team only while the owner is alone.
        mvc.perform(get("/").session(owner)).andExpect(content().string(containsString("/settings/users/new")));

        mvc.perform(post("/settings/users/new").with(csrf()).session(owner)
                        .param("email", cafe.ownerEmail()).param("fullName", "Twin").param("role", "MANAGER"))
                .andExpect(view().name("business/user-new"))
                .andExpect(model().attributeHasFieldErrorCode("form", "email", "user.emailTaken"));
        mvc.perform(post("/settings/users/new").with(csrf()).session(owner)
                        .param("email", "").param("fullName", "").param("role", "MANAGER"))
                .andExpect(model().attributeHasFieldErrors("form", "email", "fullName"));
        String email = uniqueEmail("barista");
        mvc.perform(post("/settings/users/new").with(csrf()).session(owner)
                        .param("email", email).param("fullName", "Bohdan Barista").param("role", "MANAGER")
                        .param("venueIds", cafe.venueId().toString()))
                .andExpect(redirectedUrl("/settings/users/invited"))
                .andExpect(flash().attribute("invitedName", "Bohdan Barista"))
                .andExpect(flash().attributeExists("temporaryPassword"));
        mvc.perform(get("/settings/users/invited").session(owner))
                .andExpect(view().name("business/user-invited"))
                .andExpect(content().string(containsString("Bohdan Barista")));
        // Once only: the password lived in the flash, and a reload sends back to the list.
        mvc.perform(get("/settings/users/invited").session(owner)).andExpect(redirectedUrl("/settings/users"));
        mvc.perform(get("/").session(owner))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("/settings/users/new"))));
    }

    @Test
    void aUserLimitedToOneVenueSeesOnlyThatVenueAndItsStorages() throws Exception {
        TestBusiness cafe = signUp("Two Venue Café");
        String second = mvc.perform(json(post("/api/v1/venues").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Second Street\", \"timezone\": \"Europe/Kyiv\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID secondId = uuid(second, "$.id");
        InvitedUser manager = invite(cafe, "MANAGER", "[\"%s\"]".formatted(secondId));

        mvc.perform(get("/api/v1/venues").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].id").value(secondId.toString()));
        mvc.perform(get("/api/v1/venues/{id}", cafe.venueId()).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/storages/{id}", cafe.storageId()).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/storages").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].venueId").value(secondId.toString()));
        mvc.perform(json(post("/api/v1/storages").with(bearer(manager.token())),
                        "{\"venueId\": \"%s\", \"name\": \"Sneaky\"}".formatted(cafe.venueId())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("venueId"));
    }

    @Test
    void theOwnerChangesRolesAndANewRoleCountsAtOnce() throws Exception {
        TestBusiness cafe = signUp("Promotion Café");
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(json(post("/api/v1/storages").with(bearer(accountant.token())),
                "{\"venueId\": \"%s\", \"name\": \"Cellar\"}".formatted(cafe.venueId())))
                .andExpect(status().isForbidden());

        mvc.perform(json(put("/api/v1/users/{id}", accountant.id()).with(bearer(cafe.ownerToken())),
                        "{\"role\": \"MANAGER\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("MANAGER"))
                .andExpect(jsonPath("$.fullName").value("A ACCOUNTANT"));
        mvc.perform(json(post("/api/v1/storages").with(bearer(accountant.token())),
                        "{\"venueId\": \"%s\", \"name\": \"Cellar\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated());
    }

    @Test
    void aDeactivatedUserIsLockedOutOfTheApiAndThePages() throws Exception {
        TestBusiness cafe = signUp("Farewell Café");
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        MockHttpSession session = login(manager.email(), manager.temporaryPassword());

        mvc.perform(post("/api/v1/users/{id}/deactivate", manager.id()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.active").value(false));

        mvc.perform(get("/api/v1/me").with(bearer(manager.token()))).andExpect(status().isUnauthorized());
        mvc.perform(get("/settings/profile").session(session)).andExpect(redirectedUrl("/login?deactivated"));
        mvc.perform(post("/login").with(csrf()).with(fromNewClient())
                        .param("email", manager.email()).param("password", manager.temporaryPassword()))
                .andExpect(redirectedUrl("/login?error"));

        mvc.perform(post("/api/v1/users/{id}/activate", manager.id()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.active").value(true));
        mvc.perform(get("/api/v1/me").with(bearer(manager.token()))).andExpect(status().isOk());
    }

    @Test
    void theLastActiveOwnerCannotBeDemotedOrDeactivated() throws Exception {
        TestBusiness cafe = signUp("Lonely Owner Café");
        mvc.perform(json(put("/api/v1/users/{id}", cafe.ownerId()).with(bearer(cafe.ownerToken())),
                        "{\"role\": \"MANAGER\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("at least one active owner")));
        mvc.perform(post("/api/v1/users/{id}/deactivate", cafe.ownerId()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isConflict());

        InvitedUser second = invite(cafe, "OWNER", "[]");
        mvc.perform(post("/api/v1/users/{id}/deactivate", cafe.ownerId()).with(bearer(second.token())))
                .andExpect(status().isOk());
        mvc.perform(json(put("/api/v1/users/{id}", second.id()).with(bearer(second.token())),
                        "{\"role\": \"ACCOUNTANT\"}"))
                .andExpect(status().isConflict());
    }

    @Test
    void invitationsAreCheckedBeforeAnythingIsStored() throws Exception {
        TestBusiness cafe = signUp("Strict Café");
        mvc.perform(json(post("/api/v1/users").with(bearer(cafe.ownerToken())), """
                        {"email": "%s", "fullName": "Ghost", "role": "MANAGER", "venueIds": ["%s"]}"""
                        .formatted(uniqueEmail("ghost"), UUID.randomUUID())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("venueIds"));
        mvc.perform(json(post("/api/v1/users").with(bearer(cafe.ownerToken())), """
                        {"email": "%s", "fullName": "Twin", "role": "MANAGER"}""".formatted(cafe.ownerEmail())))
                .andExpect(status().isConflict());
        mvc.perform(json(post("/api/v1/users").with(bearer(cafe.ownerToken())), """
                        {"email": "%s", "fullName": "Nobody", "role": "CHEF"}""".formatted(uniqueEmail("chef"))))
                .andExpect(status().isBadRequest());
        String users = mvc.perform(get("/api/v1/users").with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(JsonPath.<Integer>read(users, "$.totalItems")).isEqualTo(1);
    }

    @Test
    void theUserListSearchesFiltersSortsAndPages() throws Exception {
        TestBusiness cafe = signUp("Crowded Café");
        for (int i = 0; i < 3; i++) {
            invite(cafe, "MANAGER", "[]");
        }
        invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/users").param("role", "MANAGER").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(3));
        mvc.perform(get("/api/v1/users").param("q", "accountant").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/users").param("size", "2").param("page", "1").param("sort", "email,desc")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.totalPages").value(3));
        mvc.perform(get("/api/v1/users").param("size", "1000").with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
    }
}
