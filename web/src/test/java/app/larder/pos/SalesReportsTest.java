package app.larder.pos;

import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The web app's view of what terminals pushed: the receipt list with filters and totals, a receipt with what it wrote
 * off, cash shifts, and the figures of a day, through the API and the pages.
 * <p>
 * Figures by hand. Stock at both venues: coffee 0.80 a gram, milk 0.05 a ml, oat drink 0.15 a ml. A latte (65) is
 * 18 g of coffee (14.40) and 200 ml of milk (10.00): 24.40; with oat drink (+15) instead of milk: 14.40 + 30.00 =
 * 44.40. An espresso (40) is 18 g of coffee: 14.40.
 * <ul>
 * <li>Centre (Europe/Kyiv, UTC+2 in January):
 *   A-1 on 10 Jan 09:30 local, two lattes one with oat drink: 145.00 cash, cost 24.40 + 44.40 = 68.80, shift S;
 *   A-2 on 10 Jan 13:15 local, espresso + latte: 105.00 card, cost 14.40 + 24.40 = 38.80;
 *   R-1 on 10 Jan 15:00 local, refund of one latte of A-1: 65.00 cash, cost 0 (a refund takes nothing), shift S;
 *   A-3 on 10 Jan 23:30 UTC, which is 11 Jan 01:30 in Kyiv: an espresso, 40.00 cash, cost 14.40.</li>
 * <li>Harbour (America/New_York, UTC−5): B-1 on 11 Jan 02:00 UTC, which is 10 Jan 21:00 there: two espressos,
 *   80.00 card, cost 28.80.</li>
 * </ul>
 * 10 January, every venue: sales 145 + 105 + 80 = 330, refunds 65, revenue 265, cost 68.80 + 38.80 + 28.80 =
 * 136.40, gross profit 128.60; Centre alone: revenue 250 − 65 = 185, cost 107.60, gross profit 77.40.
 */
class SalesReportsTest extends IntegrationTest {

    static final Instant SUPPLIED = Instant.parse("2026-01-05T08:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID harbour;
    private UUID latte;
    private UUID espresso;
    private UUID oatOption;
    private String tillA;
    private String tillB;
    private UUID tillBId;
    private final UUID a1 = UUID.randomUUID();
    private final UUID a2 = UUID.randomUUID();
    private final UUID r1 = UUID.randomUUID();
    private final UUID a3 = UUID.randomUUID();
    private final UUID b1 = UUID.randomUUID();
    private final UUID shift = UUID.randomUUID();

    @BeforeEach
    void twoVenuesWithSales() throws Exception {
        cafe = signUp("Sales Café " + UUID.randomUUID().toString().substring(0, 6));
        harbour = created("/api/v1/venues", "{\"name\": \"Harbour\", \"timezone\": \"America/New_York\"}");
        UUID harbourStorage = uuid(mvc.perform(get("/api/v1/storages?venueId=" + harbour)
                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsString(), "$.items[0].id");
        UUID coffee = created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}");
        UUID milk = created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}");
        UUID oat = created("/api/v1/ingredients", "{\"name\": \"Oat drink\", \"unit\": \"l\"}");
        String group = mvc.perform(json(post("/api/v1/modifier-groups").with(bearer(cafe.ownerToken())), """
                        {"name": "Milk", "minSelected": 0, "maxSelected": 1,
                         "options": [{"name": "Oat drink", "priceDelta": "15", "effect": "REPLACE",
                                      "ingredientId": "%s", "quantity": "200", "replacesIngredientId": "%s"}]}"""
                        .formatted(oat, milk)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        oatOption = uuid(group, "$.options[0].id");
        UUID category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "65", "modifierGroupIds": ["%s"]}"""
                .formatted(category, uuid(group, "$.id")));
        espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso", "price": "40"}""".formatted(category));
        techCard(latte, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "200", "unit": "ml"}""".formatted(coffee, milk));
        techCard(espresso, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"}""".formatted(coffee));
        for (UUID storage : List.of(cafe.storageId(), harbourStorage)) {
            asOwner(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(), SUPPLIED, List.of(
                    Entry.in(Kind.SUPPLY, storage, coffee, new BigDecimal("1000"), new BigDecimal("800")),
                    Entry.in(Kind.SUPPLY, storage, milk, new BigDecimal("10000"), new BigDecimal("500")),
                    Entry.in(Kind.SUPPLY, storage, oat, new BigDecimal("1000"), new BigDecimal("150"))))));
        }
        tillA = pairedDevice(cafe.venueId(), "Bar till").token();
        PairedDevice b = pairedDevice(harbour, "Harbour till");
        tillB = b.token();
        tillBId = b.id();

        events(tillA, event(shift, "open", "2026-01-10T07:55:00+02:00", "500") + ","
                + event(shift, "cashIn", "2026-01-10T11:00:00+02:00", "100") + ","
                + event(shift, "cashOut", "2026-01-10T14:00:00+02:00", "50"));
        push(tillA, receipt(a1, "A-1", "2026-01-10T09:30:00+02:00", shift, "Olena", "cash", "145.00",
                line(latte, "2", "65.00", oatOption), null));
        push(tillA, receipt(a2, "A-2", "2026-01-10T13:15:00+02:00", null, "Petro", "card", "105.00",
                line(espresso, "1", "40.00", null) + "," + line(latte, "1", "65.00", null), null));
        push(tillA, receipt(r1, "R-1", "2026-01-10T15:00:00+02:00", shift, null, "cash", "65.00",
                line(latte, "1", "65.00", null), a1));
        push(tillA, receipt(a3, "A-3", "2026-01-10T23:30:00Z", null, "Olena", "cash", "40.00",
                line(espresso, "1", "40.00", null), null));
        push(tillB, receipt(b1, "B-1", "2026-01-11T02:00:00Z", null, "Sam", "card", "80.00",
                line(espresso, "2", "40.00", null), null));
        // Counted 620; expected 500 + 145 − 65 + 100 − 50 = 630: 10 missing.
        events(tillA, event(shift, "close", "2026-01-10T20:00:00+02:00", "620"));
    }

    @Test
    void theListTotalsEverythingTheFiltersFindInEachVenuesOwnDays() throws Exception {
        receipts("from=2026-01-10&to=2026-01-10")
                .andExpect(jsonPath("$.totalItems", is(4)))
                .andExpect(jsonPath("$.items[*].number", contains("B-1", "R-1", "A-2", "A-1")))
                .andExpect(jsonPath("$.totals.receipts", is(4)))
                .andExpect(jsonPath("$.totals.sales", is(3)))
                .andExpect(jsonPath("$.totals.refunds", is(1)))
                .andExpect(jsonPath("$.totals.salesAmount", is("330.00")))
                .andExpect(jsonPath("$.totals.refundsAmount", is("65.00")))
                .andExpect(jsonPath("$.totals.revenue", is("265.00")))
                .andExpect(jsonPath("$.totals.cost", is("136.40")))
                .andExpect(jsonPath("$.totals.grossProfit", is("128.60")))
                // The refund counts negative, and took nothing from stock.
                .andExpect(jsonPath("$.items[1].refund", is(true)))
                .andExpect(jsonPath("$.items[1].refundOf", is(a1.toString())))
                .andExpect(jsonPath("$.items[1].revenue", is("-65.00")))
                .andExpect(jsonPath("$.items[1].cost", is("0.00")))
                .andExpect(jsonPath("$.items[3].cost", is("68.80")))
                .andExpect(jsonPath("$.items[3].grossProfit", is("76.20")))
                .andExpect(jsonPath("$.items[3].localClosedAt", is("2026-01-10T09:30:00")))
                .andExpect(jsonPath("$.items[0].venueName", is("Harbour")))
                .andExpect(jsonPath("$.items[0].deviceName", is("Harbour till")))
                .andExpect(jsonPath("$.items[0].localClosedAt", is("2026-01-10T21:00:00")));

        // Centre on the 10th: 185 revenue, 107.60 cost; A-3 (23:30 UTC) is the 11th in Kyiv.
        receipts("venueId=" + cafe.venueId() + "&from=2026-01-10&to=2026-01-10")
                .andExpect(jsonPath("$.totalItems", is(3)))
                .andExpect(jsonPath("$.totals.revenue", is("185.00")))
                .andExpect(jsonPath("$.totals.cost", is("107.60")))
                .andExpect(jsonPath("$.totals.grossProfit", is("77.40")));
        // The 11th: only A-3; B-1 was closed on the 11th by UTC but on the 10th in New York.
        receipts("from=2026-01-11&to=2026-01-11")
                .andExpect(jsonPath("$.items[*].number", contains("A-3")))
                .andExpect(jsonPath("$.totals.grossProfit", is("25.60")));

        // One page of two, the totals still of all four.
        receipts("from=2026-01-10&to=2026-01-10&size=2&page=1&sort=total")
                .andExpect(jsonPath("$.items[*].number", contains("A-2", "A-1")))
                .andExpect(jsonPath("$.totalPages", is(2)))
                .andExpect(jsonPath("$.totals.revenue", is("265.00")));
        receipts("sort=number,desc").andExpect(jsonPath("$.items[*].number", contains("R-1", "B-1", "A-3", "A-2",
                "A-1")));
    }

    @Test
    void filtersNarrowTheListAndItsTotals() throws Exception {
        String day = "from=2026-01-10&to=2026-01-10";
        receipts(day + "&paymentMethod=card").andExpect(jsonPath("$.items[*].number", contains("B-1", "A-2")))
                .andExpect(jsonPath("$.totals.revenue", is("185.00")));
        receipts(day + "&type=refunds").andExpect(jsonPath("$.items[*].number", contains("R-1")))
                .andExpect(jsonPath("$.totals.revenue", is("-65.00")))
                .andExpect(jsonPath("$.totals.grossProfit", is("-65.00")));
        receipts(day + "&type=sales&amountFrom=100&amountTo=145")
                .andExpect(jsonPath("$.items[*].number", contains("A-2", "A-1")));
        receipts("waiter=OLEN").andExpect(jsonPath("$.items[*].number", contains("A-3", "A-1")));
        receipts("q=b-").andExpect(jsonPath("$.items[*].number", contains("B-1")));
        receipts("deviceId=" + tillBId).andExpect(jsonPath("$.items[*].number", contains("B-1")));
        // The shift's receipts: 145 − 65 = 80.
        receipts("shiftId=" + shift).andExpect(jsonPath("$.items[*].number", contains("R-1", "A-1")))
                .andExpect(jsonPath("$.totals.revenue", is("80.00")));
        receipts("paymentMethod=cheque").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field", is("paymentMethod")));
        receipts("type=voids").andExpect(status().isUnprocessableContent());
        receipts("from=2026-01-11&to=2026-01-10").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field", is("to")));
        receipts("sort=waiter").andExpect(status().isUnprocessableContent());
        receipts("venueId=" + UUID.randomUUID()).andExpect(status().isNotFound());
    }

    @Test
    void aReceiptShowsWhatItWroteOffAndItsGrossProfit() throws Exception {
        mvc.perform(get("/api/v1/receipts/" + a1).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number", is("A-1")))
                .andExpect(jsonPath("$.venueName", is(venueName())))
                .andExpect(jsonPath("$.deviceName", is("Bar till")))
                .andExpect(jsonPath("$.shiftId", is(shift.toString())))
                .andExpect(jsonPath("$.timezone", is("Europe/Kyiv")))
                .andExpect(jsonPath("$.lines[0].name", is("Latte")))
                .andExpect(jsonPath("$.lines[0].quantity", is("2")))
                .andExpect(jsonPath("$.lines[0].modifiers[0].name", is("Oat drink")))
                .andExpect(jsonPath("$.lines[0].modifiers[0].group", is("Milk")))
                .andExpect(jsonPath("$.lines[0].modifiers[0].priceDelta", is("15.00")))
                .andExpect(jsonPath("$.lines[0].amount", is("145.00")))
                .andExpect(jsonPath("$.payments[0].method", is("cash")))
                .andExpect(jsonPath("$.refunds[*].number", contains("R-1")))
                // 36 g of coffee 28.80, 200 ml of milk 10.00, 200 ml of oat drink 30.00: 68.80; 145 − 68.80 = 76.20.
                .andExpect(jsonPath("$.writtenOff[*].ingredientName", contains("Coffee beans", "Milk", "Oat drink")))
                .andExpect(jsonPath("$.writtenOff[*].quantity", contains("36", "200", "200")))
                .andExpect(jsonPath("$.writtenOff[*].unit", contains("g", "ml", "ml")))
                .andExpect(jsonPath("$.writtenOff[*].cost", contains("28.80", "10.00", "30.00")))
                .andExpect(jsonPath("$.cost", is("68.80")))
                .andExpect(jsonPath("$.grossProfit", is("76.20")));
        mvc.perform(get("/api/v1/receipts/" + r1).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.refund", is(true)))
                .andExpect(jsonPath("$.refundOf.number", is("A-1")))
                .andExpect(jsonPath("$.revenue", is("-65.00")))
                .andExpect(jsonPath("$.writtenOff", hasSize(0)))
                .andExpect(jsonPath("$.cost", is("0.00")));
        mvc.perform(get("/api/v1/receipts/" + UUID.randomUUID()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void theDayShowsRevenueAverageCheckTopItemsAndEachLocalHour() throws Exception {
        // Centre: sales 145 + 105 = 250 over 2 receipts (average 125), refunds 65, revenue 185, gross profit 77.40.
        // Latte: 2 + 1 − 1 = 2 portions, 145 + 65 − 65 = 145; espresso 1 for 40.
        mvc.perform(get("/api/v1/sales/today?venueId=" + cafe.venueId() + "&date=2026-01-10")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.receipts", is(2)))
                .andExpect(jsonPath("$.refunds", is(1)))
                .andExpect(jsonPath("$.revenue", is("185.00")))
                .andExpect(jsonPath("$.averageCheck", is("125.00")))
                .andExpect(jsonPath("$.cost", is("107.60")))
                .andExpect(jsonPath("$.grossProfit", is("77.40")))
                .andExpect(jsonPath("$.topItems[*].name", contains("Latte", "Espresso")))
                .andExpect(jsonPath("$.topItems[*].quantity", contains("2", "1")))
                .andExpect(jsonPath("$.topItems[*].revenue", contains("145.00", "40.00")))
                .andExpect(jsonPath("$.revenueByHour", hasSize(24)))
                // Kyiv hours, not UTC: 09:30 local is 07:30 UTC.
                .andExpect(jsonPath("$.revenueByHour[9].revenue", is("145.00")))
                .andExpect(jsonPath("$.revenueByHour[7].revenue", is("0.00")))
                .andExpect(jsonPath("$.revenueByHour[13].revenue", is("105.00")))
                .andExpect(jsonPath("$.revenueByHour[15].revenue", is("-65.00")));
        // Every venue: Harbour's 80 at 21:00 New York time; sales 330 over 3 receipts: 110.
        mvc.perform(get("/api/v1/sales/today?date=2026-01-10").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.revenue", is("265.00")))
                .andExpect(jsonPath("$.averageCheck", is("110.00")))
                .andExpect(jsonPath("$.grossProfit", is("128.60")))
                .andExpect(jsonPath("$.revenueByHour[21].revenue", is("80.00")))
                .andExpect(jsonPath("$.topItems[*].name", contains("Latte", "Espresso")))
                .andExpect(jsonPath("$.topItems[*].revenue", contains("145.00", "120.00")));
        // Today by default: nothing sold yet.
        mvc.perform(get("/api/v1/sales/today").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.receipts", is(0)))
                .andExpect(jsonPath("$.revenue", is("0.00")))
                .andExpect(jsonPath("$.averageCheck", is("0.00")));
    }

    @Test
    void cashShiftsShowTheirExpectedCashAndDiscrepancy() throws Exception {
        mvc.perform(get("/api/v1/cash-shifts?venueId=" + cafe.venueId() + "&from=2026-01-10&to=2026-01-10")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].venueName", is(venueName())))
                .andExpect(jsonPath("$[0].openingCash", is("500.00")))
                .andExpect(jsonPath("$[0].cashSales", is("145.00")))
                .andExpect(jsonPath("$[0].cashRefunds", is("65.00")))
                .andExpect(jsonPath("$[0].expectedCash", is("630.00")))
                .andExpect(jsonPath("$[0].countedCash", is("620.00")))
                .andExpect(jsonPath("$[0].discrepancy", is("-10.00")));
        mvc.perform(get("/api/v1/cash-shifts?from=2026-01-12&to=2026-01-12").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void aManagerOfOneVenueSeesOnlyItsSalesAndAnotherBusinessNone() throws Exception {
        InvitedUser manager = invite(cafe, "MANAGER", "[\"" + cafe.venueId() + "\"]");
        mvc.perform(get("/api/v1/receipts").with(bearer(manager.token())))
                .andExpect(jsonPath("$.items[*].venueId", everyItem(is(cafe.venueId().toString()))))
                .andExpect(jsonPath("$.totalItems", is(4)));
        mvc.perform(get("/api/v1/receipts/" + b1).with(bearer(manager.token()))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts?venueId=" + harbour).with(bearer(manager.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/sales/today?date=2026-01-10").with(bearer(manager.token())))
                .andExpect(jsonPath("$.revenue", is("185.00")));

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/receipts/" + b1).with(bearer(accountant.token()))).andExpect(status().isOk());

        TestBusiness other = signUp("Elsewhere " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/receipts/" + a1).with(bearer(other.ownerToken()))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.totalItems", is(0)));
        mvc.perform(get("/sales/receipts/" + a1).session(login(other.ownerEmail(), PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts").with(bearer(tillA))).andExpect(status().isUnauthorized());
    }

    @Test
    void thePagesShowTheFiguresAndLinkTogether() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document list = page("/sales/receipts?from=2026-01-10&to=2026-01-10", owner);
        assertThat(list.select("#receipts tbody tr")).hasSize(4);
        assertThat(list.selectFirst("#total-revenue").text()).contains("265.00");
        assertThat(list.selectFirst("#total-cost").text()).contains("136.40");
        assertThat(list.selectFirst("#total-gross-profit").text()).contains("128.60");
        assertThat(list.selectFirst("#receipt-" + r1).hasClass("table-warning")).isTrue();
        assertThat(list.selectFirst("#receipt-" + a1 + " a").attr("href")).endsWith("/sales/receipts/" + a1);
        assertThat(list.select("nav .dropdown-toggle").eachText()).contains("Sales");

        Document filtered = page("/sales/receipts?from=2026-01-10&to=2026-01-10&paymentMethod=cash&type=sales", owner);
        assertThat(filtered.select("#receipts tbody tr")).hasSize(1);
        assertThat(filtered.selectFirst("#paymentMethod option[selected]").val()).isEqualTo("cash");
        Document bad = page("/sales/receipts?type=voids", owner);
        assertThat(bad.selectFirst(".alert-danger").text()).contains("all, sales, refunds");

        Document receipt = page("/sales/receipts/" + a1, owner);
        assertThat(receipt.select("#written-off tbody tr")).hasSize(3);
        assertThat(receipt.selectFirst("#receipt-cost").text()).contains("68.80");
        assertThat(receipt.selectFirst("#receipt-gross-profit").text()).contains("76.20");
        assertThat(receipt.selectFirst("#receipt-lines").text()).contains("Latte", "Oat drink");
        assertThat(receipt.select("#refunds a").attr("href")).endsWith("/sales/receipts/" + r1);
        Document refund = page("/sales/receipts/" + r1, owner);
        assertThat(refund.selectFirst("#refund-of").attr("href")).endsWith("/sales/receipts/" + a1);
        assertThat(refund.selectFirst("#written-off-empty")).isNotNull();
        assertThat(refund.selectFirst("#receipt-revenue").text()).contains("-65.00");

        Document shifts = page("/sales/shifts?from=2026-01-10&to=2026-01-10", owner);
        Element row = shifts.selectFirst("#shift-" + shift);
        assertThat(row.hasClass("table-danger")).isTrue();
        assertThat(row.selectFirst(".discrepancy").text()).contains("-10.00");
        assertThat(row.selectFirst(".discrepancy").hasClass("text-danger")).isTrue();
        // The period's totals as a report: opening 500, expected 630, counted 620 (closed shifts), 10 missing.
        assertThat(shifts.selectFirst("#total-opening").text()).contains("500.00");
        assertThat(shifts.selectFirst("#total-expected").text()).contains("630.00");
        assertThat(shifts.selectFirst("#total-counted").text()).contains("620.00");
        assertThat(shifts.selectFirst("#total-discrepancy").text()).contains("-10.00");

        Document day = page("/sales/today?venueId=" + cafe.venueId() + "&date=2026-01-10", owner);
        assertThat(day.selectFirst("#day-revenue").text()).contains("185.00");
        assertThat(day.selectFirst("#day-receipts").text()).isEqualTo("2");
        assertThat(day.selectFirst("#day-average").text()).contains("125.00");
        assertThat(day.selectFirst("#day-gross-profit").text()).contains("77.40");
        assertThat(day.select("#top-items tbody tr").eachText().get(0)).contains("Latte", "145.00");
        assertThat(day.select("#revenue-by-hour > div")).hasSize(24);
        assertThat(day.selectFirst("#hour-9 > div").attr("style")).contains("height: 100%");
        assertThat(day.selectFirst("#hour-13 > div").attr("style")).contains("height: 72%");   // 105 / 145
        assertThat(day.selectFirst("#hour-15 > div").attr("style")).contains("height: 0%");
    }

    /** A shift's own page: its cash line by line, and every event its till sent, comments included. */
    @Test
    void aShiftsPageShowsItsCashLineByLineAndWhatTheTillReported() throws Exception {
        UUID banked = UUID.randomUUID();
        events(tillA, event(banked, "open", "2026-01-11T08:00:00+02:00", "300") + ","
                + """
                {"id": "%s", "shiftId": "%s", "type": "cashOut", "at": "2026-01-11T15:00:00+02:00", "amount": "100",
                 "comment": "To the bank"}""".formatted(UUID.randomUUID(), banked) + ","
                + event(banked, "close", "2026-01-11T21:00:00+02:00", "200"));
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document list = page("/sales/shifts?from=2026-01-11&to=2026-01-11", owner);
        assertThat(list.selectFirst("#shift-" + banked + " a[href$=/sales/shifts/" + banked + "]")).isNotNull();

        Document shiftPage = page("/sales/shifts/" + banked, owner);
        assertThat(shiftPage.selectFirst("#shift-expected").text()).contains("200.00");
        assertThat(shiftPage.selectFirst("#shift-discrepancy").text()).contains("0.00");
        assertThat(shiftPage.select("#shift-events tbody tr")).hasSize(3);
        assertThat(shiftPage.selectFirst("#shift-events").text()).contains("Opened with", "Cash out", "To the bank",
                "Closed, counted", "11 Jan 2026, 15:00");
        assertThat(shiftPage.selectFirst("#shift-receipts").attr("href")).contains("shiftId=" + banked);

        // The shift with the day's sales: expected 500 + 145 − 65 + 100 − 50, counted 620.
        Document busy = page("/sales/shifts/" + shift, owner);
        assertThat(busy.selectFirst("#shift-expected").text()).contains("630.00");
        assertThat(busy.selectFirst("#shift-discrepancy").text()).contains("-10.00");

        mvc.perform(get("/api/v1/cash-shifts/" + banked).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.shift.expectedCash", is("200.00")))
                .andExpect(jsonPath("$.shift.discrepancy", is("0.00")))
                .andExpect(jsonPath("$.events[*].type", contains("open", "cashOut", "close")))
                .andExpect(jsonPath("$.events[1].comment", is("To the bank")))
                .andExpect(jsonPath("$.events[1].amount", is("100.00")));

        mvc.perform(get("/sales/shifts/" + UUID.randomUUID()).session(owner)).andExpect(status().isNotFound());
        TestBusiness other = signUp("Other shifts " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/sales/shifts/" + banked).session(login(other.ownerEmail(), PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/cash-shifts/" + banked).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void thePagesSayWhatToDoWhenThereIsNothingYet() throws Exception {
        TestBusiness fresh = signUp("Fresh " + UUID.randomUUID().toString().substring(0, 6));
        MockHttpSession owner = login(fresh.ownerEmail(), PASSWORD);
        Document list = page("/sales/receipts", owner);
        assertThat(list.selectFirst("#receipts-empty").text()).contains("pair a terminal");
        assertThat(list.selectFirst("#receipts")).isNull();
        assertThat(page("/sales/shifts", owner).selectFirst("#shifts-empty")).isNotNull();
        Document day = page("/sales/today", owner);
        assertThat(day.selectFirst("#day-empty")).isNotNull();
        assertThat(day.selectFirst("#day-revenue").text()).contains("0.00");
        assertThat(page("/", owner).selectFirst("#home-sales-today").attr("href")).endsWith("/sales/today");
        assertThat(page("/", owner).selectFirst("#home-sales-today [hx-get]").attr("hx-get"))
                .endsWith("/sales/today/summary");
        Document summary = page("/sales/today/summary", owner);
        assertThat(summary.selectFirst("#home-revenue").text()).contains("0.00");
        assertThat(summary.selectFirst("#home-receipts").text()).isEqualTo("No receipts yet today");
    }

    @Test
    void theListsLinksKeepTheDefaultPeriodAndEveryFilter() throws Exception {
        // 26 receipts closed in the last hours: two pages of the default period (the last 7 days).
        StringBuilder recent = new StringBuilder();
        Instant now = Instant.now();
        for (int i = 0; i < 26; i++) {
            recent.append(i == 0 ? "" : ",").append(receipt(UUID.randomUUID(), "N-" + i,
                    now.minusSeconds(60L * (i + 1)).toString(), null, null, "cash", "40.00",
                    line(espresso, "1", "40.00", null), null));
        }
        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(tillA)), "{\"receipts\": [" + recent + "]}"))
                .andExpect(status().isOk());
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        // The home page's card says what the day's page says (the receipts may straddle midnight: compare, not count).
        Document day = page("/sales/today", owner);
        Document summary = page("/sales/today/summary", owner);
        assertThat(summary.selectFirst("#home-revenue").text()).isEqualTo(day.selectFirst("#day-revenue").text());
        String receipts = day.selectFirst("#day-receipts").text();
        assertThat(summary.selectFirst("#home-receipts").text())
                .startsWith(receipts.equals("0") ? "No receipts yet today" : receipts + " receipt");
        Document first = page("/sales/receipts", owner);
        String to = first.selectFirst("#to").val();
        String from = first.selectFirst("#from").val();
        assertThat(from).isNotBlank();
        String next = first.select(".pagination a.page-link").last().attr("href");
        assertThat(next).contains("from=" + from, "to=" + to, "page=1");
        assertThat(first.selectFirst("#receipts thead a[href*=sort=total]").attr("href"))
                .contains("from=" + from, "to=" + to);
        // Page 2 is still the period's: one receipt left, the totals of the 26 (not of all time).
        Document second = page(next, owner);
        assertThat(second.select("#receipts tbody tr")).hasSize(1);
        assertThat(second.selectFirst("#receipt-totals").text()).contains("Totals of 26 receipts");

        Document sorted = page("/sales/receipts?from=" + from + "&to=" + to + "&paymentMethod=cash&sort=total,desc",
                owner);
        assertThat(sorted.selectFirst("#receipt-filters input[name=sort]").val()).isEqualTo("total,desc");
        assertThat(sorted.select(".pagination a.page-link").last().attr("href"))
                .contains("paymentMethod=cash", "sort=total%2Cdesc", "from=" + from);
        assertThat(sorted.selectFirst("#receipts thead a[href*=sort=closedAt]").attr("href"))
                .contains("paymentMethod=cash", "from=" + from).doesNotContain("page=");
    }

    @Test
    void aReversedPeriodShowsItsErrorAndNoFiguresOnReceiptsAndShiftsAlike() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document receipts = page("/sales/receipts?from=2026-01-11&to=2026-01-10", owner);
        assertThat(receipts.selectFirst(".alert-danger").text()).contains("before its start");
        assertThat(receipts.selectFirst("#receipts")).isNull();
        assertThat(receipts.selectFirst("#receipts-empty")).isNull();
        assertThat(receipts.selectFirst("#from").val()).isEqualTo("2026-01-11");
        Document shifts = page("/sales/shifts?from=2026-01-11&to=2026-01-10", owner);
        assertThat(shifts.selectFirst(".alert-danger").text()).contains("before its start");
        assertThat(shifts.selectFirst("#shifts")).isNull();
        assertThat(shifts.selectFirst("#shifts-empty")).isNull();
        assertThat(shifts.selectFirst("#from").val()).isEqualTo("2026-01-11");
    }

    @Test
    void thePaidByFilterTotalsWhatWasPaidByThatMethod() throws Exception {
        // S-1 on the 10th: 90.00 paid 40 cash + 30 card + 20 other.
        push(tillA, """
                {"id": "%s", "number": "S-1", "closedAt": "2026-01-10T18:00:00+02:00", "lines": [%s],
                 "payments": [{"method": "cash", "amount": "40.00"}, {"method": "card", "amount": "30.00"},
                              {"method": "other", "amount": "20.00"}], "total": "90.00"}"""
                .formatted(UUID.randomUUID(), line(espresso, "2", "45.00", null)));
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document cash = page("/sales/receipts?from=2026-01-10&to=2026-01-10&paymentMethod=cash", owner);
        // Listed: A-1 145, R-1 −65, S-1 90 in full: 170; taken in cash: 145 + 40 − 65 = 120.
        assertThat(cash.select("#receipts tbody tr")).hasSize(3);
        assertThat(cash.selectFirst("#total-revenue").text()).contains("170.00");
        assertThat(cash.selectFirst("#total-paid-by-method").text()).contains("120.00");
        assertThat(cash.selectFirst("#paid-by-method").text()).contains("Cash");
        // Card: A-2 105, B-1 80 and S-1's 30: 215.
        assertThat(page("/sales/receipts?from=2026-01-10&to=2026-01-10&paymentMethod=card", owner)
                .selectFirst("#total-paid-by-method").text()).contains("215.00");
        assertThat(page("/sales/receipts?from=2026-01-10&to=2026-01-10", owner).selectFirst("#paid-by-method"))
                .isNull();
    }

    @Test
    void costIsRoundedOncePerWrittenOffLineSoEveryFigureAddsUp() throws Exception {
        // Sugar and syrup at 100 for 3 kg (3 l): 10 g or 10 ml is 0.3333…, shown 0.33. A lemonade (50.00) takes
        // 10 g of sugar and 10 ml of syrup: its cost is 0.33 + 0.33 = 0.66 (not 0.6666… shown 0.67), its gross
        // profit 50.00 − 0.66 = 49.34. Two on the 12th: revenue 100.00, cost 1.32, gross profit 98.68.
        UUID sugar = created("/api/v1/ingredients", "{\"name\": \"Sugar\", \"unit\": \"kg\"}");
        UUID syrup = created("/api/v1/ingredients", "{\"name\": \"Syrup\", \"unit\": \"l\"}");
        asOwner(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(), SUPPLIED, List.of(
                Entry.in(Kind.SUPPLY, cafe.storageId(), sugar, new BigDecimal("3000"), new BigDecimal("100")),
                Entry.in(Kind.SUPPLY, cafe.storageId(), syrup, new BigDecimal("3000"), new BigDecimal("100"))))));
        UUID drinks = created("/api/v1/categories", "{\"name\": \"Drinks\"}");
        UUID lemonade = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Lemonade", "price": "50"}""".formatted(drinks));
        techCard(lemonade, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "10", "unit": "g"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "10", "unit": "ml"}""".formatted(sugar, syrup));
        UUID l1 = UUID.randomUUID();
        push(tillA, receipt(l1, "L-1", "2026-01-12T10:00:00+02:00", null, null, "cash", "50.00",
                line(lemonade, "1", "50.00", null), null));
        push(tillA, receipt(UUID.randomUUID(), "L-2", "2026-01-12T11:00:00+02:00", null, null, "cash", "50.00",
                line(lemonade, "1", "50.00", null), null));
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);

        Document receipt = page("/sales/receipts/" + l1, owner);
        assertThat(receipt.select("#written-off tbody tr td:last-child").eachText())
                .allSatisfy(cost -> assertThat(cost).contains("0.33"));
        assertThat(receipt.selectFirst("#written-off-total").text()).contains("0.66");
        assertThat(receipt.selectFirst("#receipt-cost").text()).contains("0.66");
        assertThat(receipt.selectFirst("#receipt-gross-profit").text()).contains("49.34");

        Document list = page("/sales/receipts?from=2026-01-12&to=2026-01-12", owner);
        assertThat(list.select("#receipts tbody tr td:nth-child(8)").eachText())
                .allSatisfy(cost -> assertThat(cost).contains("0.66"));
        assertThat(list.select("#receipts tbody tr td:nth-child(9)").eachText())
                .allSatisfy(profit -> assertThat(profit).contains("49.34"));
        assertThat(list.selectFirst("#total-cost").text()).contains("1.32");
        assertThat(list.selectFirst("#total-gross-profit").text()).contains("98.68");

        Document day = page("/sales/today?venueId=" + cafe.venueId() + "&date=2026-01-12", owner);
        assertThat(day.selectFirst("#day-gross-profit").text()).contains("98.68");
        assertThat(day.selectFirst("#day-cost").text()).contains("1.32");
    }

    @Test
    void aPageBeyondTheLastShowsTheLastPage() throws Exception {
        Document list = page("/sales/receipts?from=2026-01-10&to=2026-01-10&page=99999",
                login(cafe.ownerEmail(), PASSWORD));
        assertThat(list.select("#receipts tbody tr")).hasSize(4);
        assertThat(list.selectFirst("#receipts-empty")).isNull();
    }

    @Test
    void salesPagesWriteDatesAsTheBusinessReadsThemAndCountInWords() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document list = page("/sales/receipts?from=2026-01-11&to=2026-01-11", owner);
        assertThat(list.selectFirst("#receipt-" + a3 + " a").text()).isEqualTo("11 Jan 2026, 01:30");
        assertThat(list.selectFirst("#receipt-totals").text()).contains("Totals of 1 receipt (1 sale, 0 refunds)");
        assertThat(page("/sales/receipts/" + a1, owner).text()).contains("10 Jan 2026, 09:30").doesNotContain(
                "2026-01-10");
        Document shifts = page("/sales/shifts?from=2026-01-10&to=2026-01-10", owner);
        assertThat(shifts.selectFirst("#shift-" + shift).text()).contains("10 Jan 2026, 07:55");
        assertThat(shifts.selectFirst("#shift-totals").text()).contains("1 shift, 1 with a discrepancy");
        Document day = page("/sales/today?venueId=" + cafe.venueId() + "&date=2026-01-10", owner);
        assertThat(day.selectFirst("h1").text()).contains("Sales of 10 Jan 2026");
        assertThat(day.selectFirst("#day-figures").text()).contains("1 refund:").doesNotContain("1 refunds");
        assertThat(day.selectFirst("#hour-9").attr("title")).endsWith("1 receipt");
    }

    @Test
    void aParameterThatCannotBeReadIsABadRequestInTheNormalLayout() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        for (String path : List.of("/sales/receipts?amountFrom=abc", "/sales/receipts?from=notadate",
                "/sales/receipts?page=abc", "/sales/today?date=abc")) {
            String html = mvc.perform(get(path).session(owner)).andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString();
            Document page = Jsoup.parse(html);
            String parameter = path.substring(path.indexOf('?') + 1, path.indexOf('='));
            String value = path.substring(path.indexOf('=') + 1);
            assertThat(page.select("nav .dropdown-toggle").eachText()).as(path).contains("Sales");
            assertThat(page.selectFirst(".alert-danger").text()).as(path).contains(parameter, value);
        }
        // An id in the path that is no id is still a page that does not exist.
        mvc.perform(get("/sales/receipts/not-an-id").session(owner)).andExpect(status().isNotFound());
        // The API keeps its own answer.
        mvc.perform(get("/api/v1/receipts?amountFrom=abc").with(bearer(cafe.ownerToken())))
                .andExpect(status().isBadRequest())
                .andExpect(result -> assertThat(result.getResponse().getContentType()).contains("json"));
    }

    @Test
    void aRefundSaysWhatWasRefundedAndTheDaySaysWhatToDo() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        assertThat(page("/sales/receipts/" + r1, owner).selectFirst("#receipt-payments").text())
                .startsWith("Refunded:").contains("Cash");
        assertThat(page("/sales/receipts/" + a1, owner).selectFirst("#receipt-payments").text())
                .startsWith("Paid by:");
        // A terminal is paired and nothing arrived today: no advice to pair one.
        Document today = page("/sales/today?venueId=" + cafe.venueId(), owner);
        assertThat(today.selectFirst("#day-empty-paired")).isNotNull();
        assertThat(today.select("#day-empty a[href$=/settings/pos-devices]")).isEmpty();
        assertThat(today.selectFirst("#day-average-hint").text()).contains("before refunds");
        assertThat(today.selectFirst("#day-revenue").hasClass("text-nowrap")).isTrue();
    }

    private Document page(String path, MockHttpSession session) throws Exception {
        String html = mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).as(path).doesNotContainPattern("\\?\\?[^?]+\\?\\?");
        return Jsoup.parse(html);
    }

    private ResultActions receipts(String query) throws Exception {
        return mvc.perform(get("/api/v1/receipts?" + query).with(bearer(cafe.ownerToken())));
    }

    private String venueName() throws Exception {
        return JsonPath.read(mvc.perform(get("/api/v1/venues/" + cafe.venueId()).with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString(), "$.name");
    }

    private String line(UUID item, String quantity, String unitPrice, UUID option) {
        return """
                {"itemId": "%s", "quantity": "%s", "unitPrice": "%s", "modifiers": [%s]}"""
                .formatted(item, quantity, unitPrice, option == null ? ""
                        : "{\"optionId\": \"" + option + "\", \"quantity\": \"1\"}");
    }

    private String receipt(UUID id, String number, String closedAt, UUID shiftId, String waiter, String method,
                           String total, String lines, UUID refundOf) {
        return """
                {"id": "%s", "number": "%s", "closedAt": "%s", "shiftId": %s, "waiter": %s, "lines": [%s],
                 "payments": [{"method": "%s", "amount": "%s"}], "total": "%s", "refundOf": %s}"""
                .formatted(id, number, closedAt, quoted(shiftId), quoted(waiter), lines, method, total, total,
                        quoted(refundOf));
    }

    private static String quoted(Object value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private String event(UUID shiftId, String type, String at, String amount) {
        return """
                {"id": "%s", "shiftId": "%s", "type": "%s", "at": "%s", "amount": "%s"}"""
                .formatted(UUID.randomUUID(), shiftId, type, at, amount);
    }

    private void push(String token, String receipt) throws Exception {
        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(token)), "{\"receipts\": [" + receipt + "]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].status", is("accepted")));
    }

    private void events(String token, String events) throws Exception {
        mvc.perform(json(post("/api/pos/v1/shift-events").with(bearer(token)), "{\"events\": [" + events + "]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[*].status", everyItem(is("accepted"))));
    }

    private void techCard(UUID item, String lines) throws Exception {
        mvc.perform(json(post("/api/v1/menu-items/" + item + "/tech-cards").with(bearer(cafe.ownerToken())),
                "{\"validFrom\": \"2026-01-01T00:00:00Z\", \"lines\": [" + lines + "]}"))
                .andExpect(status().isCreated());
    }

    record PairedDevice(UUID id, String token) {
    }

    private PairedDevice pairedDevice(UUID venueId, String name) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"%s\"}".formatted(venueId, name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return new PairedDevice(uuid(created, "$.id"), JsonPath.read(paired, "$.token"));
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
