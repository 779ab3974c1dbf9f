package app.larder.business;

import app.larder.support.IntegrationTest;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class VenueManagementTest extends IntegrationTest {

    @Test
    void aVenueIsCreatedWithAMainStorageEditedArchivedAndRestored() throws Exception {
        TestBusiness cafe = signUp("Venue Café");
        String body = mvc.perform(json(post("/api/v1/venues").with(bearer(cafe.ownerToken())), """
                        {"name": "  Riverside  ", "address": "Naberezhna 5", "timezone": "Europe/Warsaw"}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("Riverside"))
                .andExpect(jsonPath("$.timezone").value("Europe/Warsaw"))
                .andReturn().getResponse().getContentAsString();
        UUID id = uuid(body, "$.id");
        mvc.perform(get("/api/v1/storages").param("venueId", id.toString()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].name").value("Main storage"));

        mvc.perform(json(put("/api/v1/venues/{id}", id).with(bearer(cafe.ownerToken())), """
                        {"name": "Riverside Bar", "address": "", "timezone": "Europe/Kyiv"}"""))
                .andExpect(jsonPath("$.name").value("Riverside Bar"))
                .andExpect(jsonPath("$.address").doesNotExist());

        mvc.perform(post("/api/v1/venues/{id}/archive", id).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(true));
        mvc.perform(get("/api/v1/venues").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/venues").param("includeArchived", "true").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(2));
        mvc.perform(post("/api/v1/venues/{id}/restore", id).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(false));
    }

    @Test
    void venueNamesAreUniqueInABusinessWhateverTheCase() throws Exception {
        TestBusiness cafe = signUp("Unique Café");
        mvc.perform(json(post("/api/v1/venues").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"unique café\", \"timezone\": \"Europe/Kyiv\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void theLastActiveVenueAndAVenuesLastStorageCannotBeArchived() throws Exception {
        TestBusiness cafe = signUp("Last Café");
        mvc.perform(post("/api/v1/venues/{id}/archive", cafe.venueId()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post("/api/v1/storages/{id}/archive", cafe.storageId()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(containsString("only active storage")));

        mvc.perform(json(post("/api/v1/storages").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Bar\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/storages/{id}/archive", cafe.storageId()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived").value(true));
    }

    @Test
    void storageNamesAreUniqueWithinAVenueAndNeedAName() throws Exception {
        TestBusiness cafe = signUp("Storage Café");
        mvc.perform(json(post("/api/v1/storages").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"MAIN STORAGE\"}".formatted(cafe.venueId())))
                .andExpect(status().isConflict());
        mvc.perform(json(post("/api/v1/storages").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"\"}".formatted(cafe.venueId())))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/storages").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"%s\"}".formatted(cafe.venueId(), "x".repeat(201))))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/storages").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Bar\"}".formatted(UUID.randomUUID())))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void theVenueListSearchesSortsAndPages() throws Exception {
        TestBusiness cafe = signUp("Chain Café");
        for (String name : new String[]{"Alpha", "Bravo", "Charlie"}) {
            mvc.perform(json(post("/api/v1/venues").with(bearer(cafe.ownerToken())),
                    "{\"name\": \"%s\", \"address\": \"%s street\", \"timezone\": \"Europe/Kyiv\"}"
                            .formatted(name, name.toLowerCase()))).andExpect(status().isCreated());
        }
        mvc.perform(get("/api/v1/venues").param("q", "BRAVO ST").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/venues").param("q", "%").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/venues").param("sort", "name,desc").param("size", "2")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].name").value("Charlie"))
                .andExpect(jsonPath("$.items[1].name").value("Chain Café"))
                .andExpect(jsonPath("$.totalPages").value(2));
        mvc.perform(get("/api/v1/venues").param("page", "-1").with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void theVenuePagesCreateEditAndShowFieldErrors() throws Exception {
        TestBusiness cafe = signUp("Page Venue Café");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(post("/settings/venues/new").with(csrf()).session(owner)
                        .param("name", "").param("timezone", "Europe/Kyiv"))
                .andExpect(model().attributeHasFieldErrors("form", "name"));
        mvc.perform(post("/settings/venues/new").with(csrf()).session(owner)
                        .param("name", "Page Venue Café").param("timezone", "Europe/Kyiv"))
                .andExpect(model().attributeHasFieldErrorCode("form", "name", "venue.nameTaken"))
                .andExpect(content().string(containsString("Another venue already has this name.")));
        mvc.perform(post("/settings/venues/new").with(csrf()).session(owner)
                        .param("name", "Harbour").param("address", "Port 1").param("timezone", "Europe/Kyiv"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "venue.created"));
        mvc.perform(get("/settings/venues").param("q", "harb").session(owner))
                .andExpect(content().string(containsString("Harbour")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(">Page Venue Café</a>"))));
        mvc.perform(post("/settings/venues/{id}/archive", cafe.venueId()).with(csrf()).session(owner))
                .andExpect(flash().attribute("success", "venue.archived"));
    }
}
