package app.larder.platform;

import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The schema, the public endpoints, and what no user may ever see. */
class PlatformTest extends IntegrationTest {

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;

    /** The context started, so Hibernate found every mapping matching the schema Liquibase built. */
    @Test
    void liquibaseBuildsTheSchemaAndHibernateOnlyValidatesIt() {
        assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
        // The application's role may not even read Liquibase's own tables: least privilege.
        Boolean changelog = jdbc.queryForObject(
                "select to_regclass('public.databasechangelog') is not null", Boolean.class);
        assertThat(changelog).isTrue();
    }

    @Test
    void healthAnswersLoadBalancersAndNothingElseOfActuatorIsPublic() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        for (String endpoint : new String[]{"/actuator/env", "/actuator/beans", "/actuator/metrics"}) {
            int status = mvc.perform(get(endpoint)).andReturn().getResponse().getStatus();
            assertThat(status).as(endpoint).isNotEqualTo(200);
        }
    }

    @Test
    void theApiIsDescribedInOpenApiWithABrowsableUi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("Larder API"))
                .andExpect(jsonPath("$.paths['/api/v1/venues'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/storages'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/users'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/signup'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/auth/tokens'].post").exists())
                .andExpect(jsonPath("$.components.securitySchemes.token.scheme").value("bearer"))
                .andExpect(content().string(not(containsString("CurrentUser"))));
        int ui = mvc.perform(get("/api-docs.html")).andReturn().getResponse().getStatus();
        assertThat(ui).isIn(200, 302);
    }

    @Test
    void anUnknownPageIsAFriendlyPageWithoutAStackTrace() throws Exception {
        TestBusiness cafe = signUp("Lost Café");
        var session = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/settings/venues/{id}", "not-a-uuid").session(session))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("This page does not exist")))
                .andExpect(content().string(not(containsString("Exception"))));
    }
}
