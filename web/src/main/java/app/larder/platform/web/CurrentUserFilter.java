package app.larder.platform.web;

import app.larder.platform.security.CurrentUser;
import app.larder.platform.security.Accounts;
import app.larder.platform.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * For a signed-in request: reloads the user (so a new role or a deactivation counts at once), grants the role as of
 * now, and sets the tenant for everything the request does, cleared when it ends.
 */
class CurrentUserFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = CurrentUser.class.getName();

    private final Accounts accounts;

    CurrentUserFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof LarderUserDetails principal)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<CurrentUser> found = accounts.signedIn(principal.tenantId(), principal.userId())
                .filter(CurrentUser::active);
        if (found.isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            if (RequestPaths.of(request).startsWith("/api/")) {
                Problems.write(response, 401, "Unauthorized", "This user is deactivated.");
            } else {
                response.sendRedirect(request.getContextPath() + "/login?deactivated");
            }
            return;
        }
        CurrentUser user = found.get();
        if (user.mustChangePassword() && mustChangePasswordFirst(request)) {
            response.sendRedirect(request.getContextPath() + "/settings/profile?mustChange");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role()))));
        SecurityContextHolder.setContext(context);
        request.setAttribute(ATTRIBUTE, user);
        TenantContext.set(user.actor());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }

    private static boolean mustChangePasswordFirst(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return "GET".equals(request.getMethod()) && !path.startsWith("/api/") && !path.startsWith("/settings/profile")
                && !path.startsWith("/webjars/") && !path.startsWith("/css/") && !path.startsWith("/js/")
                && !path.equals("/error");
    }
}
