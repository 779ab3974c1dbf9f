package app.larder.platform.web;

import app.larder.business.Users;
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

    static final String ATTRIBUTE = Users.SignedInUser.class.getName();

    private final Users users;

    CurrentUserFilter(Users users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof LarderUserDetails principal)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Users.SignedInUser> found = users.signedIn(principal.tenantId(), principal.userId())
                .filter(Users.SignedInUser::active);
        if (found.isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            if (request.getServletPath().startsWith("/api/")) {
                Problems.write(response, 401, "Unauthorized", "This user is deactivated.");
            } else {
                response.sendRedirect(request.getContextPath() + "/login?deactivated");
            }
            return;
        }
        Users.SignedInUser user = found.get();
        if (user.mustChangePassword() && mustChangePasswordFirst(request)) {
            response.sendRedirect(request.getContextPath() + "/settings/profile?mustChange");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()))));
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
        String path = request.getServletPath();
        return "GET".equals(request.getMethod()) && !path.startsWith("/api/") && !path.startsWith("/settings/profile")
                && !path.startsWith("/webjars/") && !path.startsWith("/css/") && !path.startsWith("/js/")
                && !path.equals("/error");
    }
}
