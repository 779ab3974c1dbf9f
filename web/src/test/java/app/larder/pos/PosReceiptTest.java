package app.larder.pos;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Receipts pushed by a terminal: applied exactly once with their sales write-off, repeats recognised, bad receipts
 * rejected alone, late receipts taking effect at their own time, refunds. Stock figures worked out by hand:
 * coffee 0.80 a gram, milk 0.05 a ml, oat drink 0.15 a ml; a latte is 18 g of coffee and 200 ml of milk.
 */
class PosReceiptTest extends IntegrationTest {

    static final Instant SUPPLIED = Instant.parse("2026-01-05T08:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CashShifts cashShifts;
    @Autowired
    JdbcTemplate jdbc;

    private TestBusiness cafe;
    private UUID coffee;
    private UUID milk;
    private UUID oat;
    private UUID latte;
    private UUID oatOption;
    private UUID milkGroup;
    private String till;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Receipt Café " + UUID.randomUUID().toString().substring(0, 6));
        coffee = created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}");
        milk = created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}");
        oat = created("/api/v1/ingredients", "{\"name\": \"Oat drink\", \"unit\": \"l\"}");
        String group = mvc.perform(json(post("/api/v1/modifier-groups").with(bearer(cafe.ownerToken())), """
                        {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                         "options": [{"name": "Oat drink", "priceDelta": "15", "effect": "REPLACE",
                                      "ingredientId": "%s", "quantity": "200", "replacesIngredientId": "%s"}]}"""
                        .formatted(oat, milk)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID groupId = uuid(group, "$.id");
        milkGroup = groupId;
        oatOption = uuid(group, "$.options[0].id");
        UUID category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "65", "modifierGroupIds": ["%s"]}"""
                .formatted(category, groupId));
        mvc.perform(json(post("/api/v1/menu-items/" + latte + "/tech-cards").with(bearer(cafe.ownerToken())), """
                {"validFrom": "2026-01-01T00:00:00Z", "lines": [
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                  {"kind": "INGREDIENT", "componentId": "%s", "quantity": "200", "unit": "ml"}]}"""
                .formatted(coffee, milk))).andExpect(status().isCreated());
        asOwner(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(), SUPPLIED, List.of(
                Entry.in(Kind.SUPPLY, cafe.storageId(), coffee, new BigDecimal("1000"), new BigDecimal("800")),
                Entry.in(Kind.SUPPLY, cafe.storageId(), milk, new BigDecimal("10000"), new BigDecimal("500")),
                Entry.in(Kind.SUPPLY, cafe.storageId(), oat, new BigDecimal("1000"), new BigDecimal("150"))))));
        till = pairedDevice(cafe);
    }

    @Test
    void aReceiptTakesEffectOnceAndARepeatIsADuplicate() throws Exception {
        UUID id = UUID.randomUUID();
        // Two lattes at 65, one of them with oat drink (+15): 145.
        String receipt = latteReceipt(id, "2026-01-10T09:30:00+02:00", "145.00");
        push(till, receipt).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].id", is(id.toString())))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        // 36 g of coffee (28.80), 200 ml of milk (10.00) and 200 ml of oat drink (30.00) left the kitchen.
        assertStock(coffee, "964", "771.2");
        assertStock(milk, "9800", "490");
        assertStock(oat, "800", "120");

        push(till, receipt.replace("\"145.00\"", "\"145\"")).andExpect(jsonPath("$.results[0].status", is("duplicate")));
        // Decimals as JSON numbers are read to the last digit: the same receipt.
        push(till, receipt.replace("\"total\": \"145.00\"", "\"total\": 145.000"))
                .andExpect(jsonPath("$.results[0].status", is("duplicate")));
        assertStock(coffee, "964", "771.2");

        String other = latteReceipt(id, "2026-01-10T09:31:00+02:00", "145.00");
        push(till, other).andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("id")));
        assertStock(coffee, "964", "771.2");
    }

    @Test
    void aBadReceiptIsRejectedAloneAndTheOthersGoThrough() throws Exception {
        UUID first = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        String unknownItem = latteReceipt(bad, "2026-01-10T10:00:00Z", "145.00")
                .replace(latte.toString(), UUID.randomUUID().toString());
        push(till, latteReceipt(first, "2026-01-10T10:00:00Z", "145.00") + "," + unknownItem + ","
                + latteReceipt(third, "2026-01-10T10:01:00Z", "145.00"))
                .andExpect(jsonPath("$.results[*].status", contains("accepted", "rejected", "accepted")))
                .andExpect(jsonPath("$.results[1].errors[0].field", is("lines[0].itemId")));
        assertStock(coffee, "928", "742.4");   // 4 lattes: 72 g

        // A value of the wrong shape is named, and rejects its receipt alone.
        push(till, latteReceipt(UUID.randomUUID(), "2026-01-10T10:02:00Z", "145.00")
                        .replaceFirst("\"lines\": \\[", "\"lines\": {\"a\": 1}, \"x\": [") + ","
                + latteReceipt(UUID.randomUUID(), "2026-01-10T10:02:00Z", "145.00")
                        .replace("\"total\": \"145.00\"", "\"total\": {}") + ","
                + latteReceipt(UUID.randomUUID(), "2026-01-10T10:02:00Z", "145.00")
                        .replace("\"unitPrice\": \"65.00\"", "\"unitPrice\": [65]"))
                .andExpect(jsonPath("$.results[*].status", contains("rejected", "rejected", "rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("lines")))
                .andExpect(jsonPath("$.results[1].errors[0].field", is("total")))
                .andExpect(jsonPath("$.results[2].errors[0].field", is("lines[0].unitPrice")));
        events(till, event(UUID.randomUUID(), UUID.randomUUID(), "open", "2026-01-10T08:00:00Z", "100")
                .replace("\"amount\": \"100\"", "\"amount\": {}"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("amount")));
        assertStock(coffee, "928", "742.4");

        for (String broken : List.of(
                latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "140.00"),          // total does not add up
                latteReceipt(UUID.randomUUID(), "2099-01-10T10:00:00Z", "145.00"),          // far in the future
                latteReceipt(UUID.randomUUID(), "1970-01-01T00:00:05Z", "145.00"),          // a clock reset
                latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "145.00")           // a number, every digit
                        .replace("\"quantity\": \"2\"", "\"quantity\": 2.0000000000000000001"),
                latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "145.00")
                        .replace("\"amount\": \"145.00\"", "\"amount\": \"100.00\""),       // payments short
                latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "145.00")
                        .replace(oatOption.toString(), UUID.randomUUID().toString()),       // unknown modifier
                latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "145.00")
                        .replace("\"quantity\": \"2\"", "\"quantity\": \"-2\""),
                "{\"id\": \"not-a-uuid\", \"lines\": 7}")) {
            push(till, broken).andExpect(status().isOk())
                    .andExpect(jsonPath("$.results[0].status", is("rejected")));
        }
        assertStock(coffee, "928", "742.4");

        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(till)), "{\"receipts\": [ {\"id\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            huge.append(i == 0 ? "" : ",").append("{}");
        }
        push(till, huge.toString()).andExpect(status().isContentTooLarge());
    }

    @Test
    void theSameReceiptFromTwoTerminalsAtOnceIsAppliedOnce() throws Exception {
        String second = pairedDevice(cafe);
        String receipt = latteReceipt(UUID.randomUUID(), "2026-01-10T11:00:00Z", "145.00");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (String device : List.of(till, second)) {
            answers.add(pool.submit(() -> {
                start.await();
                return push(device, receipt).andReturn().getResponse().getContentAsString();
            }));
        }
        start.countDown();
        List<String> statuses = new ArrayList<>();
        for (Future<String> answer : answers) {
            statuses.add(JsonPath.read(answer.get(), "$.results[0].status"));
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder("accepted", "duplicate");
        assertStock(coffee, "964", "771.2");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Two terminals push big batches at once whose receipts take the same two items in opposite orders (a bottle of
     * milk, then of oat drink; and the other way round). Taken receipt by receipt, each batch would hold one item's
     * lock and wait for the other's: a deadlock. Every receipt is accepted once, and stock comes out exact.
     */
    @Test
    void twoBigBatchesAtOnceNeitherDeadlockNorCountTwice() throws Exception {
        UUID category = created("/api/v1/categories", "{\"name\": \"To go\"}");
        UUID milkBottle = created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Milk 250", "price": "20", "stockItemId": "%s",
                 "stockQuantity": "250"}""".formatted(category, milk));
        UUID oatBottle = created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Oat 100", "price": "30", "stockItemId": "%s",
                 "stockQuantity": "100"}""".formatted(category, oat));
        String second = pairedDevice(cafe);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        int perBatch = 20;
        for (int device = 0; device < 2; device++) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < perBatch; i++) {
                UUID first = (i + device) % 2 == 0 ? milkBottle : oatBottle;
                UUID then = first == milkBottle ? oatBottle : milkBottle;
                // Out of order within the batch: minutes go down and up.
                String closedAt = "2026-01-12T10:%02d:00Z".formatted((i * 7) % 60);
                batch.append(i == 0 ? "" : ",").append("""
                        {"id": "%s", "closedAt": "%s",
                         "lines": [{"itemId": "%s", "quantity": "1", "unitPrice": "%s"},
                                   {"itemId": "%s", "quantity": "1", "unitPrice": "%s"}],
                         "payments": [{"method": "card", "amount": "50"}], "total": "50"}"""
                        .formatted(UUID.randomUUID(), closedAt, first, first == milkBottle ? "20" : "30", then,
                                then == milkBottle ? "20" : "30"));
            }
            String token = device == 0 ? till : second;
            answers.add(pool.submit(() -> {
                start.await();
                return push(token, batch.toString()).andExpect(status().isOk()).andReturn().getResponse()
                        .getContentAsString();
            }));
        }
        start.countDown();
        for (Future<String> answer : answers) {
            List<String> statuses = JsonPath.read(answer.get(), "$.results[*].status");
            assertThat(statuses).hasSize(perBatch).containsOnly("accepted");
        }
        pool.shutdown();
        // 40 receipts, each a bottle of milk (250 ml at 0.05) and one of oat drink (100 ml at 0.15).
        assertStock(milk, "0", "0");
        assertStock(oat, "-3000", "-450");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aLateReceiptTakesEffectAtItsOwnTime() throws Exception {
        // Three days late: closed on the 10th, uploaded now. The balance of the 11th counts it.
        push(till, latteReceipt(UUID.randomUUID(), "2026-01-10T12:00:00Z", "145.00"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        StockLedger.Level onThe9th = asOwner(() -> ledger.level(cafe.storageId(), coffee,
                Instant.parse("2026-01-09T12:00:00Z")));
        StockLedger.Level onThe11th = asOwner(() -> ledger.level(cafe.storageId(), coffee,
                Instant.parse("2026-01-11T12:00:00Z")));
        assertThat(onThe9th.quantity()).isEqualByComparingTo("1000");
        assertThat(onThe11th.quantity()).isEqualByComparingTo("964");
    }

    @Test
    void aRefundMayTakeBackWhatWasSoldAndNoMoreAndReturnsStockWhereTheVenueSaysSo() throws Exception {
        UUID sale = UUID.randomUUID();
        push(till, latteReceipt(sale, "2026-01-10T13:00:00Z", "145.00"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        push(till, refund(UUID.randomUUID(), sale, "1", "65.00"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        assertStock(coffee, "964", "771.2");            // a café throws a returned latte away: no stock back

        mvc.perform(json(put("/api/v1/venues/" + cafe.venueId() + "/sales-settings").with(bearer(cafe.ownerToken())),
                "{\"returnStockOnRefund\": true}")).andExpect(status().isOk());
        push(till, refund(UUID.randomUUID(), sale, "1", "65.00"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        // One plain latte back: 18 g of coffee at the 0.80 it left with (14.40), 200 ml of milk at 0.05 (10.00).
        assertStock(coffee, "982", "785.6");
        assertStock(milk, "10000", "500");
        assertStock(oat, "800", "120");

        push(till, refund(UUID.randomUUID(), sale, "1", "65.00"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("lines[0].quantity")));
        push(till, refund(UUID.randomUUID(), UUID.randomUUID(), "1", "65.00"))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("refundOf")));
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aDeviceSeesOnlyItsBusinessAndARevokedOneNothing() throws Exception {
        TestBusiness other = signUp("Other " + UUID.randomUUID().toString().substring(0, 6));
        String stranger = pairedDevice(other);
        push(stranger, latteReceipt(UUID.randomUUID(), "2026-01-10T14:00:00Z", "145.00"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("lines[0].itemId")));
        assertStock(coffee, "1000", "800");
        push("lpos_not-a-token", "").andExpect(status().isUnauthorized());
    }

    @Test
    void aCashShiftShowsItsExpectedCashAndDiscrepancy() throws Exception {
        UUID shift = UUID.randomUUID();
        String open = event(UUID.randomUUID(), shift, "open", "2026-01-10T07:55:00Z", "500.00");
        events(till, open + "," + event(UUID.randomUUID(), shift, "cashIn", "2026-01-10T09:00:00Z", "100")
                + "," + event(UUID.randomUUID(), shift, "cashOut", "2026-01-10T12:00:00Z", "50"))
                .andExpect(jsonPath("$.results[*].status", contains("accepted", "accepted", "accepted")));
        UUID sale = UUID.randomUUID();
        push(till, latteReceipt(sale, "2026-01-10T10:00:00Z", "145.00")
                .replace("\"shiftId\": null", "\"shiftId\": \"" + shift + "\""))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        push(till, refund(UUID.randomUUID(), sale, "1", "65.00")
                .replace("\"closedAt\"", "\"shiftId\": \"" + shift + "\", \"closedAt\""))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        // Counted 620; expected 500 + 145 − 65 + 100 − 50 = 630: 10 missing.
        events(till, event(UUID.randomUUID(), shift, "close", "2026-01-10T20:00:00Z", "620"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));

        events(till, open).andExpect(jsonPath("$.results[0].status", is("duplicate")));
        events(till, event(UUID.randomUUID(), shift, "open", "2026-01-10T08:00:00Z", "0"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("type")));
        events(till, event(UUID.randomUUID(), shift, "lunch", "2026-01-10T08:00:00Z", "0") + ","
                + event(UUID.randomUUID(), shift, "cashIn", "2026-01-10T08:00:00Z", "-5"))
                .andExpect(jsonPath("$.results[*].status", contains("rejected", "rejected")));

        List<CashShifts.Shift> shifts = asOwner(() -> cashShifts.shifts(cafe.venueId(),
                Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z")));
        assertThat(shifts).hasSize(1);
        CashShifts.Shift found = shifts.get(0);
        assertThat(found.openingCash()).isEqualByComparingTo("500");
        assertThat(found.cashSales()).isEqualByComparingTo("145");
        assertThat(found.cashRefunds()).isEqualByComparingTo("65");
        assertThat(found.expectedCash()).isEqualByComparingTo("630");
        assertThat(found.discrepancy()).isEqualByComparingTo("-10");
    }

    /** Two refunds of a sale's last latte from two terminals at once: one takes it back, the other is refused. */
    @Test
    void twoRefundsOfTheLastPortionAtOnceTakeItBackOnce() throws Exception {
        String second = pairedDevice(cafe);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                UUID sale = UUID.randomUUID();
                push(till, """
                        {"id": "%s", "closedAt": "2026-01-10T13:%02d:00Z",
                         "lines": [{"itemId": "%s", "quantity": "1", "unitPrice": "65.00"}],
                         "payments": [{"method": "cash", "amount": "65"}], "total": "65"}"""
                        .formatted(sale, round, latte)).andExpect(jsonPath("$.results[0].status", is("accepted")));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (String device : List.of(till, second)) {
                    String body = refund(UUID.randomUUID(), sale, "1", "65.00");
                    answers.add(pool.submit(() -> {
                        start.await();
                        return push(device, body).andExpect(status().isOk()).andReturn().getResponse()
                                .getContentAsString();
                    }));
                }
                start.countDown();
                List<String> statuses = new ArrayList<>();
                for (Future<String> answer : answers) {
                    statuses.add(JsonPath.read(answer.get(), "$.results[0].status"));
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder("accepted", "rejected");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRefundGivesBackNoMoreMoneyOrOptionsThanTheSaleTookAndNotBeforeIt() throws Exception {
        UUID sale = UUID.randomUUID();
        push(till, latteReceipt(sale, "2026-01-10T13:00:00Z", "145.00"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        // Dearer than sold: the sale took 145, one latte at 150 cannot give back more.
        push(till, refund(UUID.randomUUID(), sale, "1", "65.00").replace("\"65.00\"", "\"150.00\""))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("total")));
        // Oat drink twice, where the sale had it once.
        String twoOats = """
                {"id": "%s", "closedAt": "2026-01-10T15:00:00Z", "refundOf": "%s",
                 "lines": [{"itemId": "%s", "quantity": "2", "unitPrice": "65.00",
                            "modifiers": [{"optionId": "%s", "quantity": "2"}]}],
                 "payments": [{"method": "cash", "amount": "160"}], "total": "160"}"""
                .formatted(UUID.randomUUID(), sale, latte, oatOption);
        push(till, twoOats).andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("lines[0].modifiers[0].quantity")));
        // Before the sale.
        push(till, refund(UUID.randomUUID(), sale, "1", "65.00").replace("2026-01-10T15:00:00Z",
                        "2026-01-10T12:59:00Z"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("closedAt")));
        // What the sale did take comes back: both lattes, the oat drink once, 145.
        push(till, """
                {"id": "%s", "closedAt": "2026-01-10T15:00:00Z", "refundOf": "%s",
                 "lines": [{"itemId": "%s", "quantity": "2", "unitPrice": "65.00",
                            "modifiers": [{"optionId": "%s", "quantity": "1"}]}],
                 "payments": [{"method": "cash", "amount": "145"}], "total": "145"}"""
                .formatted(UUID.randomUUID(), sale, latte, oatOption))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
    }

    /**
     * An option's price changed after a receipt was accepted: the terminal's repeat of it is still a duplicate, not
     * a receipt that no longer adds up; and a late receipt that says what it charged for the option is accepted.
     */
    @Test
    void anOptionsNewPriceBreaksNeitherARepeatNorALateReceiptThatSaysWhatItCharged() throws Exception {
        UUID id = UUID.randomUUID();
        String receipt = latteReceipt(id, "2026-01-10T09:30:00Z", "145.00");
        push(till, receipt).andExpect(jsonPath("$.results[0].status", is("accepted")));
        mvc.perform(json(put("/api/v1/modifier-groups/" + milkGroup).with(bearer(cafe.ownerToken())), """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                 "options": [{"id": "%s", "name": "Oat drink", "priceDelta": "20", "effect": "REPLACE",
                              "ingredientId": "%s", "quantity": "200", "replacesIngredientId": "%s"}]}"""
                .formatted(oatOption, oat, milk))).andExpect(status().isOk());

        push(till, receipt).andExpect(jsonPath("$.results[0].status", is("duplicate")));
        assertStock(coffee, "964", "771.2");
        // Closed before the change at the old 15: without the price it no longer adds up, with it it does.
        String late = latteReceipt(UUID.randomUUID(), "2026-01-10T09:40:00Z", "145.00");
        push(till, late).andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("total")));
        UUID lateId = UUID.randomUUID();
        push(till, latteReceipt(lateId, "2026-01-10T09:40:00Z", "145.00")
                .replace("\"quantity\": \"1\"}", "\"quantity\": \"1\", \"priceDelta\": \"15.00\"}"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        assertThat(asOwner(() -> jdbc.queryForObject("SELECT price_delta FROM receipt_modifier WHERE receipt_id = ?",
                BigDecimal.class, lateId))).isEqualByComparingTo("15");
    }

    /** PostgreSQL's text cannot hold NUL: such a receipt is refused by itself, and the rest of the batch goes in. */
    @Test
    void aNulCharacterRejectsItsReceiptAloneAndNothingElse() throws Exception {
        UUID first = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        push(till, latteReceipt(first, "2026-01-10T10:00:00Z", "145.00") + ","
                + latteReceipt(bad, "2026-01-10T10:00:00Z", "145.00").replace("\"B-1\"", "\"B-\\u00001\"") + ","
                + latteReceipt(third, "2026-01-10T10:01:00Z", "145.00"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[*].status", contains("accepted", "rejected", "accepted")))
                .andExpect(jsonPath("$.results[1].errors[0].field", is("number")));
        assertStock(coffee, "928", "742.4");
        events(till, event(UUID.randomUUID(), UUID.randomUUID(), "open", "2026-01-10T08:00:00Z", "100")
                .replace("\"comment\": null", "\"comment\": \"a\\u0000b\""))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("comment")));
    }

    /**
     * A weighed product: 0.333 kg at 45.00 comes to 14.985, paid as 14.99 (the line rounded once, half-up, to the
     * currency's minor unit). Money with more decimals than the currency has is refused.
     */
    @Test
    void aWeighedLineIsRoundedOnceToTheMinorUnit() throws Exception {
        UUID category = created("/api/v1/categories", "{\"name\": \"By weight\"}");
        UUID beans = created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Beans by weight", "price": "45", "stockItemId": "%s",
                 "stockQuantity": "1000"}""".formatted(category, coffee));
        String weighed = """
                {"id": "%s", "closedAt": "2026-01-10T11:00:00Z",
                 "lines": [{"itemId": "%s", "quantity": "0.333", "unitPrice": "45.00"}],
                 "payments": [{"method": "card", "amount": "%s"}], "total": "%s"}""";
        UUID id = UUID.randomUUID();
        push(till, weighed.formatted(id, beans, "14.99", "14.99"))
                .andExpect(jsonPath("$.results[0].status", is("accepted")));
        assertThat(asOwner(() -> jdbc.queryForObject("SELECT amount FROM receipt_line WHERE receipt_id = ?",
                BigDecimal.class, id))).isEqualByComparingTo("14.99");
        assertStock(coffee, "667", "533.6");        // 333 g of coffee at 0.80
        push(till, weighed.formatted(UUID.randomUUID(), beans, "14.985", "14.985"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[*].field", contains("payments[0].amount", "total")))
                .andExpect(jsonPath("$.results[0].errors[1].message",
                        is("An amount of money has at most 2 decimal places in this business's currency.")));
        push(till, weighed.formatted(UUID.randomUUID(), beans, "14.99", "14.99").replace("\"0.333\"",
                        "\"0.333\\u0000\""))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("lines[0].quantity")));
        push(till, weighed.formatted(UUID.randomUUID(), beans, "14.98", "14.98"))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("total")));
    }

    @Test
    void aReceiptOfAnotherVenuesShiftAndAShiftEventOutsideItsShiftAreRefused() throws Exception {
        UUID shift = UUID.randomUUID();
        events(till, event(UUID.randomUUID(), shift, "open", "2026-01-10T08:00:00Z", "100") + ","
                + event(UUID.randomUUID(), shift, "close", "2026-01-10T20:00:00Z", "100"))
                .andExpect(jsonPath("$.results[*].status", contains("accepted", "accepted")));
        events(till, event(UUID.randomUUID(), shift, "cashIn", "2026-01-10T21:00:00Z", "10") + ","
                + event(UUID.randomUUID(), shift, "cashOut", "2026-01-10T07:00:00Z", "10"))
                .andExpect(jsonPath("$.results[*].status", contains("rejected", "rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("at")));
        UUID later = UUID.randomUUID();
        events(till, event(UUID.randomUUID(), later, "close", "2026-01-11T08:00:00Z", "0") + ","
                + event(UUID.randomUUID(), later, "open", "2026-01-11T09:00:00Z", "0"))
                .andExpect(jsonPath("$.results[*].status", contains("accepted", "rejected")))
                .andExpect(jsonPath("$.results[1].errors[0].message",
                        is("This event's time does not fit its shift: it opens at 2026-01-11T09:00:00Z and closes"
                                + " at 2026-01-11T08:00:00Z.")));
        // Out of order the other way: a cash in stored first, then a close and an opening that leave it outside.
        UUID reversed = UUID.randomUUID();
        events(till, event(UUID.randomUUID(), reversed, "cashIn", "2026-01-12T12:00:00Z", "10") + ","
                + event(UUID.randomUUID(), reversed, "close", "2026-01-12T11:00:00Z", "100") + ","
                + event(UUID.randomUUID(), reversed, "open", "2026-01-12T12:30:00Z", "100") + ","
                + event(UUID.randomUUID(), reversed, "close", "2026-01-12T13:00:00Z", "110") + ","
                + event(UUID.randomUUID(), reversed, "open", "2026-01-12T08:00:00Z", "100"))
                .andExpect(jsonPath("$.results[*].status",
                        contains("accepted", "rejected", "rejected", "accepted", "accepted")));

        String secondVenue = mvc.perform(json(post("/api/v1/venues").with(bearer(cafe.ownerToken())),
                        "{\"name\": \"Second\", \"timezone\": \"Europe/Kyiv\"}")).andExpect(status().isCreated())
                .andReturn().getResponse()
                .getContentAsString();
        String elsewhere = pairedDevice(cafe, uuid(secondVenue, "$.id"));
        push(elsewhere, latteReceipt(UUID.randomUUID(), "2026-01-10T10:00:00Z", "145.00")
                .replace("\"shiftId\": null", "\"shiftId\": \"" + shift + "\""))
                .andExpect(jsonPath("$.results[0].status", is("rejected")))
                .andExpect(jsonPath("$.results[0].errors[0].field", is("shiftId")));
    }

    private String event(UUID id, UUID shift, String type, String at, String amount) {
        return """
                {"id": "%s", "shiftId": "%s", "type": "%s", "at": "%s", "amount": "%s", "comment": null}"""
                .formatted(id, shift, type, at, amount);
    }

    private org.springframework.test.web.servlet.ResultActions events(String token, String events) throws Exception {
        return mvc.perform(json(post("/api/pos/v1/shift-events").with(bearer(token)),
                "{\"events\": [" + events + "]}"));
    }

    private String latteReceipt(UUID id, String closedAt, String total) {
        return """
                {"id": "%s", "number": "B-1", "openedAt": null, "closedAt": "%s", "shiftId": null, "waiter": "Olena",
                 "lines": [{"itemId": "%s", "quantity": "2", "unitPrice": "65.00",
                            "modifiers": [{"optionId": "%s", "quantity": "1"}], "discount": "0.00"}],
                 "payments": [{"method": "cash", "amount": "145.00"}], "total": "%s", "refundOf": null}"""
                .formatted(id, closedAt, latte, oatOption, total);
    }

    private String refund(UUID id, UUID of, String quantity, String amount) {
        return """
                {"id": "%s", "closedAt": "2026-01-10T15:00:00Z",
                 "lines": [{"itemId": "%s", "quantity": "%s", "unitPrice": "65.00"}],
                 "payments": [{"method": "cash", "amount": "%s"}], "total": "%s", "refundOf": "%s"}"""
                .formatted(id, latte, quantity, amount, amount, of);
    }

    private org.springframework.test.web.servlet.ResultActions push(String token, String receipts) throws Exception {
        return mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(token)),
                "{\"receipts\": [" + receipts + "]}"));
    }

    private void assertStock(UUID item, String quantity, String value) {
        StockLedger.Level level = asOwner(() -> ledger.level(cafe.storageId(), item, Instant.now().plus(1,
                ChronoUnit.DAYS)));
        assertThat(level.quantity()).as("quantity").isEqualByComparingTo(quantity);
        assertThat(level.value()).as("value").isEqualByComparingTo(value);
    }

    private String pairedDevice(TestBusiness business) throws Exception {
        return pairedDevice(business, business.venueId());
    }

    private String pairedDevice(TestBusiness business, UUID venueId) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(business.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Till\"}".formatted(venueId)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(paired, "$.token");
    }

    private UUID created(String path, String body) throws Exception {
        String answer = mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(answer, "$.id");
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
