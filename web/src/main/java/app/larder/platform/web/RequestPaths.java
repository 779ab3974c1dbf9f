package app.larder.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/** The path of a request inside the application, whatever the context path and servlet mapping. */
final class RequestPaths {

    private RequestPaths() {
    }

    static String of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** A call of the JSON API (the POS door included): JSON in, JSON or problem+json out. */
    static boolean isApi(HttpServletRequest request) {
        return of(request).startsWith("/api/");
    }
}
