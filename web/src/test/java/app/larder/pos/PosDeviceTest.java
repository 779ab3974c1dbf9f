package app.larder.pos;

import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Creating, pairing and revoking POS devices, and what a device token may and may not open. */
class PosDeviceTest extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    app.larder.platform.web.RateLimits limits;

    private TestBusiness cafe;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("POS Café " + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    void aDevicePairsOnceWithItsCodeAndIsRefusedAfterItIsRevoked() throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till 1\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status", is("WAITING_FOR_PAIRING")))
                .andExpect(jsonPath("$.pairingCode", matchesPattern("[2-9A-Z]{4}-[2-9A-Z]{4}")))
                .andReturn().getResponse().getContentAsString();
        UUID device = uuid(created, "$.id");
        String code = JsonPath.read(created, "$.pairingCode");

        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\", \"deviceName\": \"Bar tablet\"}".formatted(code.toLowerCase())))
                .andExpect(status().isOk())
                .andExpect(header().exists("Date"))
                .andExpect(jsonPath("$.deviceId", is(device.toString())))
                .andExpect(jsonPath("$.venue.id", is(cafe.venueId().toString())))
                .andExpect(jsonPath("$.venue.timezone", is("Europe/Kyiv")))
                .andExpect(jsonPath("$.currency", is("UAH")))
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(paired, "$.token");

        // The code is spent.
        mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()), "{\"code\": \"%s\"}".formatted(code)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));

        // The token opens the POS API (an unknown path is then a 404, not a 401), and the device is seen.
        mvc.perform(get("/api/pos/v1/no-such-call").with(bearer(token)).header("X-POS-App-Version", "Till 3.2.1"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/pos-devices/" + device).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.status", is("PAIRED")))
                .andExpect(jsonPath("$.name", is("Bar tablet")))
                .andExpect(jsonPath("$.appVersion", is("Till 3.2.1")))
                .andExpect(jsonPath("$.lastSeenAt", notNullValue()))
                .andExpect(jsonPath("$.pairingCode").doesNotExist());

        // A device token is not a user's token, and a user's token is not a device's.
        mvc.perform(get("/api/v1/venues").with(bearer(token))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/pos/v1/no-such-call").with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnauthorized());

        mvc.perform(post("/api/v1/pos-devices/" + device + "/revoke").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status", is("REVOKED")));
        mvc.perform(get("/api/pos/v1/no-such-call").with(bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/pos-devices").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(0)));
        mvc.perform(get("/api/v1/pos-devices?includeRevoked=true").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(1)));
    }

    /**
     * The device behind a token is kept in memory between calls (a terminal calls every few seconds); a revocation
     * still shuts it out from the very next call, and a new app version reported between calls is still recorded.
     */
    @Test
    void aRevokedDeviceIsRefusedAtOnceEvenRightAfterItsCallsWereAnswered() throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till 1\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID device = uuid(created, "$.id");
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(paired, "$.token");
        String cursor = null;
        for (int i = 0; i < 3; i++) {
            String catalog = mvc.perform(get("/api/pos/v1/catalog").with(bearer(token))
                            .header("X-POS-App-Version", "Till 1.0"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            cursor = JsonPath.read(catalog, "$.cursor");
        }
        mvc.perform(get("/api/pos/v1/catalog").param("since", cursor).with(bearer(token))
                        .header("X-POS-App-Version", "Till 1.1"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/pos-devices/" + device).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.appVersion", is("Till 1.1")));

        mvc.perform(post("/api/v1/pos-devices/" + device + "/revoke").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
        mvc.perform(get("/api/pos/v1/catalog").param("since", cursor).with(bearer(token))
                        .header("X-POS-App-Version", "Till 1.1"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(token))).andExpect(status().isUnauthorized());
    }

    /** A device past its requests a minute is answered 429 with Retry-After, and other devices go on. */
    @Test
    void aDeviceThatSendsTooMuchIsSlowedDownAlone() throws Exception {
        String[] busyDevice = pairedDevice("Busy till");
        String busy = busyDevice[1];
        String calm = pairedDevice("Calm till")[1];
        UUID busyId = UUID.fromString(busyDevice[0]);
        // Spend the busy device's allowance directly rather than with thousands of requests.
        while (limits.allowDevice(busyId)) {
            // spent
        }
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(busy)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/pos/v1/catalog").with(bearer(calm))).andExpect(status().isOk());
    }

    /** A new paired device of the café: its id and its token. */
    private String[] pairedDevice(String name) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"%s\"}".formatted(cafe.venueId(), name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return new String[]{JsonPath.read(created, "$.id"), JsonPath.read(paired, "$.token")};
    }

    @Test
    void badCodesAndBadRequestsChangeNothing() throws Exception {
        for (String code : new String[]{"", "K7QF-29XD", "0000-0000", "much-too-long-to-be-a-code"}) {
            mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()), "{\"code\": \"%s\"}".formatted(code)))
                    .andExpect(status().is4xxClientError())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()), "{\"code\": "))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \" \"}".formatted(cafe.venueId())))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(UUID.randomUUID())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field", is("venueId")));
        mvc.perform(get("/api/v1/pos-devices").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(0)));
    }

    @Test
    void devicesAreTheirBusinesssAndManagersOnly() throws Exception {
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till 1\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID device = uuid(created, "$.id");

        mvc.perform(get("/api/v1/pos-devices/" + device).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/pos-devices/" + device + "/revoke").with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(post("/api/v1/pos-devices").with(bearer(other.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Sneaky\"}".formatted(cafe.venueId())))
                .andExpect(status().isUnprocessableContent());

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "null");
        mvc.perform(get("/api/v1/pos-devices").with(bearer(accountant.token()))).andExpect(status().isForbidden());

        // A new code replaces the old one, which stops working.
        String renewed = mvc.perform(post("/api/v1/pos-devices/" + device + "/pairing-code")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(renewed, "$.pairingCode"))))
                .andExpect(status().isOk());
        assertThat(renewed).contains(device.toString());
    }

    @Test
    void theSettingsPageCreatesADeviceShowsItsCodeOnceAndRevokesIt() throws Exception {
        var session = login(cafe.ownerEmail(), PASSWORD);
        Document empty = Jsoup.parse(mvc.perform(get("/settings/pos-devices").session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(empty.text()).contains("No POS devices yet");

        Map<String, String> form = formOf(empty, "form[action$=/settings/pos-devices][method=post]");
        form.put("name", "");
        Document refused = Jsoup.parse(mvc.perform(submitted("/settings/pos-devices", form, session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(refused.select(".invalid-feedback").text()).isNotBlank();

        form.put("name", "Terrace till");
        String location = mvc.perform(submitted("/settings/pos-devices", form, session))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        var flash = mvc.perform(submitted("/settings/pos-devices", form, session)).andReturn().getFlashMap();
        assertThat((String) flash.get("pairingCode")).matches("[2-9A-Z]{4}-[2-9A-Z]{4}");
        assertThat(location).isEqualTo("/settings/pos-devices");

        Document listed = Jsoup.parse(mvc.perform(get("/settings/pos-devices").session(session))
                .andReturn().getResponse().getContentAsString());
        assertThat(listed.select("tbody tr")).hasSize(2);
        assertThat(listed.text()).contains("Terrace till", "Waiting for pairing");
        String revoke = listed.selectFirst("form[action$=/revoke]").attr("action");
        assertThat(listed.selectFirst("form[action$=/revoke]").attr("data-confirm")).contains("Terrace till");
        mvc.perform(submitted(revoke, Map.of(), session)).andExpect(status().is3xxRedirection());
        Document after = Jsoup.parse(mvc.perform(get("/settings/pos-devices").session(session))
                .andReturn().getResponse().getContentAsString());
        assertThat(after.select("tbody tr")).hasSize(1);
    }
}
