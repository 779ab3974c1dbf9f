package app.larder.pos;

import app.larder.business.DemoBusiness;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.tenancy.TenantContext;
import app.larder.platform.tenancy.TenantDirectory;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.StockLedger;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The demo café's sales, made for a short period: receipts every day with a lunch peak, totals that add up, stock
 * kept above zero by supplies, a cash shift a day with a discrepancy, and nothing doubled when run again. The demo
 * business is one per test run (its owner's e-mail is fixed), so every test asks for the same sales, once.
 */
class DemoSalesTest extends IntegrationTest {

    static final int DAYS = 2;

    @Autowired
    DemoBusiness demo;
    @Autowired
    DemoSales demoSales;
    @Autowired
    TenantDirectory directory;
    @Autowired
    Venues venues;
    @Autowired
    Storages storages;
    @Autowired
    Ingredients ingredients;
    @Autowired
    StockLedger ledger;
    @Autowired
    CashShifts cashShifts;
    @Autowired
    PosDevices devices;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;

    private static DemoSales.Summary made;
    private UUID tenant;
    private Venue venue;
    private ZoneId zone;

    @BeforeEach
    void demoSales() {
        demo.ensureExists();
        tenant = directory.find(TenantDirectory.emailKey(DemoBusiness.OWNER_EMAIL)).orElseThrow();
        synchronized (DemoSalesTest.class) {
            if (made == null) {
                // Outside any transaction, as at start-up: each batch commits by itself.
                made = TenantContext.callAs(TenantContext.Actor.system(tenant), () -> demoSales.generate(DAYS));
            }
        }
        venue = as(() -> venues.active().get(0));
        zone = venue.getTimezone();
    }

    @Test
    void everyDayHasAFewHundredReceiptsWithALunchPeakAndAFewRefunds() {
        assertThat(made.receipts()).isPositive();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Map<LocalDate, Integer> perDay = new HashMap<>();
        Map<Integer, Integer> perHour = new HashMap<>();
        inTenant(() -> jdbc.query("""
                SELECT closed_at FROM receipt WHERE refund_of IS NULL AND venue_id = :venue""",
                Map.of("venue", venue.getId()), rs -> {
                    var local = rs.getTimestamp("closed_at").toInstant().atZone(zone);
                    perDay.merge(local.toLocalDate(), 1, Integer::sum);
                    if (local.toLocalDate().isBefore(today)) {
                        perHour.merge(local.getHour(), 1, Integer::sum);
                    }
                }));
        for (int d = 1; d <= DAYS; d++) {
            // A weekday has about 250, a Saturday about 360 (each ± 8 %).
            assertThat(perDay.get(today.minusDays(d))).as("receipts on " + today.minusDays(d))
                    .isBetween(200, 400);
        }
        assertThat(perDay.keySet()).allMatch(date -> !date.isBefore(today.minusDays(DAYS)) && !date.isAfter(today));
        // Lunch (12:00 to 14:00) is about three times as busy as the afternoon lull (15:00 to 17:00).
        int lunch = perHour.getOrDefault(12, 0) + perHour.getOrDefault(13, 0);
        int lull = perHour.getOrDefault(15, 0) + perHour.getOrDefault(16, 0);
        assertThat(lunch).isGreaterThan(2 * lull);
        // The morning coffee peak and the evening peak: busier than the hours around the lull.
        assertThat(perHour.getOrDefault(9, 0)).isGreaterThan(perHour.getOrDefault(16, 0));
        assertThat(perHour.getOrDefault(19, 0)).isGreaterThan(perHour.getOrDefault(16, 0));
        assertThat(perHour.keySet()).allMatch(hour -> hour >= 8 && hour < 22);

        // One to three refunds a day; modifiers on some coffee; cash and card.
        Integer refunds = as(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM receipt WHERE refund_of IS NOT NULL AND venue_id = :venue",
                Map.of("venue", venue.getId()), Integer.class));
        assertThat(refunds).isEqualTo(made.refunds()).isBetween(DAYS, 3 * (DAYS + 1));
        Integer modifiers = as(() -> jdbc.queryForObject("SELECT COUNT(*) FROM receipt_modifier", Map.of(),
                Integer.class));
        assertThat(modifiers).isPositive();
        List<String> methods = as(() -> jdbc.queryForList("SELECT DISTINCT method FROM receipt_payment ORDER BY 1",
                Map.of(), String.class));
        assertThat(methods).containsExactly("card", "cash", "other");
        // Some pages need them too: bills split between cash and card, and discounts.
        Integer split = as(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM (SELECT receipt_id FROM receipt_payment GROUP BY receipt_id
                                      HAVING COUNT(DISTINCT method) > 1) s""", Map.of(), Integer.class));
        assertThat(split).isPositive();
        Integer discounted = as(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM receipt_line WHERE discount > 0", Map.of(), Integer.class));
        assertThat(discounted).isPositive();
    }

    @Test
    void everyReceiptsLinesAndPaymentsAddUpToItsTotal() {
        Integer notAddingUp = as(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM receipt r
                WHERE r.total <> (SELECT COALESCE(SUM(p.amount), 0) FROM receipt_payment p WHERE p.receipt_id = r.id)
                   OR r.total <> (SELECT COALESCE(SUM(l.amount), 0) FROM receipt_line l WHERE l.receipt_id = r.id)
                   OR r.total <= 0""", Map.of(), Integer.class));
        assertThat(notAddingUp).isZero();
        // Lines at the menu's prices: a cappuccino at 65, a Margherita at 195.
        List<BigDecimal> cappuccinos = as(() -> jdbc.queryForList("""
                SELECT DISTINCT l.unit_price FROM receipt_line l JOIN menu_item m ON m.id = l.menu_item_id
                WHERE m.name IN ('Cappuccino', 'Margherita')""", Map.of(), BigDecimal.class));
        assertThat(cappuccinos).extracting(BigDecimal::stripTrailingZeros)
                .containsExactlyInAnyOrder(new BigDecimal("65"), new BigDecimal("195"));
        // Each sale took its ingredients from stock (the sales write-off), a refund nothing.
        Integer withoutWriteOff = as(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM receipt r WHERE r.refund_of IS NULL
                  AND NOT EXISTS (SELECT 1 FROM stock_movement s WHERE s.document_id = r.id)""", Map.of(),
                Integer.class));
        assertThat(withoutWriteOff).isZero();
    }

    @Test
    void suppliesKeepTheStockAboveZero() throws Exception {
        UUID storage = as(() -> storages.ofVenue(venue.getId()).get(0).getId());
        Map<String, UUID> byName = as(() -> ingredients.all().stream()
                .collect(Collectors.toMap(Ingredient::getName, Ingredient::getId)));
        LocalDate today = LocalDate.now(clock.withZone(zone));
        for (int d = 0; d <= DAYS; d++) {
            Instant evening = today.minusDays(d).plusDays(1).atStartOfDay(zone).toInstant();
            Instant at = evening.isAfter(clock.instant()) ? clock.instant() : evening;
            Map<UUID, BigDecimal> levels = as(() -> ledger.levels(storage, at).stream()
                    .collect(Collectors.toMap(StockLedger.Level::itemId, StockLedger.Level::quantity)));
            for (String main : List.of("Coffee beans", "Milk 2.5%", "Flour", "Mozzarella", "Chicken breast",
                    "Sugar", "Cola 0.5", "Croissant")) {
                assertThat(levels.get(byName.get(main))).as(main + " at " + at).isNotNull()
                        .isGreaterThanOrEqualTo(BigDecimal.ZERO);
            }
            long negative = levels.values().stream().filter(q -> q.signum() < 0).count();
            assertThat(negative).as("items below zero at " + at).isLessThanOrEqualTo(levels.size() / 10);
        }
        // Through the supplies service: posted documents from the café's suppliers.
        Integer supplies = as(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM supply WHERE status = 'POSTED'", Map.of(), Integer.class));
        assertThat(supplies).isEqualTo(made.supplies()).isGreaterThanOrEqualTo(4);
        // Bought at the menu's unit costs, so the cost prices stay as the demo menu set them (a Margherita 69.29).
        BigDecimal coffee = as(() -> ingredients.currentUnitCosts(List.of(byName.get("Coffee beans")))
                .get(byName.get("Coffee beans")));
        assertThat(coffee).isEqualByComparingTo("900");
        String token = token(DemoBusiness.OWNER_EMAIL, DemoBusiness.PASSWORD);
        String margherita = mvc.perform(get("/api/v1/menu-items").param("q", "Margherita").with(bearer(token)))
                .andReturn().getResponse().getContentAsString();
        assertThat(new BigDecimal(JsonPath.<String>read(margherita, "$.items[0].cost")))
                .isEqualByComparingTo("69.28935");
    }

    @Test
    void everyDayHasACashShiftClosedWithASmallDiscrepancy() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<CashShifts.Shift> shifts = as(() -> cashShifts.shifts(venue.getId(),
                today.minusDays(DAYS).atStartOfDay(zone).toInstant(), today.atStartOfDay(zone).toInstant()));
        assertThat(shifts).hasSize(DAYS);
        for (CashShifts.Shift shift : shifts) {
            assertThat(shift.openingCash()).isEqualByComparingTo("2000");
            assertThat(shift.cashOut()).isPositive();
            assertThat(shift.cashSales()).isPositive();
            assertThat(shift.receipts()).isPositive();
            assertThat(shift.closedAt()).isNotNull();
            // Between 40.00 short and 15.00 over, never exactly right.
            assertThat(shift.discrepancy()).isNotZero().isBetween(new BigDecimal("-40"), new BigDecimal("15"));
        }
    }

    @Test
    void runningItAgainMakesNothingMore() {
        Integer before = as(() -> jdbc.queryForObject("SELECT COUNT(*) FROM receipt", Map.of(), Integer.class));
        DemoSales.Summary again = TenantContext.callAs(TenantContext.Actor.system(tenant),
                () -> demoSales.generate(DAYS));
        assertThat(again.receipts()).isZero();
        assertThat(again.supplies()).isZero();
        Integer after = as(() -> jdbc.queryForObject("SELECT COUNT(*) FROM receipt", Map.of(), Integer.class));
        assertThat(after).isEqualTo(before);
        long tills = as(() -> devices.search(new PosDevices.DeviceQuery(venue.getId(), DemoSales.DEVICE_NAME, true),
                Pageable.ofSize(10)).getTotalElements());
        assertThat(tills).isOne();
    }

    /**
     * Finance follows the demo's sales: each day's card takings (the venue's acquiring account's receipt and refund
     * rows of that day) reach the bank the next morning at nine as one transfer of exactly that amount.
     */
    @Test
    void theCardTakingsOfEachDayReachTheBankTheNextMorning() {
        as(() -> {
            List<Map<String, Object>> settlements = jdbc.queryForList("""
                    SELECT t.account_id, t.amount, t.occurred_at, t.comment FROM finance_transaction t
                    WHERE t.kind = 'TRANSFER' AND t.amount < 0 AND t.comment LIKE 'Card settlement of %'
                    ORDER BY t.occurred_at""", Map.of());
            assertThat(settlements).hasSizeGreaterThanOrEqualTo(DAYS - 1);
            for (Map<String, Object> settlement : settlements) {
                LocalDate day = LocalDate.parse(((String) settlement.get("comment"))
                        .substring("Card settlement of ".length()));
                BigDecimal takings = jdbc.queryForObject("""
                        SELECT COALESCE(SUM(amount), 0) FROM finance_transaction
                        WHERE account_id = :account AND source IN ('RECEIPT', 'REFUND')
                          AND occurred_at >= :start AND occurred_at < :end""", Map.of(
                        "account", settlement.get("account_id"),
                        "start", java.sql.Timestamp.from(day.atStartOfDay(zone).toInstant()),
                        "end", java.sql.Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant())),
                        BigDecimal.class);
                assertThat(takings).isPositive();
                assertThat((BigDecimal) settlement.get("amount")).isEqualByComparingTo(takings.negate());
                assertThat(((java.sql.Timestamp) settlement.get("occurred_at")).toInstant())
                        .isEqualTo(day.plusDays(1).atTime(9, 0).atZone(zone).toInstant());
            }
            return null;
        });
    }

    private <T> T as(Callable<T> work) {
        return TenantContext.callAs(TenantContext.Actor.system(tenant),
                () -> new TransactionTemplate(transactions).execute(status -> {
                    try {
                        return work.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    private void inTenant(Runnable work) {
        as(() -> {
            work.run();
            return null;
        });
    }
}
