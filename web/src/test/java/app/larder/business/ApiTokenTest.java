package app.larder.business;

import app.larder.platform.tenancy.TenantContext;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ApiTokenTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aTokenIsIssuedForTheRightPasswordOnlyAndTheSameAnswerHidesWhetherTheEmailExists() throws Exception {
        TestBusiness cafe = signUp("Token Café");
        String wrongPassword = mvc.perform(json(post("/api/v1/auth/tokens").with(fromNewClient()),
                        "{\"email\": \"%s\", \"password\": \"nope-nope-nope\"}".formatted(cafe.ownerEmail())))
                .andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString();
        String unknownEmail = mvc.perform(json(post("/api/v1/auth/tokens").with(fromNewClient()),
                        "{\"email\": \"x%s\", \"password\": \"nope-nope-nope\"}".formatted(cafe.ownerEmail())))
                .andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<String>read(wrongPassword, "$.detail"))
                .isEqualTo(JsonPath.read(unknownEmail, "$.detail"));
    }

    @Test
    void aTokenIsStoredOnlyAsItsHashAndStopsWorkingWhenRevoked() throws Exception {
        TestBusiness cafe = signUp("Hash Café");
        String body = mvc.perform(json(post("/api/v1/auth/tokens").with(fromNewClient()), """
                        {"email": "%s", "password": "%s", "name": "Accounting export"}"""
                        .formatted(cafe.ownerEmail(), PASSWORD)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("Accounting export"))
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(body, "$.token");
        UUID tokenId = uuid(body, "$.id");

        List<String> stored = TenantContext.callAs(TenantContext.Actor.system(cafe.id()), () ->
                new TransactionTemplate(transactions).execute(s ->
                        jdbc.queryForList("select token_hash from api_token where id = ?", String.class, tokenId)));
        assertThat(stored).containsExactly(ApiTokens.hash(token));
        assertThat(stored.get(0)).doesNotContain(token.substring(4));

        mvc.perform(get("/api/v1/me").with(bearer(token))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/auth/tokens").with(bearer(token)))
                .andExpect(jsonPath("$[?(@.id == '%s')].name".formatted(tokenId)).value("Accounting export"))
                .andExpect(jsonPath("$[0].token").doesNotExist());

        mvc.perform(delete("/api/v1/auth/tokens/{id}", tokenId).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").with(bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(containsString("revoked")));
        mvc.perform(get("/api/v1/me").with(bearer(cafe.ownerToken()))).andExpect(status().isOk());
    }

    @Test
    void apiCallsWithoutOrWithAForgedTokenAreUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/venues")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/venues").with(bearer("lrd_forged"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/venues").with(bearer("something-else"))).andExpect(status().isUnauthorized());
    }

    @Test
    void theProfilePageIssuesATokenShownOnceAndRevokesIt() throws Exception {
        TestBusiness cafe = signUp("Profile Token Café");
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);
        String token = (String) mvc.perform(post("/settings/profile/tokens").with(csrf()).session(session)
                        .param("name", "Spreadsheet"))
                .andExpect(flash().attributeExists("issuedToken"))
                .andReturn().getFlashMap().get("issuedToken");
        mvc.perform(get("/api/v1/me").with(bearer(token))).andExpect(status().isOk());

        String list = mvc.perform(get("/api/v1/auth/tokens").with(bearer(token)))
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.<List<String>>read(list, "$[?(@.name == 'Spreadsheet')].id").get(0);
        mvc.perform(post("/settings/profile/tokens/{id}/revoke", id).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/me").with(bearer(token))).andExpect(status().isUnauthorized());
    }

    @Test
    void aUserCannotRevokeSomeoneElsesToken() throws Exception {
        TestBusiness cafe = signUp("Other Token Café");
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        String list = mvc.perform(get("/api/v1/auth/tokens").with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        String ownerTokenId = JsonPath.<List<String>>read(list, "$[*].id").get(0);
        mvc.perform(delete("/api/v1/auth/tokens/{id}", ownerTokenId).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/me").with(bearer(cafe.ownerToken()))).andExpect(status().isOk());
    }
}
