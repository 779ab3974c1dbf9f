package app.larder.platform.web;

import app.larder.platform.security.Devices;
import app.larder.platform.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The POS door: {@code Authorization: Bearer <device token>}. A paired device acts for its business, limited to its
 * own venue, with the single role POS_DEVICE; a wrong or revoked token is refused outright, and each device has its
 * own rate limit. Every answer of the POS door carries a {@code Date} header.
 */
class DeviceTokenFilter extends OncePerRequestFilter {

    static final String APP_VERSION_HEADER = "X-POS-App-Version";

    private final Devices devices;
    private final RateLimits limits;

    DeviceTokenFilter(Devices devices, RateLimits limits) {
        this.devices = devices;
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The contract promises the server time on every answer, so terminals can notice a wrong clock.
        response.setDateHeader("Date", System.currentTimeMillis());
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Devices.DeviceHolder> device;
        try {
            device = devices.authenticateDevice(header.substring(7).trim(), request.getHeader(APP_VERSION_HEADER));
        } catch (org.springframework.transaction.CannotCreateTransactionException
                 | org.springframework.dao.TransientDataAccessException e) {
            // Every database connection busy for longer than the pool waits: a busy server, not a broken request.
            response.setHeader("Retry-After", "5");
            Problems.write(response, 503, "Service unavailable", "The server is busy; send this again shortly.");
            return;
        }
        if (device.isEmpty()) {
            Problems.write(response, 401, "Unauthorized", "The device token is not valid or the device was revoked.");
            return;
        }
        Devices.DeviceHolder holder = device.get();
        if (!limits.allowDevice(holder.deviceId())) {
            response.setHeader("Retry-After", "60");
            Problems.write(response, 429, "Too many requests", "This device sends too many requests; slow down.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(holder, null,
                List.of(new SimpleGrantedAuthority("ROLE_POS_DEVICE"))));
        SecurityContextHolder.setContext(context);
        TenantContext.set(new TenantContext.Actor(holder.tenantId(), null, "POS device \"" + holder.name() + "\"",
                Set.of(holder.venueId())));
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
            SecurityContextHolder.clearContext();
        }
    }
}
