package app.larder.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Stops password guessing on the login form: past the hourly limit, the form answers "try later". */
class LoginRateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;

    LoginRateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(RequestPaths.of(request)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limits.allowLogin(request)) {
            response.sendRedirect(request.getContextPath() + "/login?tooMany");
            return;
        }
        chain.doFilter(request, response);
    }
}
