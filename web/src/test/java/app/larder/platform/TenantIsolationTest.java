package app.larder.platform;

import app.larder.platform.tenancy.TenantContext;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Two businesses with the same names of things. Each tries the other's ids everywhere and gets 404; under the
 * application, PostgreSQL's row-level security hides the other's rows even from a query that forgets its filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness a;
    private TestBusiness b;
    private InvitedUser bManager;
    private UUID bTokenId;

    @BeforeAll
    void twoBusinessesWithTheSameNames() throws Exception {
        a = signUp("Twin Café");
        b = signUp("Twin Café");
        for (TestBusiness business : List.of(a, b)) {
            mvc.perform(json(post("/api/v1/storages").with(bearer(business.ownerToken())),
                    "{\"venueId\": \"%s\", \"name\": \"Bar\"}".formatted(business.venueId())));
        }
        bManager = invite(b, "MANAGER", "[]");
        String tokens = mvc.perform(get("/api/v1/auth/tokens").with(bearer(b.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        bTokenId = UUID.fromString(JsonPath.<List<String>>read(tokens, "$[*].id").get(0));
    }

    @Test
    void everyApiCallWithTheOtherBusinessesIdsAnswers404AndChangesNothing() throws Exception {
        List<MockHttpServletRequestBuilder> calls = List.of(
                get("/api/v1/venues/{id}", b.venueId()),
                json(put("/api/v1/venues/{id}", b.venueId()), "{\"name\": \"Hijacked\", \"timezone\": \"Europe/Kyiv\"}"),
                post("/api/v1/venues/{id}/archive", b.venueId()),
                post("/api/v1/venues/{id}/restore", b.venueId()),
                get("/api/v1/storages/{id}", b.storageId()),
                get("/api/v1/storages").param("venueId", b.venueId().toString()),
                json(put("/api/v1/storages/{id}", b.storageId()), "{\"name\": \"Hijacked\"}"),
                post("/api/v1/storages/{id}/archive", b.storageId()),
                post("/api/v1/storages/{id}/restore", b.storageId()),
                get("/api/v1/users/{id}", b.ownerId()),
                get("/api/v1/users/{id}", bManager.id()),
                json(put("/api/v1/users/{id}", bManager.id()), "{\"role\": \"OWNER\"}"),
                post("/api/v1/users/{id}/deactivate", b.ownerId()),
                post("/api/v1/users/{id}/activate", bManager.id()),
                delete("/api/v1/auth/tokens/{id}", bTokenId));
        for (MockHttpServletRequestBuilder call : calls) {
            int status = mvc.perform(call.with(bearer(a.ownerToken()))).andReturn().getResponse().getStatus();
            assertThat(status).as(call.toString()).isEqualTo(404);
        }
        String venue = mvc.perform(get("/api/v1/venues/{id}", b.venueId()).with(bearer(b.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<String>read(venue, "$.name")).isEqualTo("Twin Café");
        assertThat(JsonPath.<Boolean>read(venue, "$.archived")).isFalse();
        mvc.perform(get("/api/v1/me").with(bearer(b.ownerToken())))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
    }

    @Test
    void creatingThingsWithTheOtherBusinessesIdsIsRefused() throws Exception {
        int storage = mvc.perform(json(post("/api/v1/storages").with(bearer(a.ownerToken())),
                "{\"venueId\": \"%s\", \"name\": \"Spy\"}".formatted(b.venueId()))).andReturn().getResponse()
                .getStatus();
        assertThat(storage).isEqualTo(422);
        int user = mvc.perform(json(post("/api/v1/users").with(bearer(a.ownerToken())), """
                {"email": "%s", "fullName": "Spy", "role": "MANAGER", "venueIds": ["%s"]}"""
                .formatted(uniqueEmail("spy"), b.venueId()))).andReturn().getResponse().getStatus();
        assertThat(user).isEqualTo(422);
    }

    @Test
    void listsShowOnlyTheBusinessesOwnRows() throws Exception {
        for (TestBusiness business : List.of(a, b)) {
            String venues = mvc.perform(get("/api/v1/venues").with(bearer(business.ownerToken())))
                    .andReturn().getResponse().getContentAsString();
            assertThat(JsonPath.<List<String>>read(venues, "$.items[*].id"))
                    .containsExactly(business.venueId().toString());
            String storages = mvc.perform(get("/api/v1/storages").with(bearer(business.ownerToken())))
                    .andReturn().getResponse().getContentAsString();
            assertThat(JsonPath.<List<String>>read(storages, "$.items[*].venueId")).hasSize(2)
                    .containsOnly(business.venueId().toString());
        }
    }

    @Test
    void everyPageWithTheOtherBusinessesIdsAnswers404() throws Exception {
        MockHttpSession session = login(a.ownerEmail(), PASSWORD);
        List<MockHttpServletRequestBuilder> pages = List.of(
                get("/settings/venues/{id}", b.venueId()),
                post("/settings/venues/{id}", b.venueId()).param("name", "Hijacked").param("timezone", "Europe/Kyiv"),
                post("/settings/venues/{id}/archive", b.venueId()),
                post("/settings/venues/{id}/storages", b.venueId()).param("name", "Spy"),
                post("/settings/storages/{id}/rename", b.storageId()).param("name", "Spy"),
                post("/settings/storages/{id}/archive", b.storageId()),
                get("/settings/users/{id}", b.ownerId()),
                post("/settings/users/{id}", bManager.id()).param("fullName", "X").param("role", "OWNER"),
                post("/settings/users/{id}/deactivate", b.ownerId()),
                post("/settings/profile/tokens/{id}/revoke", bTokenId));
        for (MockHttpServletRequestBuilder page : pages) {
            int status = mvc.perform(page.with(csrf()).session(session)).andReturn().getResponse().getStatus();
            assertThat(status).as(page.toString()).isEqualTo(404);
        }
    }

    @Test
    void rawSqlWithoutATenantFilterSeesOnlyTheCurrentTenantsRows() {
        List<UUID> seen = inTenant(a.id(), () -> jdbc.queryForList("select tenant_id from venue", UUID.class));
        assertThat(seen).isNotEmpty().containsOnly(a.id());
        Integer others = inTenant(a.id(), () -> jdbc.queryForObject(
                "select count(*) from storage where tenant_id = ?", Integer.class, b.id()));
        assertThat(others).isZero();
        Integer users = inTenant(a.id(), () -> jdbc.queryForObject(
                "select count(*) from app_user where id = ?", Integer.class, bManager.id()));
        assertThat(users).isZero();
    }

    /** A view runs as its owner unless told otherwise: the unit cost view must keep the reader's policies. */
    @Test
    void theUnitCostViewShowsOnlyTheCurrentTenantsCosts() throws Exception {
        for (TestBusiness business : List.of(a, b)) {
            mvc.perform(json(post("/api/v1/ingredients").with(bearer(business.ownerToken())),
                    "{\"name\": \"Milk\", \"unit\": \"l\", \"unitCost\": \"40\"}"));
        }
        List<UUID> seen = inTenant(a.id(), () -> jdbc.queryForList("select tenant_id from current_unit_cost",
                UUID.class));
        assertThat(seen).isNotEmpty().containsOnly(a.id());
        Boolean invoker = jdbc.queryForObject("select 'security_invoker=true' = any(reloptions) from pg_class "
                + "where relname = 'current_unit_cost'", Boolean.class);
        assertThat(invoker).isTrue();
    }

    @Test
    void withNoTenantInContextNoTenantRowIsVisible() {
        List<Map<String, Object>> venues = new TransactionTemplate(transactions).execute(s ->
                jdbc.queryForList("select * from venue"));
        assertThat(venues).isEmpty();
    }

    @Test
    void theDatabaseRefusesToWriteARowForAnotherTenant() {
        assertThatThrownBy(() -> inTenant(a.id(), () -> jdbc.update(
                "insert into venue (tenant_id, id, name, timezone, archived, created_at, version) "
                        + "values (?, ?, 'Planted', 'Europe/Kyiv', false, now(), 0)", b.id(), UUID.randomUUID())))
                .rootCause().hasMessageContaining("violates row-level security policy");
        Integer changed = inTenant(a.id(), () -> jdbc.update("update venue set name = 'Hijacked' where tenant_id = ?",
                b.id()));
        assertThat(changed).isZero();
    }

    @Test
    void everyTableWithATenantIdHasForcedRowLevelSecurityAndAPolicy() {
        List<Map<String, Object>> tables = jdbc.queryForList("""
                select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind = 'r'
                  and exists (select 1 from information_schema.columns col
                              where col.table_schema = 'public' and col.table_name = c.relname
                                and col.column_name = 'tenant_id')
                  and c.relname <> 'tenant_directory'""");
        assertThat(tables).extracting(t -> t.get("relname"))
                .contains("business", "venue", "storage", "app_user", "app_user_venue", "api_token", "audit_entry",
                        "ingredient", "processing_method", "ingredient_unit_cost", "semi_finished_product",
                        "tech_card", "tech_card_line", "cost_price", "cost_price_change", "menu_category", "menu_item",
                        "menu_price", "modifier_group", "modifier_option", "menu_item_modifier_group", "menu_settings");
        for (Map<String, Object> table : tables) {
            assertThat(table.get("relrowsecurity")).as("RLS on " + table.get("relname")).isEqualTo(true);
            assertThat(table.get("relforcerowsecurity")).as("FORCE RLS on " + table.get("relname")).isEqualTo(true);
            assertThat((Long) table.get("policies")).as("policy on " + table.get("relname")).isEqualTo(1L);
        }
        // Every policy compares with the tenant computed once per statement, and checks writes the same way.
        List<Map<String, Object>> policies = jdbc.queryForList(
                "select tablename, qual, with_check from pg_policies where policyname = 'tenant_isolation'");
        assertThat(policies).hasSizeGreaterThanOrEqualTo(tables.size());
        for (Map<String, Object> policy : policies) {
            assertThat((String) policy.get("qual")).as("policy of " + policy.get("tablename"))
                    .contains("SELECT larder_current_tenant()");
            assertThat((String) policy.get("with_check")).as("write check of " + policy.get("tablename"))
                    .contains("SELECT larder_current_tenant()");
        }
    }

    @Test
    void theApplicationConnectsAsARoleThatCannotBypassRowLevelSecurity() {
        Map<String, Object> role = jdbc.queryForMap(
                "select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
        assertThat(role.get("rolsuper")).isEqualTo(false);
        assertThat(role.get("rolbypassrls")).isEqualTo(false);
        Integer owned = jdbc.queryForObject(
                "select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user",
                Integer.class);
        assertThat(owned).isZero();
    }

    private <T> T inTenant(UUID tenant, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(TenantContext.Actor.system(tenant), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
