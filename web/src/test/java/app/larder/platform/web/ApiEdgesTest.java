package app.larder.platform.web;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The edges of the JSON API that no single controller owns: how large a body may be however it is sent, JSON only,
 * problem+json for every error under {@code /api/}, Retry-After on every 429, NUL characters, cursors from the
 * future, and what the OpenAPI description says of the POS door.
 */
class ApiEdgesTest extends IntegrationTest {

    private static final long MB = 1024 * 1024;

    @org.springframework.beans.factory.annotation.Autowired
    ApiEdgeFilter edge;

    private TestBusiness cafe;
    private String till;

    @BeforeEach
    void pairedTill() throws Exception {
        cafe = signUp("Edges Café " + UUID.randomUUID().toString().substring(0, 6));
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        till = JsonPath.read(paired, "$.token");
    }

    // 1. Body limits, however the body is sent.

    /** 600 MB sent chunked (no Content-Length): refused once 5 MB are read; the rest is never read. */
    @Test
    void aChunkedBodyOverThePosLimitIsRefusedAfterReadingNoMoreThanTheLimit() throws Exception {
        for (String path : new String[]{"/api/pos/v1/receipts", "/api/pos/v1/shift-events"}) {
            EndlessJson body = new EndlessJson(path.endsWith("receipts") ? "receipts" : "events", 600 * MB);
            mvc.perform(new Streamed(HttpMethod.POST, path, body, -1).with(bearer(till)))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status", is(413)))
                    .andExpect(jsonPath("$.detail", containsString("5 MB")));
            // The limit, and at most one buffer of the parser beyond it.
            assertThat(body.read).isGreaterThan(5 * MB - 64 * 1024).isLessThanOrEqualTo(5 * MB + 64 * 1024);
        }
    }

    /** A declared Content-Length over the limit is refused before a byte of the body is read. */
    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws Exception {
        EndlessJson body = new EndlessJson("receipts", 6 * MB);
        mvc.perform(new Streamed(HttpMethod.POST, "/api/pos/v1/receipts", body, 6 * MB).with(bearer(till)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(body.read).isZero();
    }

    /** The rest of the API has a limit of its own (1 MB; CSV imports 10 MB), and a small chunked body still works. */
    @Test
    void theRestOfTheApiIsLimitedTooAndSmallChunkedBodiesGoThrough() throws Exception {
        EndlessJson large = new EndlessJson("categories", 2 * MB);
        mvc.perform(new Streamed(HttpMethod.POST, "/api/v1/categories", large, -1).with(bearer(cafe.ownerToken())))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("1 MB")));
        assertThat(large.read).isLessThanOrEqualTo(MB + 64 * 1024);

        byte[] small = "{\"name\": \"Streamed tea\"}".getBytes(StandardCharsets.UTF_8);
        mvc.perform(new Streamed(HttpMethod.POST, "/api/v1/categories", new Bytes(small), -1)
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isCreated());
        mvc.perform(new Streamed(HttpMethod.POST, "/api/pos/v1/receipts",
                        new Bytes("{\"receipts\": []}".getBytes(StandardCharsets.UTF_8)), -1).with(bearer(till)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results", hasSize(0)));
    }

    // 2. JSON only.

    @Test
    void anXmlBodyIsRefusedWith415AndAnswersAreJsonWhateverTheAcceptHeader() throws Exception {
        String xml = "<ReceiptBatch><receipts><id>abc</id></receipts></ReceiptBatch>";
        for (String type : new String[]{"application/xml", "text/xml", "application/yaml"}) {
            for (String path : new String[]{"/api/pos/v1/receipts", "/api/pos/v1/shift-events"}) {
                mvc.perform(post(path).with(bearer(till)).contentType(type).content(xml))
                        .andExpect(status().isUnsupportedMediaType())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            }
            mvc.perform(post("/api/v1/categories").with(bearer(cafe.ownerToken())).contentType(type)
                            .content("<category><name>Tea</name></category>"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        for (String accept : new String[]{"application/xml", "text/html", "application/yaml"}) {
            mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)).header("Accept", accept))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.full", is(true)));
            mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(till)), "{\"receipts\": []}")
                            .header("Accept", accept))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
            mvc.perform(get("/api/v1/venues").with(bearer(cafe.ownerToken())).header("Accept", accept))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        }
    }

    // 3. Every error under /api is problem+json.

    @Test
    void unknownPathsAndMethodsAreProblemsWhateverTheAcceptHeader() throws Exception {
        for (String accept : new String[]{"application/json", "text/html", "*/*"}) {
            problem(mvc.perform(get("/api/pos/v1/nothing").with(bearer(till)).header("Accept", accept)), 404);
            problem(mvc.perform(get("/api/pos/v1/catalog/").with(bearer(till)).header("Accept", accept)), 404);
            problem(mvc.perform(get("/api/pos/v1/receipts").with(bearer(till)).header("Accept", accept)), 405)
                    .andExpect(header().string("Allow", containsString("POST")));
            problem(mvc.perform(put("/api/pos/v1/receipts").with(bearer(till)).header("Accept", accept)), 405);
            problem(mvc.perform(delete("/api/pos/v1/catalog").with(bearer(till)).header("Accept", accept)), 405)
                    .andExpect(header().string("Allow", containsString("GET")));
            problem(mvc.perform(get("/api/v1/nothing").with(bearer(cafe.ownerToken())).header("Accept", accept)),
                    404);
            problem(mvc.perform(delete("/api/v1/venues").with(bearer(cafe.ownerToken())).header("Accept", accept)),
                    405);
        }
        // A request the firewall refuses, before any controller.
        problem(mvc.perform(get("/api/v1/venues;x=1").with(bearer(cafe.ownerToken()))), 400);
        // Pages keep their HTML error page.
        var session = login(cafe.ownerEmail(), PASSWORD);
        mvc.perform(get("/no-such-page").session(session).header("Accept", "text/html"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString("\"status\""))));
    }

    private static ResultActions problem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status", is(status)))
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.timestamp").doesNotExist());
    }

    // 4. Retry-After on every 429.

    @Test
    void pairingPastItsLimitSaysWhenToTryAgain() throws Exception {
        var sameAddress = fromNewClient();
        int status = 0;
        for (int i = 0; i < 40 && status != 429; i++) {
            status = mvc.perform(json(post("/api/pos/v1/pair").with(sameAddress), "{\"code\": \"AAAA-BBBB\"}"))
                    .andReturn().getResponse().getStatus();
        }
        assertThat(status).isEqualTo(429);
        String retryAfter = mvc.perform(json(post("/api/pos/v1/pair").with(sameAddress), "{\"code\": \"AAAA-BBBB\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getHeader("Retry-After");
        // 30 tries an hour come back one every 2 minutes.
        assertThat(retryAfter).isNotNull();
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 120L);
    }

    // 5. Batch wording, NUL characters.

    @Test
    void tooManyShiftEventsAreCalledEvents() throws Exception {
        StringBuilder events = new StringBuilder("{\"events\": [");
        for (int i = 0; i < 501; i++) {
            events.append(i == 0 ? "" : ",").append("{}");
        }
        mvc.perform(json(post("/api/pos/v1/shift-events").with(bearer(till)), events.append("]}").toString()))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail", containsString("500 events")))
                .andExpect(jsonPath("$.detail", not(containsString("receipts"))));
    }

    @Test
    void aNulCharacterInAStringIsA400NamingTheField() throws Exception {
        mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"AAAA-BBBB\", \"deviceName\": \"Bar\\u0000tablet\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field", is("deviceName")));
        mvc.perform(json(post("/api/v1/modifier-groups").with(bearer(cafe.ownerToken())), """
                        {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                         "options": [{"name": "Oat", "priceDelta": "1"}, {"name": "So\\u0000y", "priceDelta": "1"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field", is("options[1].name")));
    }

    /** Inside a batch of receipts a NUL is that receipt's problem alone: the batch is answered receipt by receipt. */
    @Test
    void aNulCharacterInOneReceiptDoesNotFailTheBatch() throws Exception {
        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(till)), """
                        {"receipts": [{"id": "%s", "waiter": "Ol\\u0000ena", "lines": []},
                                      {"id": "%s", "lines": []}]}""".formatted(UUID.randomUUID(), UUID.randomUUID())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results", hasSize(2)))
                .andExpect(jsonPath("$.results[0].status", is("rejected")));
    }

    // 6. A cursor from the future.

    @Test
    void aCursorTheServerCannotHaveMadeIsRefused() throws Exception {
        String cursor = JsonPath.read(mvc.perform(get("/api/pos/v1/catalog").with(bearer(till)))
                .andReturn().getResponse().getContentAsString(), "$.cursor");
        mvc.perform(get("/api/pos/v1/catalog").param("since", cursor).with(bearer(till)))
                .andExpect(status().isOk());
        long issued = Long.parseLong(cursor.substring(3));
        for (String future : new String[]{"c1.1000000000000", "c1." + (issued + 1_000_000), "c1." + Long.MAX_VALUE}) {
            mvc.perform(get("/api/pos/v1/catalog").param("since", future).with(bearer(till)))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field", is("since")));
        }
    }

    // 7. The OpenAPI description of the POS door.

    @Test
    void theOpenApiDescriptionShowsTheContractsShapesAndProblems() throws Exception {
        String docs = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(docs).doesNotContain("ModelAndView").doesNotContain("\"nodeType\"");
        assertThat((String) JsonPath.read(docs, "$.components.schemas.ReceiptBatch.properties.receipts.items.$ref"))
                .endsWith("/ReceiptInput");
        assertThat((String) JsonPath.read(docs, "$.components.schemas.EventBatch.properties.events.items.$ref"))
                .endsWith("/EventInput");
        for (String code : new String[]{"400", "401", "413", "415", "429"}) {
            assertThat((Object) JsonPath.read(docs,
                    "$.paths['/api/pos/v1/receipts'].post.responses['" + code + "'].content['application/problem+json']"))
                    .as("receipts, " + code).isNotNull();
        }
        assertThat((Object) JsonPath.read(docs,
                "$.paths['/api/pos/v1/catalog'].get.responses['422'].content['application/problem+json']")).isNotNull();
    }

    /** A request whose body comes from a stream, with the Content-Length given (-1: none, as when chunked). */
    private static final class Streamed extends AbstractMockHttpServletRequestBuilder<Streamed> {

        private final ServletInputStream body;
        private final long declaredLength;

        Streamed(HttpMethod method, String path, ServletInputStream body, long declaredLength) {
            super(method);
            uri(path);
            contentType(MediaType.APPLICATION_JSON);
            if (declaredLength < 0) {
                header("Transfer-Encoding", "chunked");
            }
            this.body = body;
            this.declaredLength = declaredLength;
        }

        @Override
        protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
            return new MockHttpServletRequest(servletContext) {
                @Override
                public int getContentLength() {
                    return (int) Math.min(declaredLength, Integer.MAX_VALUE);
                }

                @Override
                public long getContentLengthLong() {
                    return declaredLength;
                }

                @Override
                public ServletInputStream getInputStream() {
                    return body;
                }

                @Override
                public BufferedReader getReader() {
                    return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                }
            };
        }
    }

    /** A body made as it is read, never held whole: {@code {"<field>": [{"name": "xxxx…"}, …]}}, counting what is read. */
    private static final class EndlessJson extends ServletInputStream {

        private final byte[] head;
        private final long size;
        long read;

        EndlessJson(String field, long size) {
            this.head = ("{\"" + field + "\": [{\"name\": \"").getBytes(StandardCharsets.UTF_8);
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            long at = read++;
            return at < head.length ? head[(int) at] : 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            for (int i = 0; i < n; i++) {
                long at = read + i;
                b[off + i] = at < head.length ? head[(int) at] : (byte) 'x';
            }
            read += n;
            return n;
        }

        @Override
        public boolean isFinished() {
            return read >= size;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Bytes extends ServletInputStream {

        private final java.io.ByteArrayInputStream in;

        Bytes(byte[] bytes) {
            this.in = new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * An error the container answers itself (Tomcat refuses TRACE before any filter runs) comes back as an error
     * dispatch to /error; under /api/ it is problem+json too, not Spring's {"timestamp", …} or the HTML page.
     */
    @Test
    void theContainersOwnErrorsUnderTheApiAreProblems() throws Exception {
        MockHttpServletRequest dispatch = new MockHttpServletRequest("GET", "/error");
        dispatch.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
        dispatch.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/api/pos/v1/catalog");
        dispatch.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 405);
        dispatch.addHeader("Accept", "text/html");
        var answer = new org.springframework.mock.web.MockHttpServletResponse();
        edge.doFilter(dispatch, answer, (request, response) -> {
            throw new AssertionError("the error page must not be rendered");
        });
        assertThat(answer.getStatus()).isEqualTo(405);
        assertThat(answer.getContentType()).startsWith("application/problem+json");
        assertThat(answer.getContentAsString()).contains("does not take this method");

        // A page's error dispatch is left to the pages.
        MockHttpServletRequest page = new MockHttpServletRequest("GET", "/error");
        page.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
        page.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/stock/balances");
        page.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 404);
        boolean[] passedOn = {false};
        edge.doFilter(page, new org.springframework.mock.web.MockHttpServletResponse(),
                (request, response) -> passedOn[0] = true);
        assertThat(passedOn[0]).isTrue();
    }
}
