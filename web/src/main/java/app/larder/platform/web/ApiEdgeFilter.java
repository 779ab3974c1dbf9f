package app.larder.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The edge of the JSON API ({@code /api/}), for what no controller sees:
 * <ul>
 * <li>A request body is read only up to the limit of its door, counted as it is read, however it is sent: a declared
 * Content-Length over the limit is refused before a byte is read, and a chunked body fails the read that passes the
 * limit ({@link BodyTooLarge}), which {@link ApiErrors} answers 413. So no body larger than the limit is ever held in
 * memory. The POS door takes 5 MB (its batches of 500), CSV imports 10 MB, the rest of the API 1 MB.</li>
 * <li>An error that ends in {@code sendError} (no such path, a method the path does not take, a body that is not
 * JSON before any controller was chosen, a request the firewall refuses) is written as problem+json, never the HTML
 * error page or Spring's {@code {"timestamp", …}}, whatever the Accept header; so is an exception that escapes the
 * controllers.</li>
 * </ul>
 * It runs before every filter that may read a body (Spring's {@code FormContentFilter} reads PUT forms whole).
 */
@Component
class ApiEdgeFilter extends OncePerRequestFilter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(ApiEdgeFilter.class);
    private static final long MB = 1024 * 1024;

    /** The largest body a door reads, and the message that says so (its argument: the limit in MB). */
    record BodyLimit(long bytes, String messageKey) {
        long megabytes() {
            return bytes / MB;
        }
    }

    /** 500 receipts of a few lines each fit in well under this (the contract's batch). */
    static final BodyLimit POS = new BodyLimit(5 * MB, "pos.bodyTooLarge");
    /** A CSV import is the largest body of {@code /api/v1}: a few thousand rows of a spreadsheet. */
    static final BodyLimit IMPORTS = new BodyLimit(10 * MB, "error.bodyTooLarge");
    /** Every other body of the API is a form's worth of JSON (a stocktake of 10,000 lines is about 0.7 MB). */
    static final BodyLimit API = new BodyLimit(MB, "error.bodyTooLarge");

    private final MessageSource messages;

    ApiEdgeFilter(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public int getOrder() {
        return OrderedFormContentFilter.DEFAULT_ORDER - 1;
    }

    static BodyLimit limitOf(String path) {
        if (path.startsWith("/api/pos/")) {
            return POS;
        }
        return path.startsWith("/api/v1/imports/") ? IMPORTS : API;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return !(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                    && uri.startsWith(request.getContextPath() + "/api/"));
        }
        return !RequestPaths.isApi(request);
    }

    /** The container's own errors (a TRACE, which Tomcat refuses before any filter runs) come back as a dispatch. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Locale locale = request.getLocale();
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            // The dispatch is a GET whatever the request was, so the method is not named.
            int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code
                    : HttpStatus.INTERNAL_SERVER_ERROR.value();
            new ProblemOnError(response, null, locale).sendError(status);
            return;
        }
        ProblemOnError answer = new ProblemOnError(response, request.getMethod(), locale);
        BodyLimit limit = limitOf(RequestPaths.of(request));
        if (request.getContentLengthLong() > limit.bytes()) {
            answer.problem(HttpStatus.CONTENT_TOO_LARGE.value(), text(limit.messageKey(), locale, limit.megabytes()));
            return;
        }
        try {
            chain.doFilter(new LimitedBody(request, limit), answer);
        } catch (IOException | ServletException | RuntimeException e) {
            BodyTooLarge tooLarge = BodyTooLarge.in(e);
            if (response.isCommitted() || (tooLarge == null && e instanceof IOException)) {
                throw e;    // a connection cut, or too late to answer anything else
            }
            if (tooLarge != null) {
                answer.problem(HttpStatus.CONTENT_TOO_LARGE.value(),
                        text(tooLarge.limit().messageKey(), locale, tooLarge.limit().megabytes()));
            } else {
                log.error("Unexpected error in the API", e);
                answer.problem(HttpStatus.INTERNAL_SERVER_ERROR.value(), text("error.unexpected", locale));
            }
        }
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** Thrown by the body's stream at the first byte past the limit; nothing further of the body is read. */
    static final class BodyTooLarge extends IOException {

        private final transient BodyLimit limit;

        BodyTooLarge(BodyLimit limit) {
            super("The request body is larger than " + limit.bytes() + " bytes");
            this.limit = limit;
        }

        BodyLimit limit() {
            return limit;
        }

        /** This exception among the causes of another (Jackson and the message converters wrap it), or null. */
        static BodyTooLarge in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof BodyTooLarge found) {
                    return found;
                }
            }
            return null;
        }
    }

    /** The request with its body read through a {@link LimitedStream}. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final BodyLimit limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedBody(HttpServletRequest request, BodyLimit limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                reader = new BufferedReader(new InputStreamReader(getInputStream(),
                        encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
            }
            return reader;
        }
    }

    /** Counts the bytes as they are read, and never reads more than one byte past the limit. */
    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final BodyLimit limit;
        private long read;

        LimitedStream(ServletInputStream in, BodyLimit limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            checkRoom();
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            checkRoom();
            int n = in.read(buffer, offset, (int) Math.min(length, limit.bytes() - read + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void checkRoom() throws BodyTooLarge {
            if (read > limit.bytes()) {
                throw new BodyTooLarge(limit);
            }
        }

        private void counted(int n) throws BodyTooLarge {
            read += n;
            checkRoom();
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes every {@code sendError} of the API as problem+json, keeping the headers already set (Allow, Accept). */
    private final class ProblemOnError extends HttpServletResponseWrapper {

        private final String method;
        private final Locale locale;

        ProblemOnError(HttpServletResponse response, String method, Locale locale) {
            super(response);
            this.method = method;
            this.locale = locale;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String ignored) throws IOException {
            if (isCommitted()) {
                super.sendError(status);
                return;
            }
            problem(status, switch (status) {
                case 405 -> method == null ? text("error.http.405.unnamed", locale)
                        : text("error.http.405", locale, method);
                case 415 -> text("error.http.415", locale, accepted());
                case 400 -> text("error.http.400", locale);
                case 401 -> text("error.http.401", locale);
                case 403 -> text("error.forbidden", locale);
                case 404 -> text("error.http.404", locale);
                case 406 -> text("error.http.406", locale);
                case 429 -> text("error.tooManyRequests", locale);
                default -> text(status >= 500 ? "error.unexpected" : "error.http.other", locale);
            });
        }

        /** What the path takes, as Spring's 415 lists it in the Accept header; JSON when it does not say. */
        private String accepted() {
            String accept = getHeader(HttpHeaders.ACCEPT);
            return accept == null || accept.isBlank() ? "application/json" : accept;
        }

        void problem(int status, String detail) throws IOException {
            resetBuffer();
            HttpStatus known = HttpStatus.resolve(status);
            Problems.write(this, status, known == null ? "Error" : known.getReasonPhrase(), detail);
            flushBuffer();
        }
    }
}
