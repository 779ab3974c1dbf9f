package app.larder.platform;

import app.larder.platform.tenancy.TenantContext;
import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class AuditLogTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void changesAreLoggedWithWhoDidThemAndTheOwnerCanFilterTheLog() throws Exception {
        TestBusiness cafe = signUp("Audited Café");
        mvc.perform(json(put("/api/v1/venues/{id}", cafe.venueId()).with(bearer(cafe.ownerToken())),
                "{\"name\": \"Audited Bistro\", \"timezone\": \"Europe/Kyiv\"}")).andExpect(status().isOk());
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        mvc.perform(json(post("/api/v1/storages").with(bearer(manager.token())),
                "{\"venueId\": \"%s\", \"name\": \"Cold room\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated());

        List<Map<String, Object>> log = inTenant(cafe.id(), () -> jdbc.queryForList(
                "select user_id, action, entity_type, entity_id, summary from audit_entry order by occurred_at"));
        assertThat(log).extracting(e -> e.get("action") + " " + e.get("entity_type"))
                .containsExactly("signed-up business", "issued api-token", "updated venue", "invited user",
                        "issued api-token", "created storage");
        Map<String, Object> rename = log.get(2);
        assertThat(rename.get("user_id")).isEqualTo(cafe.ownerId());
        assertThat(rename.get("entity_id")).isEqualTo(cafe.venueId());
        assertThat((String) rename.get("summary")).contains("\"Audited Café\"").contains("\"Audited Bistro\"");
        assertThat(log.get(5).get("user_id")).isEqualTo(manager.id());

        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/settings/audit").param("entityType", "storage").session(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Cold room")))
                .andExpect(content().string(not(containsString(">updated<"))));
        mvc.perform(get("/settings/audit").param("userId", manager.id().toString()).session(owner))
                .andExpect(content().string(containsString("Cold room")))
                .andExpect(content().string(not(containsString("signed up"))));
        mvc.perform(get("/settings/audit").param("q", "bistro").session(owner))
                .andExpect(content().string(containsString("Audited Bistro")));
    }

    @Test
    void theApplicationCannotRewriteOrEraseTheLog() throws Exception {
        TestBusiness cafe = signUp("Honest Café");
        assertThatThrownBy(() -> inTenant(cafe.id(), () -> jdbc.update("update audit_entry set summary = 'nothing'")))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> inTenant(cafe.id(), () -> jdbc.update("delete from audit_entry")))
                .rootCause().hasMessageContaining("permission denied");
    }

    private <T> T inTenant(UUID tenant, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(TenantContext.Actor.system(tenant), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
