package app.larder.platform.web;

import app.larder.platform.security.Accounts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Authenticates {@code Authorization: Bearer <token>}. A token that is not valid is refused outright. */
class ApiTokenFilter extends OncePerRequestFilter {

    private final Accounts accounts;

    ApiTokenFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Accounts.TokenHolder> holder = accounts.authenticateToken(header.substring(7).trim());
        if (holder.isEmpty()) {
            Problems.write(response, 401, "Unauthorized", "The API token is not valid or was revoked.");
            return;
        }
        LarderUserDetails principal =
                new LarderUserDetails(holder.get().tenantId(), holder.get().userId(), null, null, true);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of()));
        chain.doFilter(request, response);
    }
}
