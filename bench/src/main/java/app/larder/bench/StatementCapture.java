package app.larder.bench;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import java.util.List;

/**
 * The benchmark's {@link NamedParameterJdbcTemplate} (in place of Spring Boot's): it remembers the last query run on
 * each thread, so that the benchmark can EXPLAIN exactly the statement a service built and ran, such as the menu
 * list's, which is put together per query.
 */
@Configuration(proxyBeanMethods = false)
class StatementCapture {

    record Statement(String sql, SqlParameterSource params) {
    }

    private static final ThreadLocal<Statement> LAST = new ThreadLocal<>();

    /** The last query that went through {@code query(sql, params, rowMapper)} on this thread. */
    static Statement last() {
        return LAST.get();
    }

    @Bean
    NamedParameterJdbcTemplate namedParameterJdbcTemplate(JdbcTemplate jdbcTemplate) {
        return new NamedParameterJdbcTemplate(jdbcTemplate) {
            @Override
            public <T> List<T> query(String sql, SqlParameterSource params, RowMapper<T> rowMapper) {
                LAST.set(new Statement(sql, params));
                return super.query(sql, params, rowMapper);
            }
        };
    }
}
