package app.larder.platform.web;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes an RFC 9457 problem from a servlet filter, where no controller advice reaches. */
final class Problems {

    private Problems() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":"
                + status + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
