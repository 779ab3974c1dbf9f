package app.larder.stock;

import app.larder.business.Storages;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Level;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Balances, movement reports and minimum levels, against numbers worked out by hand. The business is in
 * Europe/Kyiv (UTC+2 in March 2026), so the dates of a period start at 22:00 UTC the day before.
 * <p>
 * The story of milk in the kitchen: day 1 a supply of 10,000 ml for 800 (0.08 a ml); day 3 a write-off of 4,000
 * ml (320 at 0.08); day 4 a transfer of 2,000 ml to the bar (160 at 0.08). Then a supply of day 2 is entered late,
 * 10,000 ml for 1,200: on day 3 there were 20,000 ml worth 2,000, 0.10 a ml, so the write-off is corrected to 400
 * and the transfer to 200 (the bar's transfer in too). Day 5 a write-off of 1,000 ml, then cancelled.
 */
class StockBalancesTest extends IntegrationTest {

    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");
    static final Instant DAY_4 = Instant.parse("2026-03-04T10:00:00Z");
    static final Instant DAY_5 = Instant.parse("2026-03-05T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    StockSnapshots snapshots;
    @Autowired
    StockBalances balances;
    @Autowired
    Ingredients ingredients;
    @Autowired
    Storages storages;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID bar;
    private UUID milk;
    private UUID flour;
    private UUID sugar;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Balance Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        bar = asOwner(() -> storages.create(cafe.venueId(), "Bar").getId());
        milk = ingredient("Milk", "Dairy", Unit.Dimension.VOLUME);
        flour = ingredient("Flour", "Dry", Unit.Dimension.MASS);
        sugar = ingredient("Sugar", "Dry", Unit.Dimension.MASS);
    }

    /** The story of the class comment, plus 5 kg of flour for 150 and 500 g of sugar taken with none in stock. */
    private void story() {
        supply(kitchen, milk, DAY_1, "10000", "800");
        supply(kitchen, flour, DAY_1, "5000", "150");                     // 30 a kg
        asOwner(() -> {
            ingredients.setUnitCost(sugar, new BigDecimal("20"));          // 20 a kg until a supply says more
            return null;
        });
        writeOff(kitchen, sugar, DAY_1.plusSeconds(3600), "500");          // provisional: 0.5 kg × 20 = 10
        writeOff(kitchen, milk, DAY_3, "4000");
        transfer(kitchen, bar, milk, DAY_4, "2000");
        supply(kitchen, milk, DAY_2, "10000", "1200");                    // into the past
        UUID spoiled = writeOff(kitchen, milk, DAY_5, "1000");            // 1,000 × 0.10 = 100
        asOwner(() -> {
            ledger.reverse(spoiled);
            return null;
        });
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void balancesAsOfSeveralMoments() throws Exception {
        story();
        // Day 1 at noon: only the first supply: 10 l worth 800, 80 a litre.
        String day1 = balances(kitchen, "2026-03-01T12:00:00Z", "");
        assertThat(row(day1, milk, "quantity")).isEqualByComparingTo("10000");
        assertThat(row(day1, milk, "stockQuantity")).isEqualByComparingTo("10");
        assertThat(row(day1, milk, "value")).isEqualByComparingTo("800");
        assertThat(row(day1, milk, "unitCost")).isEqualByComparingTo("80");
        assertThat(row(day1, flour, "unitCost")).isEqualByComparingTo("30");
        // Sugar: -500 g worth -10, flagged, no unit cost.
        assertThat(row(day1, sugar, "stockQuantity")).isEqualByComparingTo("-0.5");
        assertThat(row(day1, sugar, "value")).isEqualByComparingTo("-10");
        assertThat(JsonPath.<List<Boolean>>read(day1, "$.items[?(@.itemId=='" + sugar + "')].negative"))
                .containsExactly(true);
        assertThat(JsonPath.<List<Boolean>>read(day1, "$.items[?(@.itemId=='" + milk + "')].negative"))
                .containsExactly(false);
        assertThat(JsonPath.<List<Object>>read(day1, "$.items[?(@.itemId=='" + sugar + "')].unitCost").get(0))
                .isNull();
        assertThat(new BigDecimal(JsonPath.<String>read(day1, "$.totalValue"))).isEqualByComparingTo("940");
        assertThat(JsonPath.<Integer>read(day1, "$.negativeItems")).isEqualTo(1);

        // Day 3 at noon: 20,000 − 4,000 = 16,000 ml worth 2,000 − 400 = 1,600: 100 a litre.
        String day3 = balances(kitchen, "2026-03-03T12:00:00Z", "");
        assertThat(row(day3, milk, "stockQuantity")).isEqualByComparingTo("16");
        assertThat(row(day3, milk, "value")).isEqualByComparingTo("1600");
        assertThat(row(day3, milk, "unitCost")).isEqualByComparingTo("100");

        // Day 5, the moment of the cancelled write-off: it and its reversal cancel out. 14,000 ml worth 1,400.
        String day5 = balances(kitchen, "2026-03-05T10:00:00Z", "");
        assertThat(row(day5, milk, "quantity")).isEqualByComparingTo("14000");
        assertThat(row(day5, milk, "value")).isEqualByComparingTo("1400");
        // 1,400 + 150 − 10 = 1,540.
        assertThat(new BigDecimal(JsonPath.<String>read(day5, "$.totalValue"))).isEqualByComparingTo("1540");

        // A local date-time is read in the venue's time zone: 2026-03-01T11:59 Kyiv is 09:59 UTC, before day 1.
        String before = balances(kitchen, "2026-03-01T11:59", "");
        assertThat(JsonPath.<Integer>read(before, "$.totalItems")).isZero();
        // A bare date is the end of that day: 2026-03-04 includes the transfer.
        String bar4 = balances(bar, "2026-03-04", "");
        assertThat(row(bar4, milk, "quantity")).isEqualByComparingTo("2000");
        assertThat(row(bar4, milk, "value")).isEqualByComparingTo("200");

        // Every storage: the kitchen's three items and the bar's milk, 1,540 + 200 = 1,740.
        String all = mvc.perform(get("/api/v1/stock/balances").param("at", "2026-03-06T00:00:00Z")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<Integer>read(all, "$.totalItems")).isEqualTo(4);
        assertThat(new BigDecimal(JsonPath.<String>read(all, "$.totalValue"))).isEqualByComparingTo("1740");

        // Filters, sorting and paging; the totals count every matching row, not only the page.
        String dry = balances(kitchen, "2026-03-06T00:00:00Z", "&category=dry&sort=value,desc&size=1");
        assertThat(JsonPath.<Integer>read(dry, "$.totalItems")).isEqualTo(2);
        assertThat(JsonPath.<List<String>>read(dry, "$.items[*].itemName")).containsExactly("Flour");
        assertThat(new BigDecimal(JsonPath.<String>read(dry, "$.totalValue"))).isEqualByComparingTo("140");
        String searched = balances(kitchen, "2026-03-06T00:00:00Z", "&q=MIL");
        assertThat(JsonPath.<List<String>>read(searched, "$.items[*].itemName")).containsExactly("Milk");
        String byValue = balances(kitchen, "2026-03-06T00:00:00Z", "&sort=value");
        assertThat(JsonPath.<List<String>>read(byValue, "$.items[*].itemName"))
                .containsExactly("Sugar", "Flour", "Milk");
    }

    @Test
    void movementReportOpensInsAndOutsByKindAndCloses() throws Exception {
        story();
        // 2 to 4 March, Kyiv: from 2026-03-01T22:00Z to 2026-03-04T22:00Z, day 5 outside.
        String report = movements(kitchen, milk, "2026-03-02", "2026-03-04");
        String item = "$.items[0]";
        assertThat(dec(report, item + ".opening.quantity")).isEqualByComparingTo("10000");
        assertThat(dec(report, item + ".opening.value")).isEqualByComparingTo("800");
        assertThat(dec(report, item + ".in.SUPPLY.quantity")).isEqualByComparingTo("10000");
        assertThat(dec(report, item + ".in.SUPPLY.value")).isEqualByComparingTo("1200");
        // The write-off at its value now: 320 booked, corrected by 80 when the supply of day 2 came in.
        assertThat(dec(report, item + ".out.WRITE_OFF.quantity")).isEqualByComparingTo("4000");
        assertThat(dec(report, item + ".out.WRITE_OFF.value")).isEqualByComparingTo("400");
        assertThat(dec(report, item + ".out.TRANSFER_OUT.value")).isEqualByComparingTo("200");
        assertThat(dec(report, item + ".outTotal.stockQuantity")).isEqualByComparingTo("6");
        // 10,000 + 10,000 − 4,000 − 2,000 = 14,000; 800 + 1,200 − 400 − 200 = 1,400.
        assertThat(dec(report, item + ".closing.quantity")).isEqualByComparingTo("14000");
        assertThat(dec(report, item + ".closing.value")).isEqualByComparingTo("1400");

        // The list: corrections folded into their movements, the balance after each.
        assertThat(JsonPath.<List<String>>read(report, "$.movements[*].kind"))
                .containsExactly("SUPPLY", "WRITE_OFF", "TRANSFER_OUT");
        assertThat(JsonPath.<List<String>>read(report, "$.movements[*].value"))
                .extracting(BigDecimal::new).usingElementComparator(Comparator.naturalOrder())
                .containsExactly(new BigDecimal("1200"), new BigDecimal("-400"), new BigDecimal("-200"));
        assertThat(JsonPath.<List<String>>read(report, "$.movements[*].balanceValue"))
                .extracting(BigDecimal::new).usingElementComparator(Comparator.naturalOrder())
                .containsExactly(new BigDecimal("2000"), new BigDecimal("1600"), new BigDecimal("1400"));
        assertThat(JsonPath.<List<Boolean>>read(report, "$.movements[*].revalued")).containsExactly(false, true, true);

        // With day 5: the cancelled write-off and its reversal come to nothing, in the sums and in the list.
        String withDay5 = movements(kitchen, milk, "2026-03-02", "2026-03-05");
        assertThat(dec(withDay5, item + ".out.WRITE_OFF.quantity")).isEqualByComparingTo("4000");
        assertThat(dec(withDay5, item + ".out.WRITE_OFF.value")).isEqualByComparingTo("400");
        assertThat(dec(withDay5, item + ".closing.value")).isEqualByComparingTo("1400");
        assertThat(JsonPath.<List<String>>read(withDay5, "$.movements[*].kind")).hasSize(3);

        // The bar: the transfer in at its value now, 200.
        String barReport = movements(bar, milk, "2026-03-01", "2026-03-31");
        assertThat(dec(barReport, item + ".opening.quantity")).isEqualByComparingTo("0");
        assertThat(dec(barReport, item + ".in.TRANSFER_IN.value")).isEqualByComparingTo("200");
        assertThat(dec(barReport, item + ".closing.quantity")).isEqualByComparingTo("2000");

        // Every item of the kitchen: flour did not move, but it was there: opening = closing = 5 kg, 150.
        String all = mvc.perform(get("/api/v1/stock/movements").param("storageId", kitchen.toString())
                        .param("from", "2026-03-02").param("to", "2026-03-04").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(all, "$.items[*].itemName")).containsExactly("Flour", "Milk", "Sugar");
        assertThat(dec(all, "$.items[0].closing.value")).isEqualByComparingTo("150");
        assertThat(JsonPath.<List<Object>>read(all, "$.movements")).isEmpty();

        // The closing of a period is the balance just before its end.
        Level closing = asOwner(() -> ledger.level(kitchen, milk, Instant.parse("2026-03-04T21:59:59Z")));
        assertThat(closing.value()).isEqualByComparingTo("1400");
    }

    @Test
    void snapshotBackedBalancesEqualThePlainSumAfterAPostingIntoThePast() {
        story();
        supply(kitchen, milk, Instant.parse("2026-04-10T10:00:00Z"), "1000", "150");
        writeOff(kitchen, milk, Instant.parse("2026-05-10T10:00:00Z"), "3000");
        int added = asOwner(() -> snapshots.refresh(Instant.parse("2026-06-15T00:00:00Z")));
        // Kitchen: milk, flour, sugar for 1 April; milk for 1 May and 1 June. Bar: milk for 1 April.
        assertThat(added).isEqualTo(6);
        assertSnapshotsAgreeWithTheLedger();

        // A supply into March: the kitchen's milk snapshots from then on are forgotten, and the balance still right.
        supply(kitchen, milk, Instant.parse("2026-03-02T12:00:00Z"), "6000", "300");
        assertSnapshotsAgreeWithTheLedger();
        // And a cancellation into the past, with the snapshots rebuilt first.
        asOwner(() -> snapshots.refresh(Instant.parse("2026-06-15T00:00:00Z")));
        UUID late = supply(kitchen, milk, Instant.parse("2026-03-01T11:00:00Z"), "1000", "90");
        asOwner(() -> snapshots.refresh(Instant.parse("2026-06-15T00:00:00Z")));
        asOwner(() -> {
            ledger.reverse(late);
            return null;
        });
        assertSnapshotsAgreeWithTheLedger();
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    private void assertSnapshotsAgreeWithTheLedger() {
        assertThat(asOwner(snapshots::check)).isEmpty();
        for (String at : List.of("2026-03-01T12:00:00Z", "2026-03-31T23:59:59Z", "2026-04-01T00:00:00Z",
                "2026-04-20T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")) {
            for (UUID storage : List.of(kitchen, bar)) {
                Instant moment = Instant.parse(at);
                Map<UUID, Level> fast = byItem(asOwner(() -> ledger.levels(storage, moment)));
                Map<UUID, Level> plain = byItem(asOwner(() -> snapshots.levelsFromMovements(storage, moment)));
                assertThat(fast.keySet()).as("items at %s", at).isEqualTo(plain.keySet());
                plain.forEach((item, level) -> {
                    assertThat(fast.get(item).quantity()).as("quantity at %s", at)
                            .isEqualByComparingTo(level.quantity());
                    assertThat(fast.get(item).value()).as("value at %s", at).isEqualByComparingTo(level.value());
                    Level one = asOwner(() -> ledger.level(storage, item, moment));
                    assertThat(one.value()).isEqualByComparingTo(level.value());
                });
            }
        }
    }

    @Test
    void itemsBelowTheirMinimumAreListed() throws Exception {
        story();
        // Milk in the kitchen: 14 l, minimum 20 l: 6 l missing. Sugar over all storages: −0.5 kg, minimum
        // 100 g: 0.6 kg missing. Flour: 5 kg, minimum 1 kg: fine.
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [
                          {"itemId": "%s", "storageId": "%s", "quantity": 20, "unit": "l"},
                          {"itemId": "%s", "quantity": 100},
                          {"itemId": "%s", "quantity": 1, "unit": "kg"}]}"""
                        .formatted(milk, kitchen, sugar, flour)).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3));
        String below = mvc.perform(get("/api/v1/stock/below-minimum").with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(below, "$[*].itemName")).containsExactly("Milk", "Sugar");
        assertThat(dec(below, "$[0].missing")).isEqualByComparingTo("6");
        assertThat(dec(below, "$[0].quantity")).isEqualByComparingTo("14");
        assertThat(dec(below, "$[1].missing")).isEqualByComparingTo("0.6");

        // Removing one (quantity 0) leaves the others.
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "storageId": "%s", "quantity": 0}]}"""
                        .formatted(milk, kitchen)).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2));

        // On the page: set a minimum of 30 l of milk at the bar (it has 2 l).
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        Document page = Jsoup.parse(mvc.perform(get("/stock/below-minimum").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        Map<String, String> form = formOf(page, "form[action$='/stock/minimums']");
        form.put("itemId", milk.toString());
        form.put("storageId", bar.toString());
        form.put("quantity", "30");
        mvc.perform(submitted("/stock/minimums", form, owner))
                .andExpect(status().is3xxRedirection());
        String shown = mvc.perform(get("/stock/below-minimum").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(shown).select("table").first().text()).contains("Milk", "Bar", "28 l");
    }

    @Test
    void pagesShowBalancesAndMovementsAndSayWhatToDoWhenEmpty() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        String empty = mvc.perform(get("/stock/balances").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(empty).select("a[href='/stock/supplies/new']")).isNotEmpty();

        story();
        String page = mvc.perform(get("/stock/balances").param("storageId", kitchen.toString())
                        .param("at", "2026-03-03T12:00").session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document balancesPage = Jsoup.parse(page);
        assertThat(balancesPage.select("tbody tr")).hasSize(3);
        assertThat(balancesPage.select("tr.table-danger").text()).contains("Sugar");
        assertThat(balancesPage.select("tbody").text()).contains("Milk", "16 l");

        String movements = mvc.perform(get("/stock/movements").param("itemId", milk.toString())
                        .param("storageId", kitchen.toString()).param("from", "2026-03-02").param("to", "2026-03-04")
                        .session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(movements).select("table").get(1).select("tbody tr")).hasSize(3);

        String wrong = mvc.perform(get("/stock/movements").param("from", "2026-03-05").param("to", "2026-03-02")
                        .session(owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(wrong).select(".alert-danger").text()).contains("must come after");
    }

    @Test
    void badInputIsRefusedClearly() throws Exception {
        String token = cafe.ownerToken();
        mvc.perform(get("/api/v1/stock/movements").param("itemId", milk.toString())
                        .param("from", "2026-03-05").param("to", "2026-03-01").with(bearer(token)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        // The same day twice is one whole day, not an empty period.
        mvc.perform(get("/api/v1/stock/movements").param("itemId", milk.toString())
                        .param("from", "2026-03-05").param("to", "2026-03-05").with(bearer(token)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/stock/movements").param("itemId", milk.toString())
                        .param("from", "2026-03-05T10:00:00Z").param("to", "2026-03-05T10:00:00Z")
                        .with(bearer(token)))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(get("/api/v1/stock/movements").param("itemId", milk.toString()).param("to", "2026-03-05")
                        .with(bearer(token)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/v1/stock/balances").param("at", "yesterday").with(bearer(token)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("at"));
        mvc.perform(get("/api/v1/stock/balances").param("sort", "price").with(bearer(token)))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(get("/api/v1/stock/movements").param("itemId", UUID.randomUUID().toString())
                        .param("from", "2026-03-01").param("to", "2026-03-05").with(bearer(token)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stock/balances").param("storageId", UUID.randomUUID().toString())
                        .with(bearer(token)))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "quantity": -1}]}""".formatted(milk)).with(bearer(token)))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "quantity": 1, "unit": "kg"}]}""".formatted(milk))
                        .with(bearer(token)))
                .andExpect(status().isUnprocessableEntity());
        // All or none: a good minimum before a bad one is not saved either.
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "quantity": 5}, {"itemId": "%s", "quantity": 1}]}"""
                        .formatted(flour, UUID.randomUUID())).with(bearer(token)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stock/minimums").with(bearer(token)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void anotherBusinessSeesNothingAndAnAccountantOnlyReads() throws Exception {
        story();
        TestBusiness other = signUp("Other Café " + UUID.randomUUID().toString().substring(0, 6));
        mvc.perform(get("/api/v1/stock/balances").param("storageId", kitchen.toString())
                        .with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stock/movements").param("itemId", milk.toString())
                        .param("from", "2026-03-01").param("to", "2026-03-31").with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "quantity": 5}]}""".formatted(milk))
                        .with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/stock/balances").param("at", "2026-03-06T00:00:00Z")
                        .with(bearer(other.ownerToken())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(0));

        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/stock/balances").param("at", "2026-03-06T00:00:00Z")
                        .with(bearer(accountant.token())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(4));
        mvc.perform(get("/api/v1/stock/below-minimum").with(bearer(accountant.token())))
                .andExpect(status().isOk());
        mvc.perform(json(put("/api/v1/stock/minimums"), """
                        {"minimums": [{"itemId": "%s", "quantity": 5}]}""".formatted(milk))
                        .with(bearer(accountant.token())))
                .andExpect(status().isForbidden());
    }

    private String balances(UUID storage, String at, String more) throws Exception {
        ResultActions result = mvc.perform(get("/api/v1/stock/balances?storageId=" + storage + "&at=" + at + more)
                .with(bearer(cafe.ownerToken())));
        return result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private String movements(UUID storage, UUID item, String from, String to) throws Exception {
        return mvc.perform(get("/api/v1/stock/movements").param("storageId", storage.toString())
                        .param("itemId", item.toString()).param("from", from).param("to", to)
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private static BigDecimal row(String json, UUID item, String field) {
        List<Object> found = JsonPath.read(json, "$.items[?(@.itemId=='" + item + "')]." + field);
        assertThat(found).as("a row of %s", item).hasSize(1);
        return new BigDecimal(found.get(0).toString());
    }

    private static BigDecimal dec(String json, String path) {
        return new BigDecimal(JsonPath.read(json, path).toString());
    }

    private static Map<UUID, Level> byItem(List<Level> levels) {
        return levels.stream().collect(java.util.stream.Collectors.toMap(Level::itemId, l -> l));
    }

    private UUID ingredient(String name, String category, Unit.Dimension dimension) {
        return asOwner(() -> ingredients.create(new Ingredients.IngredientDetails(name, category, dimension, null,
                null, null, null)).getId());
    }

    private UUID supply(UUID storage, UUID item, Instant at, String quantity, String value) {
        UUID document = UUID.randomUUID();
        asOwner(() -> ledger.post(new Posting("SUPPLY", document, at, List.of(Entry.in(Kind.SUPPLY, storage, item,
                new BigDecimal(quantity), new BigDecimal(value))))));
        return document;
    }

    private UUID writeOff(UUID storage, UUID item, Instant at, String quantity) {
        UUID document = UUID.randomUUID();
        asOwner(() -> ledger.post(new Posting("WRITE_OFF", document, at, List.of(
                Entry.out(Kind.WRITE_OFF, storage, item, new BigDecimal(quantity))))));
        return document;
    }

    private void transfer(UUID from, UUID to, UUID item, Instant at, String quantity) {
        asOwner(() -> ledger.post(new Posting("TRANSFER", UUID.randomUUID(), at,
                Entry.transfer(from, to, item, new BigDecimal(quantity)))));
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
