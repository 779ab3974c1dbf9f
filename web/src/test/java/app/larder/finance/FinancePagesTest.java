package app.larder.finance;

import app.larder.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The finance pages as the browser gets them: every button that archives, stops or pays asks first (larder.js
 * confirms a form with {@code data-confirm}), an account that holds money is not archived, and the P&L's period
 * from the address.
 */
class FinancePagesTest extends IntegrationTest {

    private TestBusiness cafe;
    private MockHttpSession owner;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Finance Pages " + UUID.randomUUID().toString().substring(0, 6));
        owner = login(cafe.ownerEmail(), PASSWORD);
    }

    @Test
    void archivingAnEmptyAccountAsksFirstAndOneThatHoldsMoneyIsRefused() throws Exception {
        UUID empty = account("Old bank", "0");
        UUID safe = account("Safe", "5000");

        Element form = page("/finance/accounts/" + empty).selectFirst("form#archive-account");
        assertThat(form.attr("data-confirm")).contains("Archive the account \"Old bank\"?");
        assertThat(form.selectFirst("button").hasAttr("disabled")).isFalse();

        // 5,000.00 in the safe: the button is off and the page says why.
        Document full = page("/finance/accounts/" + safe);
        // The details form shows the opening balance as typed, not as 5E+3.
        assertThat(full.selectFirst("input[name=openingBalance]").attr("value")).isEqualTo("5000");
        assertThat(full.selectFirst("form#archive-account button").hasAttr("disabled")).isTrue();
        assertThat(full.selectFirst("#archive-hint").text()).contains("Safe holds 5,000.00", "transfer the money");
        // Sent anyway (an old page, the API): refused, nothing archived.
        mvc.perform(post("/finance/accounts/{id}/archive", safe).session(owner).with(csrf()))
                .andExpect(flash().attribute("failure", "finance.accountNotEmpty"));
        mvc.perform(post("/api/v1/accounts/{id}/archive", safe).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/v1/accounts/{id}", safe).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived", is(false)));

        // Moved to the bank, the safe holds nothing and may go.
        mvc.perform(json(post("/api/v1/transactions/transfers").with(bearer(cafe.ownerToken())), """
                {"fromAccountId": "%s", "toAccountId": "%s", "amount": "5000", "date": "2026-02-01"}"""
                .formatted(safe, empty))).andExpect(status().isCreated());
        assertThat(page("/finance/accounts/" + safe).selectFirst("form#archive-account").attr("data-confirm"))
                .contains("\"Safe\"");
        mvc.perform(post("/finance/accounts/{id}/archive", safe).session(owner).with(csrf()))
                .andExpect(flash().attribute("success", "finance.account.archived"));
        mvc.perform(get("/api/v1/accounts/{id}", safe).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.archived", is(true)));
    }

    @Test
    void archivingACategoryStoppingARecurrenceAndPayingASupplyAskFirst() throws Exception {
        List<Element> archive = page("/finance/categories").select("form[action$=/archive]");
        assertThat(archive).isNotEmpty()
                .allSatisfy(f -> assertThat(f.attr("data-confirm")).startsWith("Archive the category"));
        assertThat(archive.stream().map(f -> f.attr("data-confirm")))
                .anySatisfy(text -> assertThat(text).contains("\"Rent\""));

        UUID bank = account("Bank", "2000");
        String rent = page("/finance/categories").select("#categories tr").stream()
                .filter(tr -> tr.select("input[name=name]").attr("value").equals("Rent"))
                .findFirst().orElseThrow().selectFirst("form").attr("action").replaceAll(".*/", "");
        created("/api/v1/recurring-transactions", """
                {"kind": "EXPENSE", "accountId": "%s", "categoryId": "%s", "amount": "300", "dayOfMonth": 5,
                 "startsOn": "2026-01-05", "counterparty": "Landlord"}""".formatted(bank, rent));
        assertThat(page("/finance/recurring").selectFirst("form[action$=/stop]").attr("data-confirm"))
                .isEqualTo("Stop the recurring Premises / Rent of 300.00\u00a0UAH on day 5? Nothing more is booked from"
                        + " it; what was booked stays.");

        UUID supplier = created("/api/v1/suppliers", "{\"name\": \"Dairy\"}");
        UUID milk = created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}");
        created("/api/v1/supplies", """
                {"suppliedAt": "2026-02-01T08:00:00Z", "storageId": "%s", "supplierId": "%s", "invoiceNumber": "INV-9",
                 "lines": [{"ingredientId": "%s", "quantity": "10", "unit": "l", "total": "420"}], "post": true}"""
                .formatted(cafe.storageId(), supplier, milk));
        assertThat(page("/finance/payables").selectFirst("form[action$=/pay]").attr("data-confirm"))
                .startsWith("Pay Dairy for INV-9 from the chosen account? 420.00\u00a0UAH is owed");
    }

    @Test
    void thePnlTakesTheApisToAndNamesAMissingDay() throws Exception {
        // to is exclusive, as in the API: 1 March means through 28 February.
        Document withTo = page("/finance/pnl?from=2026-02-01&to=2026-03-01");
        assertThat(withTo.selectFirst("#through").attr("value")).isEqualTo("2026-02-28");
        assertThat(withTo.selectFirst(".alert-danger")).isNull();
        assertThat(withTo.selectFirst("#pnl-previous-heading").text())
                .contains("The month before", "1 Jan 2026 – 31 Jan 2026");

        Document noEnd = page("/finance/pnl?from=2026-02-01");
        assertThat(noEnd.selectFirst(".alert-danger").text()).contains("To, inclusive", "through=", "to=");

        // Without dates: this month to date, beside the same days of last month.
        Document byDefault = page("/finance/pnl");
        assertThat(byDefault.selectFirst("#pnl-previous-heading").text()).contains("Same days, a month earlier");
        assertThat(byDefault.selectFirst("#pnl-shortcuts a.active").text()).isEqualTo("This month to date");
    }

    private Document page(String path) throws Exception {
        String html = mvc.perform(get(path).session(owner)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).as(path).doesNotContainPattern("\\?\\?[^?]+\\?\\?");
        return Jsoup.parse(html);
    }

    private UUID account(String name, String opening) throws Exception {
        return created("/api/v1/accounts", """
                {"name": "%s", "kind": "SAFE", "venueId": null, "openingBalance": "%s", "openingDate": "2026-01-01"}"""
                .formatted(name, opening));
    }

    private UUID created(String path, String body) throws Exception {
        String answer = mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(answer, "$.id");
    }
}
