package app.larder.finance;

import app.larder.pos.ReceiptAccepted;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import app.larder.platform.tenancy.TenantContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Finance through the API, against PostgreSQL: money from the POS booked exactly once, supplier payments, transfers,
 * the cash flow of a hand-built month and its tie-out with the balances, tenant isolation, and bad input refused
 * with nothing saved. Expected figures are worked out by hand in each test.
 */
class FinanceTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    RecurringTransactions recurring;
    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    private TestBusiness cafe;
    private UUID latte;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Finance Café " + UUID.randomUUID().toString().substring(0, 6));
        UUID category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "65"}""".formatted(category));
    }

    // ---- from operations ---------------------------------------------------------------------------------------

    @Test
    void booksCashAndCardOfAReceiptOnceAndARepeatedUploadBooksNothing() throws Exception {
        String till = pairedDevice();
        UUID receipt = UUID.randomUUID();
        // Two lattes, 130: 100 in cash, 30 by card.
        String body = receipt(receipt, null, "2026-02-10T09:30:00Z", "2", "130.00",
                "[{\"method\": \"cash\", \"amount\": \"100.00\"}, {\"method\": \"card\", \"amount\": \"30.00\"}]");
        push(till, body).andExpect(jsonPath("$.results[0].status", is("accepted")));
        push(till, body).andExpect(jsonPath("$.results[0].status", is("duplicate")));

        assertThat(balance(posAccount("CASH_DESK"))).isEqualByComparingTo("100");
        assertThat(balance(posAccount("ACQUIRING"))).isEqualByComparingTo("30");
        assertThat(rowsOf(receipt)).isEqualTo(2);
    }

    @Test
    void aBatchOfReceiptsIsBookedOneRowPerReceiptAndAccountAndTiesOutWithThePayments() throws Exception {
        String till = pairedDevice();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        // a: 65 cash in two payments; b: 130 by card; c: 65 of which 15 cash, 40 card and 10 "other" (booked nowhere).
        push(till, String.join(",",
                receipt(a, null, "2026-02-11T09:00:00Z", "1", "65.00",
                        "[{\"method\": \"cash\", \"amount\": \"50\"}, {\"method\": \"cash\", \"amount\": \"15\"}]"),
                receipt(b, null, "2026-02-11T09:05:00Z", "2", "130.00",
                        "[{\"method\": \"card\", \"amount\": \"130\"}]"),
                receipt(c, null, "2026-02-11T09:10:00Z", "1", "65.00",
                        "[{\"method\": \"cash\", \"amount\": \"15\"}, {\"method\": \"card\", \"amount\": \"40\"},"
                                + " {\"method\": \"other\", \"amount\": \"10\"}]")))
                .andExpect(jsonPath("$.results[*].status", org.hamcrest.Matchers.contains("accepted", "accepted",
                        "accepted")));
        // Cash 65 + 15 = 80; cards 130 + 40 = 170.
        assertThat(balance(posAccount("CASH_DESK"))).isEqualByComparingTo("80");
        assertThat(balance(posAccount("ACQUIRING"))).isEqualByComparingTo("170");
        assertThat(rowsOf(a) + rowsOf(b) + rowsOf(c)).isEqualTo(4);

        // Once the accounts exist, a batch is booked in one statement: the same rows as one by one would give.
        UUID d = UUID.randomUUID();
        UUID e = UUID.randomUUID();
        push(till, String.join(",",
                receipt(d, null, "2026-02-12T09:00:00Z", "1", "65.00",
                        "[{\"method\": \"cash\", \"amount\": \"65\"}]"),
                receipt(e, null, "2026-02-12T09:05:00Z", "2", "130.00",
                        "[{\"method\": \"cash\", \"amount\": \"30\"},"
                                + " {\"method\": \"card\", \"amount\": \"100\"}]")))
                .andExpect(jsonPath("$.results[*].status", org.hamcrest.Matchers.contains("accepted", "accepted")));
        assertThat(balance(posAccount("CASH_DESK"))).isEqualByComparingTo("175");
        assertThat(balance(posAccount("ACQUIRING"))).isEqualByComparingTo("270");
        assertThat(rowsOf(d) + rowsOf(e)).isEqualTo(3);
        assertThat(asOwner(() -> jdbc.queryForList("""
                SELECT t.kind, t.occurred_at, t.venue_id, c.system_key, t.comment, t.source, a.kind AS account
                FROM finance_transaction t JOIN finance_category c ON c.id = t.category_id
                JOIN finance_account a ON a.id = t.account_id WHERE t.source_id IN (?, ?)
                ORDER BY t.occurred_at, a.kind""", a, e)).stream().map(row -> {
            row.remove("occurred_at");
            return row;
        }).toList()).containsExactly(
                java.util.Map.of("kind", "INCOME", "venue_id", cafe.venueId(), "system_key", "sales",
                        "comment", "Receipt B-1", "source", "RECEIPT", "account", "CASH_DESK"),
                java.util.Map.of("kind", "INCOME", "venue_id", cafe.venueId(), "system_key", "sales",
                        "comment", "Receipt B-1", "source", "RECEIPT", "account", "ACQUIRING"),
                java.util.Map.of("kind", "INCOME", "venue_id", cafe.venueId(), "system_key", "sales",
                        "comment", "Receipt B-1", "source", "RECEIPT", "account", "CASH_DESK"));
    }

    /** Whatever happens upstream, a second booking of the same operation into the same account is a no-op. */
    @Test
    void theSameReceiptHeardTwiceIsBookedOnce() throws Exception {
        UUID receipt = UUID.randomUUID();
        ReceiptAccepted event = new ReceiptAccepted(receipt, cafe.venueId(), null, "B-7",
                java.time.Instant.parse("2026-02-12T10:00:00Z"), null, new BigDecimal("65"),
                List.of(new ReceiptAccepted.Payment("cash", new BigDecimal("65"))));
        asOwner(() -> {
            events.publishEvent(event);
            events.publishEvent(event);
            return null;
        });
        asOwner(() -> {
            events.publishEvent(event);
            return null;
        });
        assertThat(rowsOf(receipt)).isEqualTo(1);
        assertThat(balance(posAccount("CASH_DESK"))).isEqualByComparingTo("65");
    }

    @Test
    void aRefundTakesItsCashOutOfTheCashDeskOnce() throws Exception {
        String till = pairedDevice();
        UUID sale = UUID.randomUUID();
        UUID refund = UUID.randomUUID();
        push(till, receipt(sale, null, "2026-02-10T09:30:00Z", "2", "130.00", cash("130.00")));
        String back = receipt(refund, null, "2026-02-10T10:00:00Z", "1", "65.00", cash("65.00"))
                .replace("\"refundOf\": null", "\"refundOf\": \"" + sale + "\"");
        push(till, back).andExpect(jsonPath("$.results[0].status", is("accepted")));
        push(till, back).andExpect(jsonPath("$.results[0].status", is("duplicate")));

        // 130 in, 65 out.
        assertThat(balance(posAccount("CASH_DESK"))).isEqualByComparingTo("65");
        assertThat(rowsOf(refund)).isEqualTo(1);
        assertThat(asOwner(() -> jdbc.queryForObject("SELECT amount FROM finance_transaction WHERE source = 'REFUND' AND "
                + "source_id = ?", BigDecimal.class, refund))).isEqualByComparingTo("-65");
    }

    @Test
    void shiftCashMovesAndTheDiscrepancyAreBookedOnceAndALateReceiptOfAClosedShiftSetsItRight() throws Exception {
        String till = pairedDevice();
        UUID shift = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID in = UUID.randomUUID();
        UUID out = UUID.randomUUID();
        UUID close = UUID.randomUUID();
        String events = String.join(",",
                event(open, shift, "open", "2026-02-10T07:00:00Z", "500"),
                event(in, shift, "cashIn", "2026-02-10T08:00:00Z", "200"),
                event(out, shift, "cashOut", "2026-02-10T12:00:00Z", "300"),
                event(close, shift, "close", "2026-02-10T18:00:00Z", "520"));
        push(till, receipt(UUID.randomUUID(), shift, "2026-02-10T09:30:00Z", "2", "130.00", cash("130.00")));
        events(till, events);
        events(till, events).andExpect(jsonPath("$.results[3].status", is("duplicate")));

        // Expected cash 500 + 130 + 200 − 300 = 530, counted 520: 10 short.
        // The desk: +130 sales, +200 in, −300 out, −10 short = 20 (the 500 it opened with was in it already).
        UUID desk = posAccount("CASH_DESK");
        assertThat(balance(desk)).isEqualByComparingTo("20");
        assertThat(discrepancyBooked(shift)).isEqualByComparingTo("-10");

        // A cash receipt of this shift arrives after its close: expected 595, counted still 520, 75 short.
        UUID late = UUID.randomUUID();
        String lateBody = receipt(late, shift, "2026-02-10T16:00:00Z", "1", "65.00", cash("65.00"));
        push(till, lateBody).andExpect(jsonPath("$.results[0].status", is("accepted")));
        push(till, lateBody).andExpect(jsonPath("$.results[0].status", is("duplicate")));
        assertThat(discrepancyBooked(shift)).isEqualByComparingTo("-75");
        // +65 of the sale and −65 more short: the desk still holds what was counted.
        assertThat(balance(desk)).isEqualByComparingTo("20");
        assertThat(asOwner(() -> jdbc.queryForObject("SELECT COUNT(*) FROM finance_transaction WHERE source = 'SHIFT_EVENT' "
                + "AND source_id IN (?, ?, ?, ?)", Long.class, open, in, out, close))).isEqualTo(3);
    }

    // ---- supplier payables -------------------------------------------------------------------------------------

    @Test
    void paysASupplyInPartAndRefusesMoreThanIsOwed() throws Exception {
        UUID bank = account("Bank", "BANK", null, "5000", "2026-01-01");
        UUID supply = postedSupply("1000");
        String paid = mvc.perform(json(post("/api/v1/payables/{id}/payments", supply).with(bearer(cafe.ownerToken())),
                        "{\"accountId\": \"%s\", \"amount\": \"400\", \"date\": \"2026-02-12\"}".formatted(bank)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.supply.owed", is("600")))
                .andExpect(jsonPath("$.transaction.amount", is("-400")))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<String>read(paid, "$.transaction.source")).isEqualTo("SUPPLY_PAYMENT");

        mvc.perform(json(post("/api/v1/payables/{id}/payments", supply).with(bearer(cafe.ownerToken())),
                        "{\"accountId\": \"%s\", \"amount\": \"600.01\", \"date\": \"2026-02-13\"}".formatted(bank)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field", is("amount")));
        // 5000 − 400; the refused 600.01 left nothing behind.
        assertThat(balance(bank)).isEqualByComparingTo("4600");
        // An edit of the supply that says nothing of payment keeps the 400 finance paid.
        String current = mvc.perform(get("/api/v1/supplies/{id}", supply).with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        mvc.perform(json(put("/api/v1/supplies/{id}", supply).with(bearer(cafe.ownerToken())), """
                        {"suppliedAt": "2026-02-01T08:00:00Z", "storageId": "%s", "supplierId": "%s",
                         "invoiceNumber": "INV-1b", "version": %s,
                         "lines": [{"ingredientId": "%s", "quantity": "10", "unit": "l", "total": "1000"}]}"""
                        .formatted(cafe.storageId(), JsonPath.<String>read(current, "$.supplierId"),
                                JsonPath.<Integer>read(current, "$.version"),
                                JsonPath.<String>read(current, "$.lines[0].ingredientId"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.payable", is("600")));
        mvc.perform(get("/api/v1/payables").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total", is("600")))
                .andExpect(jsonPath("$.supplies[0].paid", is("400")));

        mvc.perform(json(post("/api/v1/payables/{id}/payments", supply).with(bearer(cafe.ownerToken())),
                "{\"accountId\": \"%s\", \"amount\": \"600\", \"date\": \"2026-02-14\"}".formatted(bank)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.supply.owed", is("0")));
        mvc.perform(get("/api/v1/payables").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total", is("0")));

        // Cancelling the first payment makes its 400 owed again.
        UUID first = uuid(paid, "$.transaction.id");
        mvc.perform(post("/api/v1/transactions/{id}/cancel", first).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/payables").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total", is("400")));
        // 5000 − 400 − 600 + 400 back.
        assertThat(balance(bank)).isEqualByComparingTo("4400");

        // A supply with 600 paid is not cancelled behind finance's back; once its payment is taken back, it is.
        mvc.perform(post("/api/v1/supplies/{id}/cancel", supply).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("600 paid")));
        mvc.perform(get("/api/v1/payables").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.total", is("400")));
        UUID secondPayment = uuid(mvc.perform(get("/api/v1/transactions").param("source", "SUPPLY_PAYMENT")
                        .param("from", "2026-02-14").param("to", "2026-02-14").with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString(), "$.items[0].id");
        mvc.perform(post("/api/v1/transactions/{id}/cancel", secondPayment).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/supplies/{id}/cancel", supply).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status", is("CANCELLED")));
        assertThat(balance(bank)).isEqualByComparingTo("5000");
    }

    // ---- transactions ------------------------------------------------------------------------------------------

    @Test
    void aTransferNetsToZeroAndACancellationReversesBothLegs() throws Exception {
        UUID bank = account("Bank", "BANK", null, "1000", "2026-01-01");
        UUID safe = account("Safe", "SAFE", null, "0", "2026-01-01");
        String legs = mvc.perform(json(post("/api/v1/transactions/transfers").with(bearer(cafe.ownerToken())), """
                        {"fromAccountId": "%s", "toAccountId": "%s", "amount": "250.5", "date": "2026-02-01"}"""
                        .formatted(bank, safe)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID transfer = uuid(legs, "$[0].transferId");
        assertThat(asOwner(() -> jdbc.queryForObject("SELECT SUM(amount) FROM finance_transaction WHERE transfer_id = ?",
                BigDecimal.class, transfer))).isEqualByComparingTo("0");
        assertThat(balance(bank)).isEqualByComparingTo("749.5");
        assertThat(balance(safe)).isEqualByComparingTo("250.5");

        mvc.perform(post("/api/v1/transactions/{id}/cancel", uuid(legs, "$[1].id")).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()", is(2)));
        assertThat(balance(bank)).isEqualByComparingTo("1000");
        assertThat(balance(safe)).isEqualByComparingTo("0");
        mvc.perform(post("/api/v1/transactions/{id}/cancel", uuid(legs, "$[0].id")).with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent());
    }

    /**
     * January: Bank opens with 10 000 and Safe with 2 000 (both 1 Jan); rent 3 000 out of Bank on 5 Jan, other
     * income 1 500 into Bank on 10 Jan, 500 from Safe to Bank on 15 Jan. So on 1 Feb Bank has 10 000 − 3 000 +
     * 1 500 + 500 = 9 000 and Safe 1 500.
     * February: Bank pays 700 on 2 Feb, takes 1 200 on 10 Feb, sends 300 to Safe on 14 Feb; Safe pays 250 on
     * 20 Feb, which is then cancelled (250 back in on 20 Feb). 999 out of Bank on 1 Mar is after the period.
     * Bank: in 1 200, out 700 + 300 = 1 000, closing 9 000 + 1 200 − 1 000 = 9 200.
     * Safe: in 300, out 250 − 250 cancelled = 0, closing 1 500 + 300 − 0 = 1 800.
     */
    @Test
    void cashFlowOfAHandBuiltMonthAddsUpAndClosesAtTheBalances() throws Exception {
        UUID bank = account("Bank", "BANK", null, "10000", "2026-01-01");
        UUID safe = account("Safe", "SAFE", null, "2000", "2026-01-01");
        UUID rent = category("Rent");
        UUID other = category("Other income");
        entry("EXPENSE", bank, rent, "3000", "2026-01-05");
        entry("INCOME", bank, other, "1500", "2026-01-10");
        transfer(safe, bank, "500", "2026-01-15");
        entry("EXPENSE", bank, rent, "700", "2026-02-02");
        entry("INCOME", bank, other, "1200", "2026-02-10");
        transfer(bank, safe, "300", "2026-02-14");
        UUID mistake = entry("EXPENSE", safe, rent, "250", "2026-02-20");
        mvc.perform(post("/api/v1/transactions/{id}/cancel", mistake).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
        entry("EXPENSE", bank, rent, "999", "2026-03-01");

        String flow = mvc.perform(get("/api/v1/finance/cash-flow").param("from", "2026-02-01").param("to", "2026-02-28")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accounts.length()", is(2)))
                .andExpect(jsonPath("$.accounts[0].name", is("Bank")))
                .andExpect(jsonPath("$.accounts[0].opening", is("9000")))
                .andExpect(jsonPath("$.accounts[0].in", is("1200")))
                .andExpect(jsonPath("$.accounts[0].out", is("1000")))
                .andExpect(jsonPath("$.accounts[0].closing", is("9200")))
                .andExpect(jsonPath("$.accounts[1].name", is("Safe")))
                .andExpect(jsonPath("$.accounts[1].opening", is("1500")))
                .andExpect(jsonPath("$.accounts[1].in", is("300")))
                .andExpect(jsonPath("$.accounts[1].out", is("0")))
                .andExpect(jsonPath("$.accounts[1].closing", is("1800")))
                .andExpect(jsonPath("$.total.opening", is("10500")))
                .andExpect(jsonPath("$.total.closing", is("11000")))
                .andReturn().getResponse().getContentAsString();
        // The tie-out: each closing is the account's balance at the end of the period.
        String end = JsonPath.read(flow, "$.end");
        for (int i = 0; i < 2; i++) {
            UUID id = uuid(flow, "$.accounts[" + i + "].accountId");
            String closing = JsonPath.read(flow, "$.accounts[" + i + "].closing");
            mvc.perform(get("/api/v1/accounts/{id}", id).param("at", end).with(bearer(cafe.ownerToken())))
                    .andExpect(jsonPath("$.balance", is(closing)));
        }
        // And the running balance of Bank's latest row is its balance now: 9 200 − 999.
        mvc.perform(get("/api/v1/accounts/{id}/transactions", bank).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.items[0].balance", is("8201")));
    }

    @Test
    void aCorrectionReversesTheOldRowAndBooksTheNewOne() throws Exception {
        UUID bank = account("Bank", "BANK", null, "1000", "2026-01-01");
        UUID rent = category("Rent");
        UUID wrong = entry("EXPENSE", bank, rent, "450", "2026-02-01");
        mvc.perform(json(put("/api/v1/transactions/{id}", wrong).with(bearer(cafe.ownerToken())),
                        entryBody("EXPENSE", bank, rent, "405", "2026-02-01")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()", is(2)))
                .andExpect(jsonPath("$[0].reversesId", is(wrong.toString())))
                .andExpect(jsonPath("$[0].amount", is("450")))
                .andExpect(jsonPath("$[1].amount", is("-405")));
        // 1000 − 450 + 450 − 405: the old row stays in the history, reversed.
        assertThat(balance(bank)).isEqualByComparingTo("595");
        mvc.perform(get("/api/v1/transactions/{id}", wrong).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.reversed", is(true)));
    }

    /**
     * Rent of 300 on day 31 from 31 Jan to 30 Apr 2026: 31 Jan, 28 Feb (the month's last day), 31 Mar and 30 Apr,
     * all due by now. Booked when it is made, and not again by the job: 2000 − 4 × 300 = 800. Each at the start of
     * its day in Kyiv (UTC+2 in winter, +3 from 29 March).
     */
    @Test
    void aRecurringExpenseIsBookedOncePerOccurrence() throws Exception {
        UUID bank = account("Bank", "BANK", null, "2000", "2026-01-01");
        UUID rent = category("Rent");
        String made = mvc.perform(json(post("/api/v1/recurring-transactions").with(bearer(cafe.ownerToken())), """
                        {"kind": "EXPENSE", "accountId": "%s", "categoryId": "%s", "amount": "300", "dayOfMonth": 31,
                         "startsOn": "2026-01-31", "endsOn": "2026-04-30", "counterparty": "Landlord"}"""
                        .formatted(bank, rent)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(asOwner(() -> recurring.bookDue())).isZero();
        assertThat(asOwner(() -> recurring.bookDue())).isZero();
        assertThat(balance(bank)).isEqualByComparingTo("800");
        String rows = mvc.perform(get("/api/v1/transactions").param("source", "RECURRENCE")
                        .param("sort", "occurredAt").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totals.count", is(4)))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(rows, "$.items[*].occurredAt")).containsExactly(
                "2026-01-30T22:00:00Z", "2026-02-27T22:00:00Z", "2026-03-30T21:00:00Z", "2026-04-29T21:00:00Z");
        mvc.perform(post("/api/v1/recurring-transactions/{id}/stop", uuid(made, "$.id"))
                .with(bearer(cafe.ownerToken()))).andExpect(jsonPath("$.stopped", is(true)));
    }

    // ---- refusals ----------------------------------------------------------------------------------------------

    @Test
    void badInputIsAProblemAndSavesNothing() throws Exception {
        UUID bank = account("Bank", "BANK", null, "100", "2026-01-01");
        UUID rent = category("Rent");
        long before = rows();
        List<MockHttpServletRequestBuilder> bad = List.of(
                json(post("/api/v1/transactions"), entryBody("EXPENSE", bank, rent, "0", "2026-02-01")),
                json(post("/api/v1/transactions"), entryBody("EXPENSE", bank, rent, "-5", "2026-02-01")),
                json(post("/api/v1/transactions"), entryBody("EXPENSE", bank, rent, "1.00001", "2026-02-01")),
                json(post("/api/v1/transactions"), entryBody("INCOME", bank, rent, "5", "2026-02-01")),
                json(post("/api/v1/transactions"), entryBody("EXPENSE", bank, rent, "5", "2025-12-31")),
                json(post("/api/v1/transactions"), entryBody("EXPENSE", bank, UUID.randomUUID(), "5", "2026-02-01")),
                json(post("/api/v1/transactions/transfers"), """
                        {"fromAccountId": "%s", "toAccountId": "%s", "amount": "5", "date": "2026-02-01"}"""
                        .formatted(bank, bank)),
                get("/api/v1/finance/cash-flow").param("from", "2026-02-10").param("to", "2026-02-01"));
        for (MockHttpServletRequestBuilder call : bad) {
            mvc.perform(call.with(bearer(cafe.ownerToken())))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        mvc.perform(json(post("/api/v1/transactions/transfers").with(bearer(cafe.ownerToken())), """
                        {"fromAccountId": "%s", "toAccountId": "%s", "amount": "5", "date": "2026-02-01"}"""
                        .formatted(bank, bank)))
                .andExpect(jsonPath("$.errors[0].field", is("toAccountId")));
        assertThat(rows()).isEqualTo(before);
        assertThat(balance(bank)).isEqualByComparingTo("100");
    }

    @Test
    void anotherBusinessesAccountsTransactionsCategoriesAndSuppliesAreNotFound() throws Exception {
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        TestBusiness mine = cafe;
        UUID myBank = account("Bank", "BANK", null, "100", "2026-01-01");
        cafe = other;
        UUID theirBank = account("Bank", "BANK", null, "100", "2026-01-01");
        UUID theirRent = category("Rent");
        UUID theirRow = entry("EXPENSE", theirBank, theirRent, "10", "2026-02-01");
        UUID theirSupply = postedSupply("50");
        cafe = mine;
        long before = rows();
        List<MockHttpServletRequestBuilder> calls = List.of(
                get("/api/v1/accounts/{id}", theirBank),
                json(put("/api/v1/accounts/{id}", theirBank), """
                        {"name": "Mine now", "kind": "BANK", "openingDate": "2026-01-01"}"""),
                get("/api/v1/accounts/{id}/transactions", theirBank),
                get("/api/v1/transactions/{id}", theirRow),
                post("/api/v1/transactions/{id}/cancel", theirRow),
                get("/api/v1/finance-categories/{id}", theirRent),
                get("/api/v1/payables/{id}", theirSupply),
                json(post("/api/v1/payables/{id}/payments", theirSupply),
                        "{\"accountId\": \"%s\", \"amount\": \"1\", \"date\": \"2026-02-01\"}".formatted(myBank)),
                json(post("/api/v1/transactions"), entryBody("EXPENSE", theirBank, category("Rent"), "5",
                        "2026-02-01")),
                json(post("/api/v1/transactions/transfers"), """
                        {"fromAccountId": "%s", "toAccountId": "%s", "amount": "5", "date": "2026-02-01"}"""
                        .formatted(myBank, theirBank)),
                get("/api/v1/finance/cash-flow").param("from", "2026-02-01").param("to", "2026-02-28")
                        .param("venueId", other.venueId().toString()));
        for (MockHttpServletRequestBuilder call : calls) {
            int status = mvc.perform(call.with(bearer(cafe.ownerToken()))).andReturn().getResponse().getStatus();
            assertThat(status).as(call.toString()).isEqualTo(404);
        }
        assertThat(rows()).isEqualTo(before);
        mvc.perform(get("/api/v1/accounts").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(1)));
    }

    @Test
    void managersReadFinanceButOnlyOwnersAndAccountantsWriteIt() throws Exception {
        UUID bank = account("Bank", "BANK", null, "100", "2026-01-01");
        UUID rent = category("Rent");
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/transactions").with(bearer(manager.token()))).andExpect(status().isOk());
        mvc.perform(json(post("/api/v1/transactions").with(bearer(manager.token())),
                entryBody("EXPENSE", bank, rent, "5", "2026-02-01"))).andExpect(status().isForbidden());
        mvc.perform(json(post("/api/v1/transactions").with(bearer(accountant.token())),
                entryBody("EXPENSE", bank, rent, "5", "2026-02-01"))).andExpect(status().isCreated());
        assertThat(balance(bank)).isEqualByComparingTo("95");
    }

    @Test
    void aUserLimitedToAVenueSeesThatVenuesAccountsOnly() throws Exception {
        UUID bank = account("Bank", "BANK", null, "100", "2026-01-01");
        UUID desk = account("Desk", "CASH_DESK", cafe.venueId(), "10", "2026-01-01");
        UUID rent = category("Rent");
        UUID bankRow = entry("EXPENSE", bank, rent, "5", "2026-02-01");
        entry("EXPENSE", desk, rent, "3", "2026-02-01");
        InvitedUser manager = invite(cafe, "MANAGER", "[\"" + cafe.venueId() + "\"]");
        mvc.perform(get("/api/v1/accounts").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totalItems", is(1)))
                .andExpect(jsonPath("$.items[0].name", is("Desk")));
        mvc.perform(get("/api/v1/accounts/{id}", bank).with(bearer(manager.token()))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/transactions/{id}", bankRow).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/transactions").with(bearer(manager.token())))
                .andExpect(jsonPath("$.totals.count", is(1)))
                .andExpect(jsonPath("$.totals.expense", is("-3")));
        mvc.perform(get("/api/v1/finance/cash-flow").param("from", "2026-02-01").param("to", "2026-02-28")
                        .with(bearer(manager.token())))
                .andExpect(jsonPath("$.accounts.length()", is(1)))
                .andExpect(jsonPath("$.accounts[0].closing", is("7")));
    }

    @Test
    void thePagesShowFinanceAndAFormShowsItsFieldErrorsSavingNothing() throws Exception {
        UUID bank = account("Bank", "BANK", null, "100", "2026-01-01");
        UUID rent = category("Rent");
        entry("EXPENSE", bank, rent, "40", "2026-02-01");
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        for (String page : List.of("/finance/accounts", "/finance/accounts/" + bank, "/finance/accounts/new",
                "/finance/transactions", "/finance/transactions/new", "/finance/transfers/new", "/finance/categories",
                "/finance/payables", "/finance/cash-flow", "/finance/recurring",
                "/finance/transactions/" + entry("EXPENSE", bank, rent, "1", "2026-02-03") + "/edit")) {
            mvc.perform(get(page).session(owner)).andExpect(status().isOk());
        }
        long before = rows();
        mvc.perform(post("/finance/transactions/new").session(owner).with(csrf())
                        .param("kind", "EXPENSE").param("accountId", bank.toString()).param("categoryId", rent.toString())
                        .param("date", "2026-02-02").param("amount", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("invalid-feedback")));
        mvc.perform(post("/finance/transfers/new").session(owner).with(csrf())
                        .param("fromAccountId", bank.toString()).param("toAccountId", bank.toString())
                        .param("date", "2026-02-02").param("amount", "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("invalid-feedback")));
        assertThat(rows()).isEqualTo(before);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** SQL as the business's owner: the application's role sees a business's rows only within its tenant. */
    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }

    private BigDecimal balance(UUID account) throws Exception {
        String body = mvc.perform(get("/api/v1/accounts/{id}", account).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return new BigDecimal(JsonPath.<String>read(body, "$.balance"));
    }

    private UUID posAccount(String kind) throws Exception {
        String body = mvc.perform(get("/api/v1/accounts").param("kind", kind).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(1)))
                .andExpect(jsonPath("$.items[0].posDefault", is(true)))
                .andReturn().getResponse().getContentAsString();
        return uuid(body, "$.items[0].id");
    }

    private long rowsOf(UUID sourceId) {
        return asOwner(() -> jdbc.queryForObject("SELECT COUNT(*) FROM finance_transaction WHERE source_id = ?", Long.class,
                sourceId));
    }

    /** Rows of this business, read through its own API (the test's JDBC connection sees no tenant's rows). */
    private long rows() throws Exception {
        String body = mvc.perform(get("/api/v1/transactions").param("size", "1").with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.totals.count")).longValue();
    }

    private BigDecimal discrepancyBooked(UUID shift) {
        return asOwner(() -> jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM finance_transaction WHERE shift_id = ?",
                BigDecimal.class, shift));
    }

    private UUID account(String name, String kind, UUID venueId, String opening, String date) throws Exception {
        return created("/api/v1/accounts", """
                {"name": "%s", "kind": "%s", "venueId": %s, "openingBalance": "%s", "openingDate": "%s"}"""
                .formatted(name, kind, venueId == null ? "null" : "\"" + venueId + "\"", opening, date));
    }

    private UUID category(String name) throws Exception {
        String body = mvc.perform(get("/api/v1/finance-categories").with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString();
        List<String> ids = JsonPath.read(body, "$[?(@.name == '" + name + "')].id");
        return UUID.fromString(ids.get(0));
    }

    private UUID entry(String kind, UUID account, UUID category, String amount, String date) throws Exception {
        String body = mvc.perform(json(post("/api/v1/transactions").with(bearer(cafe.ownerToken())),
                        entryBody(kind, account, category, amount, date)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(body, "$[0].id");
    }

    private static String entryBody(String kind, UUID account, UUID category, String amount, String date) {
        return """
                {"kind": "%s", "accountId": "%s", "categoryId": "%s", "amount": "%s", "date": "%s"}"""
                .formatted(kind, account, category, amount, date);
    }

    private void transfer(UUID from, UUID to, String amount, String date) throws Exception {
        mvc.perform(json(post("/api/v1/transactions/transfers").with(bearer(cafe.ownerToken())), """
                {"fromAccountId": "%s", "toAccountId": "%s", "amount": "%s", "date": "%s"}"""
                .formatted(from, to, amount, date))).andExpect(status().isCreated());
    }

    private UUID postedSupply(String total) throws Exception {
        UUID supplier = created("/api/v1/suppliers", "{\"name\": \"Dairy " + UUID.randomUUID() + "\"}");
        UUID milk = created("/api/v1/ingredients", "{\"name\": \"Milk " + UUID.randomUUID() + "\", \"unit\": \"l\"}");
        return created("/api/v1/supplies", """
                {"suppliedAt": "2026-02-01T08:00:00Z", "storageId": "%s", "supplierId": "%s", "invoiceNumber": "INV-1",
                 "lines": [{"ingredientId": "%s", "quantity": "10", "unit": "l", "total": "%s"}], "post": true}"""
                .formatted(cafe.storageId(), supplier, milk, total));
    }

    private String pairedDevice() throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(cafe.venueId())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(paired, "$.token");
    }

    private String receipt(UUID id, UUID shift, String closedAt, String quantity, String total, String payments) {
        return """
                {"id": "%s", "number": "B-1", "closedAt": "%s", "shiftId": %s,
                 "lines": [{"itemId": "%s", "quantity": "%s", "unitPrice": "65.00"}],
                 "payments": %s, "total": "%s", "refundOf": null}"""
                .formatted(id, closedAt, shift == null ? "null" : "\"" + shift + "\"", latte, quantity, payments,
                        total);
    }

    private static String cash(String amount) {
        return "[{\"method\": \"cash\", \"amount\": \"" + amount + "\"}]";
    }

    private static String event(UUID id, UUID shift, String type, String at, String amount) {
        return """
                {"id": "%s", "shiftId": "%s", "type": "%s", "at": "%s", "amount": "%s", "comment": null}"""
                .formatted(id, shift, type, at, amount);
    }

    private org.springframework.test.web.servlet.ResultActions push(String token, String receipts) throws Exception {
        return mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(token)),
                "{\"receipts\": [" + receipts + "]}")).andExpect(status().isOk());
    }

    private org.springframework.test.web.servlet.ResultActions events(String token, String events) throws Exception {
        return mvc.perform(json(post("/api/pos/v1/shift-events").with(bearer(token)),
                "{\"events\": [" + events + "]}")).andExpect(status().isOk());
    }

    private UUID created(String path, String body) throws Exception {
        String answer = mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(answer, "$.id");
    }
}
