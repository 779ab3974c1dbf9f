package app.larder.platform.web;

import app.larder.platform.security.Accounts;
import app.larder.platform.security.Devices;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors: the JSON API under {@code /api/}, stateless with bearer tokens and no CSRF (no cookies are read there),
 * and the pages, with a session, CSRF, and form login. Both end in {@link CurrentUserFilter}, which sets the tenant
 * and reloads the user's role for the request. What each role may do is declared on the controllers.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String DEFAULT_REMEMBER_ME_KEY = "change-me-in-production";

    /** Terminals: device tokens only; pairing is the one open call. */
    @Bean
    @Order(0)
    SecurityFilterChain pos(HttpSecurity http, Devices devices, RateLimits limits) throws Exception {
        http.securityMatcher("/api/pos/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/pos/v1/pair").permitAll()
                        .anyRequest().hasRole("POS_DEVICE"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> Problems.write(res, 401, "Unauthorized",
                                "Send the device token: Authorization: Bearer <token>."))
                        .accessDeniedHandler((req, res, ex) -> Problems.write(res, 403, "Forbidden",
                                "Devices may only use the POS sync API.")))
                .addFilterBefore(new DeviceTokenFilter(devices, limits), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Accounts accounts) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/v1/signup", "/api/v1/auth/tokens").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> Problems.write(res, 401, "Unauthorized",
                                "Send a valid API token: Authorization: Bearer <token>."))
                        .accessDeniedHandler((req, res, ex) -> Problems.write(res, 403, "Forbidden",
                                "Your role does not allow this.")))
                .addFilterBefore(new ApiTokenFilter(accounts), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new CurrentUserFilter(accounts), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, Accounts accounts, UserDetailsService userDetails, RateLimits limits,
                              @Value("${larder.remember-me.key}") String rememberMeKey) throws Exception {
        if (DEFAULT_REMEMBER_ME_KEY.equals(rememberMeKey)) {
            org.slf4j.LoggerFactory.getLogger(SecurityConfiguration.class).warn(
                    "LARDER_REMEMBER_ME_KEY is not set: remember-me cookies are signed with a known key. "
                            + "Set it to a long random secret in production.");
        }
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/signup", "/error", "/webjars/**", "/css/**", "/js/**",
                                "/favicon.ico", "/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/api-docs.html", "/swagger-ui/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").usernameParameter("email")
                        .defaultSuccessUrl("/", false).failureUrl("/login?error").permitAll())
                .rememberMe(remember -> remember.key(rememberMeKey).userDetailsService(userDetails)
                        .rememberMeParameter("remember-me"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID", "remember-me"))
                .headers(headers -> headers.referrerPolicy(r ->
                        r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new LoginRateLimitFilter(limits), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new CurrentUserFilter(accounts), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Finds the user by e-mail across businesses. A deactivated user is reported exactly like an unknown e-mail,
     * so the login page never tells whether an address has an account.
     */
    @Bean
    UserDetailsService userDetailsService(Accounts accounts) {
        return email -> accounts.findLogin(email)
                .filter(Accounts.Login::active)
                .map(l -> new LarderUserDetails(l.tenantId(), l.userId(), l.email(), l.passwordHash(), true))
                .orElseThrow(() -> new UsernameNotFoundException("not found"));
    }
}
