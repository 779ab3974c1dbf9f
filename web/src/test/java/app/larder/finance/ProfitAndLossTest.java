package app.larder.finance;

import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.web.Navigation;
import app.larder.pos.Receipts;
import app.larder.pos.SalesReports;
import app.larder.pos.SalesTotals;
import app.larder.stock.LedgerTotals;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The P&L of a month built by hand, February 2026, at a café in Kyiv (UTC+2 all month) whose refunds return their
 * ingredients to stock, and a second venue, Harbour, with nothing sold.
 * <p>
 * Stock from 20 January: coffee 0.80 a gram, milk 0.05 a ml (every movement below stays at these averages). A latte
 * (65) is 18 g of coffee and 200 ml of milk: 14.40 + 10.00 = 24.40; an espresso (40) is 18 g of coffee: 14.40.
 * <ul>
 * <li>J-1, 31 Jan 23:30 local: espresso 40 (January, outside).</li>
 * <li>F-1, 31 Jan 22:30 UTC = 1 Feb 00:30 local: espresso 40, cost 14.40 (inside: the local date counts).</li>
 * <li>F-2, 3 Feb: two lattes at 65 with a discount of 10: 120, cost 48.80.</li>
 * <li>F-3, 10 Feb: espresso + latte: 105, cost 38.80.</li>
 * <li>R-1, 11 Feb: refund of F-3's latte: 65, returns 18 g of coffee and 200 ml of milk at 24.40.</li>
 * <li>M-1, 28 Feb 23:30 UTC = 1 Mar 01:30 local: espresso 40 (March, outside).</li>
 * </ul>
 * Revenue = 40 + 120 + 105 − 65 = 200 (sales before discounts 275, discounts 10, refunds 65). Cost of goods sold =
 * 14.40 + 48.80 + 38.80 − 24.40 = 77.60. Gross profit = 122.40, margin 122.40 ÷ 200 = 61.2 %.
 * <p>
 * Write-off on 15 Feb: 1,000 ml of milk spoiled (50.00) and 50 g of coffee for staff (40.00): 90.00. Stocktake on
 * 20 Feb (counted in kg and l): coffee expected 1000 − 18 − 18 − 36 − 36 + 18 − 50 = 860 g, counted 850: short 10 g = 8.00; milk expected
 * 10000 − 400 − 200 + 200 − 1000 = 8600 ml, counted 8700: over 100 ml = 5.00. Stock losses 90 + 8 − 5 = 93.
 * <p>
 * Finance (February): rent 3,000 without a venue; Utilities: electricity 400 and water 100 at the café, plus 250 of
 * electricity booked and reversed; a supplier's bonus of 120 at the café (other income). Not counted: a sale booked
 * into the system category "Sales" (in_pnl false), a transfer (no category), electricity of March.
 * Expenses 3,000 + 500 = 3,500. Net profit = 122.40 − 93 − 3,500 + 120 = −3,350.60. The café alone leaves out
 * the rent: 122.40 − 93 − 500 + 120 = −350.60.
 */
class ProfitAndLossTest extends IntegrationTest {

    static final Instant SUPPLIED = Instant.parse("2026-01-20T08:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    LedgerTotals ledgerTotals;
    @Autowired
    SalesTotals salesTotals;
    @Autowired
    SalesReports salesReports;
    @Autowired
    JdbcClient sql;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID harbour;
    private UUID coffee;
    private UUID milk;
    private UUID latte;
    private UUID espresso;
    private String till;
    private final UUID f3 = UUID.randomUUID();

    @BeforeEach
    void aMonthOfTheCafe() throws Exception {
        cafe = signUp("P&L Café " + UUID.randomUUID().toString().substring(0, 6));
        harbour = created("/api/v1/venues", "{\"name\": \"Harbour\", \"timezone\": \"Europe/Kyiv\"}");
        coffee = created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}");
        milk = created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}");
        UUID category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "65"}""".formatted(category));
        espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso", "price": "40"}""".formatted(category));
        techCard(latte, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "200", "unit": "ml"}""".formatted(coffee, milk));
        techCard(espresso, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"}""".formatted(coffee));
        asOwner(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(), SUPPLIED, List.of(
                Entry.in(Kind.SUPPLY, cafe.storageId(), coffee, new BigDecimal("1000"), new BigDecimal("800")),
                Entry.in(Kind.SUPPLY, cafe.storageId(), milk, new BigDecimal("10000"), new BigDecimal("500"))))));
        mvc.perform(json(put("/api/v1/venues/{id}/sales-settings", cafe.venueId()).with(bearer(cafe.ownerToken())),
                "{\"returnStockOnRefund\": true}")).andExpect(status().isOk());
        till = pairedDevice(cafe.venueId());

        // Pushed out of order: the derived totals must not care.
        push(receipt(UUID.randomUUID(), "M-1", "2026-02-28T23:30:00Z", "40.00",
                line(espresso, "1", "40.00", "0"), null));
        push(receipt(f3, "F-3", "2026-02-10T12:00:00+02:00", "105.00",
                line(espresso, "1", "40.00", "0") + "," + line(latte, "1", "65.00", "0"), null));
        push(receipt(UUID.randomUUID(), "J-1", "2026-01-31T23:30:00+02:00", "40.00",
                line(espresso, "1", "40.00", "0"), null));
        push(receipt(UUID.randomUUID(), "F-1", "2026-01-31T22:30:00Z", "40.00",
                line(espresso, "1", "40.00", "0"), null));
        push(receipt(UUID.randomUUID(), "F-2", "2026-02-03T10:00:00+02:00", "120.00",
                line(latte, "2", "65.00", "10"), null));
        push(receipt(UUID.randomUUID(), "R-1", "2026-02-11T09:00:00+02:00", "65.00",
                line(latte, "1", "65.00", "0"), f3));

        created("/api/v1/write-offs", """
                {"writtenOffAt": "2026-02-15T10:00:00Z", "storageId": "%s", "post": true,
                 "lines": [{"ingredientId": "%s", "quantity": "1000", "unit": "ml", "reason": "SPOILED"},
                           {"ingredientId": "%s", "quantity": "50", "unit": "g", "reason": "STAFF_MEAL"}]}"""
                .formatted(cafe.storageId(), milk, coffee));
        UUID stocktake = created("/api/v1/stocktakes", "{\"storageId\": \"%s\", \"countedAt\": \"2026-02-20T12:00\"}"
                .formatted(cafe.storageId()));
        mvc.perform(json(put("/api/v1/stocktakes/{id}", stocktake).with(bearer(cafe.ownerToken())), """
                        {"lines": [{"itemId": "%s", "counted": 0.85}, {"itemId": "%s", "counted": 8.7}]}"""
                        .formatted(coffee, milk)))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/stocktakes/{id}/post", stocktake).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());

        asOwner(() -> {
            UUID account = UUID.randomUUID();
            sql.sql("""
                    INSERT INTO finance_account (tenant_id, id, venue_id, name, kind, opening_balance, opening_date,
                                                 created_at, version)
                    VALUES (larder_current_tenant(), ?, ?, 'Bank', 'BANK', 0, DATE '2026-01-01', now(), 0)""")
                    .params(account, cafe.venueId()).update();
            UUID rent = category(null, "Rent", "EXPENSE", true, null);
            UUID utilities = category(null, "Utilities", "EXPENSE", true, null);
            UUID electricity = category(utilities, "Electricity", "EXPENSE", true, null);
            UUID water = category(utilities, "Water", "EXPENSE", true, null);
            UUID bonus = category(null, "Supplier bonuses", "INCOME", true, null);
            UUID sales = category(null, "Sales", "INCOME", false, "SALES");
            category(null, "Marketing", "EXPENSE", true, null);      // nothing booked: left out
            transaction(account, "EXPENSE", "2026-02-05T09:00:00Z", "-3000", rent, null, null);
            transaction(account, "EXPENSE", "2026-02-06T09:00:00Z", "-400", electricity, cafe.venueId(), null);
            UUID wrong = transaction(account, "EXPENSE", "2026-02-07T09:00:00Z", "-250", electricity,
                    cafe.venueId(), null);
            transaction(account, "EXPENSE", "2026-02-08T09:00:00Z", "250", electricity, cafe.venueId(), wrong);
            transaction(account, "EXPENSE", "2026-02-09T09:00:00Z", "-100", water, cafe.venueId(), null);
            transaction(account, "EXPENSE", "2026-03-02T09:00:00Z", "-999", electricity, cafe.venueId(), null);
            transaction(account, "INCOME", "2026-02-12T09:00:00Z", "120", bonus, cafe.venueId(), null);
            transaction(account, "INCOME", "2026-02-12T10:00:00Z", "5000", sales, cafe.venueId(), null);
            sql.sql("""
                    INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount,
                                                     transfer_id, source, created_at)
                    VALUES (larder_current_tenant(), ?, ?, 'TRANSFER', TIMESTAMPTZ '2026-02-13T10:00:00Z', -700, ?,
                            'MANUAL', now())""").params(UUID.randomUUID(), account, UUID.randomUUID()).update();
            return null;
        });
    }

    @Test
    void worksOutTheMonthAsByHand() throws Exception {
        pnl("from=2026-02-01&to=2026-03-01")
                .andExpect(jsonPath("$.currency", is("UAH")))
                .andExpect(jsonPath("$.sales.sales", is(3)))
                .andExpect(jsonPath("$.sales.refunds", is(1)))
                .andExpect(jsonPath("$.sales.salesBeforeDiscounts", is("275.00")))
                .andExpect(jsonPath("$.sales.discounts", is("10.00")))
                .andExpect(jsonPath("$.sales.refundsAmount", is("65.00")))
                .andExpect(jsonPath("$.revenue", is("200.00")))
                .andExpect(jsonPath("$.stock.salesWriteOffs", is("102.00")))
                .andExpect(jsonPath("$.stock.returnedByRefunds", is("24.40")))
                .andExpect(jsonPath("$.costOfGoodsSold", is("77.60")))
                .andExpect(jsonPath("$.grossProfit", is("122.40")))
                .andExpect(jsonPath("$.grossMarginPercent", is("61.2")))
                .andExpect(jsonPath("$.stock.writeOffs", is("90.00")))
                .andExpect(jsonPath("$.stock.writeOffsByReason.SPOILED", is("50.00")))
                .andExpect(jsonPath("$.stock.writeOffsByReason.STAFF_MEAL", is("40.00")))
                .andExpect(jsonPath("$.stock.stocktakeShortages", is("8.00")))
                .andExpect(jsonPath("$.stock.stocktakeSurpluses", is("5.00")))
                .andExpect(jsonPath("$.stock.stockLosses", is("93.00")))
                .andExpect(jsonPath("$.expenses[*].name", org.hamcrest.Matchers.contains("Rent", "Utilities")))
                .andExpect(jsonPath("$.expenses[1].amount", is("0.00")))
                .andExpect(jsonPath("$.expenses[1].total", is("500.00")))
                .andExpect(jsonPath("$.expenses[1].children[*].name",
                        org.hamcrest.Matchers.contains("Electricity", "Water")))
                .andExpect(jsonPath("$.expenses[1].children[0].total", is("400.00")))
                .andExpect(jsonPath("$.expensesTotal", is("3500.00")))
                .andExpect(jsonPath("$.otherIncome[*].name", org.hamcrest.Matchers.contains("Supplier bonuses")))
                .andExpect(jsonPath("$.otherIncomeTotal", is("120.00")))
                .andExpect(jsonPath("$.netProfit", is("-3350.60")));

        // The café alone: the rent belongs to no venue.
        pnl("from=2026-02-01&to=2026-03-01&venueId=" + cafe.venueId())
                .andExpect(jsonPath("$.revenue", is("200.00")))
                .andExpect(jsonPath("$.expensesTotal", is("500.00")))
                .andExpect(jsonPath("$.netProfit", is("-350.60")));
        // Harbour sold nothing and booked nothing.
        pnl("from=2026-02-01&to=2026-03-01&venueId=" + harbour)
                .andExpect(jsonPath("$.revenue", is("0.00")))
                .andExpect(jsonPath("$.costOfGoodsSold", is("0.00")))
                .andExpect(jsonPath("$.grossMarginPercent").doesNotExist())
                .andExpect(jsonPath("$.expenses", hasSize(0)))
                .andExpect(jsonPath("$.netProfit", is("0.00")));
        // March 1st alone: M-1 (01:30 local) and nothing else; its cost 14.40.
        pnl("from=2026-03-01&to=2026-03-02")
                .andExpect(jsonPath("$.revenue", is("40.00")))
                .andExpect(jsonPath("$.costOfGoodsSold", is("14.40")));
    }

    @Test
    void theCostOfGoodsSoldTiesOutWithTheSalesWriteOffsOfTheReceipts() {
        LocalDate from = LocalDate.of(2026, 2, 1);
        LocalDate to = LocalDate.of(2026, 3, 1);
        ProfitAndLoss.Report report = asOwner(() -> pnl().report(null, from, to));
        // The receipt list values each receipt by its own movements on the ledger (sales write-offs, corrections,
        // a refund's return): an independent way to the same cost.
        SalesReports.Totals receipts = asOwner(() -> salesReports.receipts(SalesReports.ReceiptQuery.period(null,
                from, to.minusDays(1)), PageRequest.of(0, 10)).totals());
        assertThat(report.costOfGoodsSold()).isEqualByComparingTo("77.60")
                .isEqualByComparingTo(receipts.cost());
        assertThat(report.revenue()).isEqualByComparingTo(receipts.revenue());
        // By day, in Kyiv: F-1 on the 1st, F-2 on the 3rd, F-3 on the 10th, the refund alone on the 11th.
        List<SalesTotals.Day> days = asOwner(() -> salesTotals.byDay(null, from, to));
        assertThat(days).extracting(SalesTotals.Day::date).containsExactly(LocalDate.of(2026, 2, 1),
                LocalDate.of(2026, 2, 3), LocalDate.of(2026, 2, 10), LocalDate.of(2026, 2, 11));
        assertThat(days).extracting(d -> d.totals().revenue().toPlainString())
                .containsExactly("40.0000", "120.0000", "105.0000", "-65.0000");
        // And the sum of the ledger's SALE and RETURN movements themselves.
        BigDecimal movements = asOwner(() -> sql.sql("""
                SELECT -SUM(m.value) FROM stock_movement m
                WHERE m.kind IN ('SALE', 'RETURN') AND (m.moment AT TIME ZONE 'Europe/Kyiv')::date >= DATE '2026-02-01'
                  AND (m.moment AT TIME ZONE 'Europe/Kyiv')::date < DATE '2026-03-01'""").query(BigDecimal.class)
                .single());
        assertThat(report.costOfGoodsSold()).isEqualByComparingTo(movements);
    }

    @Test
    void theDerivedTotalsEqualTheRawSumsAfterLateReceiptsAndASupplyIntoThePast() throws Exception {
        LocalDate from = LocalDate.of(2026, 2, 1);
        LocalDate to = LocalDate.of(2026, 3, 1);
        BigDecimal before = asOwner(() -> ledgerTotals.totals(null, from, to).costOfGoodsSold());
        // A receipt arriving late, into the middle of the month, and a supply posted into the past before every
        // sale at twice the price: the ledger corrects every later sale, write-off and stocktake line.
        push(receipt(UUID.randomUUID(), "F-9", "2026-02-02T08:00:00+02:00", "65.00",
                line(latte, "1", "65.00", "0"), null));
        asOwner(() -> ledger.post(new StockLedger.Posting("SUPPLY", UUID.randomUUID(),
                Instant.parse("2026-01-25T08:00:00Z"), List.of(Entry.in(Kind.SUPPLY, cafe.storageId(), coffee,
                new BigDecimal("1000"), new BigDecimal("1600"))))));

        assertThat(asOwner(() -> ledgerTotals.check())).isEmpty();
        assertThat(asOwner(() -> salesTotals.check())).isEmpty();
        LedgerTotals.Totals derived = asOwner(() -> ledgerTotals.totals(null, from, to));
        LedgerTotals.Totals raw = asOwner(() -> ledgerTotals.fromLedger(null, from, to));
        for (Kind kind : Kind.values()) {
            assertThat(derived.of(kind)).as(kind.name()).isEqualByComparingTo(raw.of(kind));
        }
        // The supply moved the cost: coffee now averages 1.20 a gram, and F-9 added a latte.
        assertThat(derived.costOfGoodsSold()).isGreaterThan(before.add(new BigDecimal("24.40")));
        SalesTotals.Totals sales = asOwner(() -> salesTotals.totals(null, from, to));
        SalesTotals.Totals receipts = asOwner(() -> salesTotals.fromReceipts(null, from, to));
        assertThat(sales).isEqualTo(receipts);
        assertThat(sales.revenue()).isEqualByComparingTo("265.00");
        assertThat(sales.discounts()).isEqualByComparingTo("10.00");

        // Made again from scratch, the totals are the same.
        asOwner(() -> ledgerTotals.rebuild() + salesTotals.rebuild());
        assertThat(asOwner(() -> ledgerTotals.totals(null, from, to).costOfGoodsSold()))
                .isEqualByComparingTo(derived.costOfGoodsSold());
        assertThat(asOwner(() -> salesTotals.totals(null, from, to))).isEqualTo(sales);
        assertThat(asOwner(() -> ledgerTotals.check())).isEmpty();
        assertThat(asOwner(() -> salesTotals.check())).isEmpty();
    }

    /**
     * Four terminals push at once, twice, each receipt in a transaction of its own held open together with the
     * others (so on four connections, four server processes), all in the quarter hour of 25 Feb 10:00 UTC (12:01 to
     * 12:04 in Kyiv, after the stocktake). A round is two espressos and two lattes: revenue 2 × 40 + 2 × 65 = 210,
     * cost 2 × 14.40 + 2 × 24.40 = 77.60, so 132.40 more gross and net profit. After one round: revenue
     * 200 + 210 = 410, cost 77.60 + 77.60 = 155.20, gross 254.80, net −3,350.60 + 132.40 = −3,218.20; after two:
     * 620, 232.80, 387.20, −3,085.80.
     */
    @Test
    void receiptsOfConcurrentTransactionsAddToStripesThatSumToTheSameAndFoldIntoOneRow() throws Exception {
        Instant quarter = Instant.parse("2026-02-25T10:00:00Z");
        Set<Integer> stripes = acceptAtOnce(1);
        // Each connection added to its own stripe: one row per stripe in that quarter hour, in both tables.
        assertThat(stripes).as("four server processes should not all share one stripe").hasSizeGreaterThan(1);
        assertThat(stripesOf("receipt_total", quarter)).isEqualTo(stripes);
        assertThat(stripesOf("stock_movement_total", quarter)).isEqualTo(stripes);
        assertThat(asOwner(() -> salesTotals.check())).isEmpty();
        assertThat(asOwner(() -> ledgerTotals.check())).isEmpty();
        expectPnl(7, "410.00", "155.20", "254.80", "-3218.20");
        assertThat(asOwner(() -> salesTotals.byDay(null, LocalDate.of(2026, 2, 25), LocalDate.of(2026, 2, 26))))
                .singleElement().satisfies(d -> {
                    assertThat(d.totals().sales()).isEqualTo(4);
                    assertThat(d.totals().revenue()).isEqualByComparingTo("210");
                });

        // Folding the quarter hours before it leaves it striped; the job (quarter hours older than an hour) folds it.
        asOwner(() -> salesTotals.foldStripes(quarter) + ledgerTotals.foldStripes(quarter));
        assertThat(stripesOf("receipt_total", quarter)).isEqualTo(stripes);
        assertThat(stripesOf("stock_movement_total", quarter)).isEqualTo(stripes);
        stripeFold.fold();
        assertFolded(quarter);
        expectPnl(7, "410.00", "155.20", "254.80", "-3218.20");

        // Another round into the same, now folded quarter hour: stripe 0 is there to fold into.
        Set<Integer> again = acceptAtOnce(2);
        again.add(0);
        assertThat(stripesOf("receipt_total", quarter)).isEqualTo(again);
        expectPnl(11, "620.00", "232.80", "387.20", "-3085.80");
        stripeFold.fold();
        assertFolded(quarter);
        expectPnl(11, "620.00", "232.80", "387.20", "-3085.80");
        LocalDate from = LocalDate.of(2026, 2, 1);
        LocalDate to = LocalDate.of(2026, 3, 1);
        assertThat(asOwner(() -> salesTotals.totals(null, from, to)))
                .isEqualTo(asOwner(() -> salesTotals.fromReceipts(null, from, to)));
        LedgerTotals.Totals derived = asOwner(() -> ledgerTotals.totals(null, from, to));
        LedgerTotals.Totals raw = asOwner(() -> ledgerTotals.fromLedger(null, from, to));
        for (Kind kind : Kind.values()) {
            assertThat(derived.of(kind)).as(kind.name()).isEqualByComparingTo(raw.of(kind));
        }
    }

    @Test
    void anotherBusinessAndAnAccountantOfAnotherVenueSeeNoneOfItAndManagersAreKeptOut() throws Exception {
        TestBusiness other = signUp("Other P&L Café " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01").with(bearer(other.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revenue", is("0.00")))
                .andExpect(jsonPath("$.costOfGoodsSold", is("0.00")))
                .andExpect(jsonPath("$.expenses", hasSize(0)))
                .andExpect(jsonPath("$.netProfit", is("0.00")));
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01&venueId=" + cafe.venueId())
                        .with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));

        // An accountant limited to Harbour: the café is not found, and "every venue" is Harbour alone, without
        // the café's sales or the business's own rent.
        InvitedUser harbourAccountant = invite(cafe, "ACCOUNTANT", "[\"" + harbour + "\"]");
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01&venueId=" + cafe.venueId())
                        .with(bearer(harbourAccountant.token())))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01").with(bearer(harbourAccountant.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revenue", is("0.00")))
                .andExpect(jsonPath("$.stock.writeOffs", is("0.00")))
                .andExpect(jsonPath("$.expensesTotal", is("0.00")));
        // Managers do not read the P&L (its expenses include salaries); their sales pages show their venues' figures.
        InvitedUser manager = invite(cafe, "MANAGER", "[]");
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01").with(bearer(manager.token())))
                .andExpect(status().isForbidden());

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/finance/pnl?from=2026-02-01&to=2026-03-01").with(bearer(accountant.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.netProfit", is("-3350.60")));
    }

    @Test
    void aBadPeriodIsRefusedAsAProblem() throws Exception {
        for (String query : List.of("from=2026-03-01&to=2026-02-01", "from=2026-02-01&to=2026-02-01",
                "from=2026-02-01", "from=2000-01-01&to=2026-01-01")) {
            pnl(query).andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field", is("to")));
        }
        pnl("from=2026-02-30&to=2026-03-01").andExpect(status().isBadRequest());
        pnl("from=2026-02-01&to=2026-03-01&venueId=" + UUID.randomUUID()).andExpect(status().isNotFound());
    }

    @Test
    void thePageShowsBothPeriodsInTheBusinesssMoney() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document page = page("/finance/pnl?from=2026-02-01&through=2026-02-28", owner);
        assertThat(page.selectFirst("#pnl-revenue .amount").text()).contains("200.00");
        assertThat(page.selectFirst("#pnl-costOfGoodsSold .amount").text()).contains("77.60");
        assertThat(page.selectFirst("#pnl-netProfit .amount").text()).contains("3,350.60");
        assertThat(page.selectFirst("#pnl-reason-SPOILED .amount").text()).contains("50.00");
        // January, beside it: J-1 alone, 40 of revenue.
        assertThat(page.selectFirst("#pnl-revenue .previous").text()).contains("40.00");
        assertThat(page.selectFirst("#pnl-revenue .change").text()).contains("160.00");
        assertThat(page.select("#pnl tr").text()).contains("Utilities", "Electricity", "Water");
        assertThat(page.select("#pnl-shortcuts a")).hasSize(6);
        assertThat(page.selectFirst("#pnl-margin").text()).contains("61.2");

        Document reversed = page("/finance/pnl?from=2026-03-01&through=2026-02-01", owner);
        assertThat(reversed.selectFirst(".alert-danger").text()).contains("must come after its start");
        assertThat(page("/finance/pnl", owner).selectFirst("#pnl")).isNotNull();

        assertThat(page.select("a[href='/finance/pnl']")).isNotEmpty();
        for (String role : List.of("OWNER", "ACCOUNTANT")) {
            assertThat(navigation.forRole(role).stream().flatMap(s -> s.entries().stream())
                    .map(Navigation.Entry::path)).as(role).contains("/finance/pnl");
        }
        assertThat(navigation.forRole("MANAGER").stream().flatMap(s -> s.entries().stream())
                .map(Navigation.Entry::path)).doesNotContain("/finance/pnl");
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/finance/pnl'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/finance/pnl'].get.parameters[*].name",
                        org.hamcrest.Matchers.hasItems("from", "to", "venueId")));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @Autowired
    ProfitAndLoss profitAndLoss;
    @Autowired
    Navigation navigation;
    @Autowired
    Receipts receipts;
    @Autowired
    StripeFoldJob stripeFold;

    /**
     * Four receipts of the café's till (espresso, latte, espresso, latte at 12:01 to 12:04 in Kyiv on 25 Feb), each
     * accepted in its own transaction; all four transactions have their connection before any of them adds, so they
     * run on four server processes at once. Returns the stripes they added to.
     */
    private Set<Integer> acceptAtOnce(int round) throws Exception {
        UUID device = asOwner(() -> sql.sql("SELECT id FROM pos_device WHERE venue_id = ?").param(cafe.venueId())
                .query(UUID.class).single());
        TenantContext.Actor till = new TenantContext.Actor(cafe.id(), null, "POS device", Set.of(cafe.venueId()));
        int terminals = 4;
        CyclicBarrier together = new CyclicBarrier(terminals);
        ExecutorService threads = Executors.newFixedThreadPool(terminals);
        try {
            List<Future<Integer>> stripes = new ArrayList<>();
            for (int i = 0; i < terminals; i++) {
                boolean isLatte = i % 2 == 1;
                String price = isLatte ? "65.00" : "40.00";
                Receipts.ReceiptInput receipt = new Receipts.ReceiptInput(UUID.randomUUID().toString(),
                        "S-" + round + "-" + i, null, "2026-02-25T12:0%d:00+02:00".formatted(i + 1), null, null, null,
                        List.of(new Receipts.LineInput((isLatte ? latte : espresso).toString(), "1", price, List.of(),
                                "0")),
                        List.of(new Receipts.PaymentInput("cash", price)), price, null);
                stripes.add(threads.submit(() -> TenantContext.callAs(till, () ->
                        new TransactionTemplate(transactions).execute(status -> {
                            int pid = sql.sql("SELECT pg_backend_pid()").query(Integer.class).single();
                            try {
                                together.await(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            assertThat(receipts.accept(device, cafe.venueId(), List.of(receipt)))
                                    .extracting(Receipts.Result::status).containsExactly(Receipts.Status.ACCEPTED);
                            return pid % 64;
                        }))));
            }
            Set<Integer> used = new HashSet<>();
            for (Future<Integer> stripe : stripes) {
                used.add(stripe.get(60, TimeUnit.SECONDS));
            }
            return used;
        } finally {
            threads.shutdownNow();
        }
    }

    private Set<Integer> stripesOf(String table, Instant quarter) {
        return new HashSet<>(asOwner(() -> sql.sql("SELECT DISTINCT stripe FROM " + table + " WHERE quarter = ?")
                .param(java.sql.Timestamp.from(quarter)).query(Integer.class).list()));
    }

    /** One row per key, in stripe 0, in both tables of the business; the sums still those of the raw rows. */
    private void assertFolded(Instant quarter) {
        assertThat(stripesOf("receipt_total", quarter)).containsExactly(0);
        assertThat(stripesOf("stock_movement_total", quarter)).containsExactly(0);
        assertThat(asOwner(() -> sql.sql("""
                SELECT (SELECT count(*) FROM receipt_total WHERE stripe <> 0)
                       + (SELECT count(*) FROM stock_movement_total WHERE stripe <> 0)
                       + (SELECT count(*) FROM (SELECT 1 FROM receipt_total GROUP BY quarter, venue_id
                                                HAVING count(*) > 1) r)
                       + (SELECT count(*) FROM (SELECT 1 FROM stock_movement_total
                                                GROUP BY quarter, storage_id, kind HAVING count(*) > 1) m)""")
                .query(Long.class).single())).isZero();
        assertThat(asOwner(() -> sql.sql("SELECT count(*) FROM receipt_total WHERE quarter = ?")
                .param(java.sql.Timestamp.from(quarter)).query(Long.class).single())).isEqualTo(1);
        assertThat(asOwner(() -> salesTotals.check())).isEmpty();
        assertThat(asOwner(() -> ledgerTotals.check())).isEmpty();
    }

    private void expectPnl(int sales, String revenue, String costOfGoodsSold, String grossProfit, String netProfit)
            throws Exception {
        pnl("from=2026-02-01&to=2026-03-01")
                .andExpect(jsonPath("$.sales.sales", is(sales)))
                .andExpect(jsonPath("$.revenue", is(revenue)))
                .andExpect(jsonPath("$.costOfGoodsSold", is(costOfGoodsSold)))
                .andExpect(jsonPath("$.grossProfit", is(grossProfit)))
                .andExpect(jsonPath("$.stock.stockLosses", is("93.00")))
                .andExpect(jsonPath("$.netProfit", is(netProfit)));
    }

    private ProfitAndLoss pnl() {
        return profitAndLoss;
    }

    private ResultActions pnl(String query) throws Exception {
        return mvc.perform(get("/api/v1/finance/pnl?" + query).with(bearer(cafe.ownerToken())));
    }

    private Document page(String path, MockHttpSession session) throws Exception {
        String html = mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).as(path).doesNotContainPattern("\\?\\?[^?]+\\?\\?");
        return Jsoup.parse(html);
    }

    private UUID category(UUID parent, String name, String direction, boolean inPnl, String systemKey) {
        UUID id = UUID.randomUUID();
        sql.sql("""
                INSERT INTO finance_category (tenant_id, id, parent_id, name, direction, in_pnl, system_key,
                                              created_at, version)
                VALUES (larder_current_tenant(), ?, ?, ?, ?, ?, ?, now(), 0)""")
                .params(id, parent, name, direction, inPnl, systemKey).update();
        return id;
    }

    private UUID transaction(UUID account, String kind, String at, String amount, UUID category, UUID venue,
                             UUID reverses) {
        UUID id = UUID.randomUUID();
        sql.sql("""
                INSERT INTO finance_transaction (tenant_id, id, account_id, kind, occurred_at, amount, category_id,
                                                 venue_id, reverses_id, source, created_at)
                VALUES (larder_current_tenant(), ?, ?, ?, ?::timestamptz, ?::numeric, ?, ?, ?, ?, now())""")
                .params(id, account, kind, at, amount, category, venue, reverses,
                        reverses == null ? "MANUAL" : "REVERSAL").update();
        return id;
    }

    private String line(UUID item, String quantity, String unitPrice, String discount) {
        return """
                {"itemId": "%s", "quantity": "%s", "unitPrice": "%s", "discount": "%s"}"""
                .formatted(item, quantity, unitPrice, discount);
    }

    private String receipt(UUID id, String number, String closedAt, String total, String lines, UUID refundOf) {
        return """
                {"id": "%s", "number": "%s", "closedAt": "%s", "lines": [%s],
                 "payments": [{"method": "cash", "amount": "%s"}], "total": "%s", "refundOf": %s}"""
                .formatted(id, number, closedAt, lines, total, total,
                        refundOf == null ? "null" : "\"" + refundOf + "\"");
    }

    private void push(String receipt) throws Exception {
        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(till)), "{\"receipts\": [" + receipt + "]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].status", is("accepted")));
    }

    private void techCard(UUID item, String lines) throws Exception {
        mvc.perform(json(post("/api/v1/menu-items/" + item + "/tech-cards").with(bearer(cafe.ownerToken())),
                "{\"validFrom\": \"2026-01-01T00:00:00Z\", \"lines\": [" + lines + "]}"))
                .andExpect(status().isCreated());
    }

    private String pairedDevice(UUID venueId) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
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

    private <T> T asOwner(Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
