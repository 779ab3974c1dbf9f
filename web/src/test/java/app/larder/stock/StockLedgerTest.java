package app.larder.stock;

import app.larder.business.Storages;
import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Level;
import app.larder.stock.StockLedger.Movement;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's arithmetic, each figure worked out by hand in the comments: weighted averages, postings into the
 * past, stock below zero healed by a late supply, transfers at cost, cancellations, and concurrent postings.
 */
class StockLedgerTest extends IntegrationTest {

    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    StockLedger ledger;
    @Autowired
    Ingredients ingredients;
    @Autowired
    Storages storages;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    @LiquibaseDataSource
    DataSource ownerDataSource;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID milk;

    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Ledger Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        milk = asOwner(() -> ingredients.create(new Ingredients.IngredientDetails("Milk", null, Unit.Dimension.VOLUME,
                null, null, null, null)).getId());
    }

    @Test
    void outgoingStockIsValuedAtTheWeightedAverage() {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        supply(kitchen, milk, DAY_2, "5000", "500");    // 0.10 a ml
        // 15,000 ml worth 1,300; 3,000 ml of it: 3,000 × 1,300 / 15,000 = 260.
        Movement spoiled = writeOff(kitchen, milk, DAY_3, "3000");
        assertThat(spoiled.value()).isEqualByComparingTo("-260");
        assertLevel(level(kitchen, milk, DAY_3), "12000", "1040");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aSupplyPostedIntoThePastRevaluesTheLaterWriteOff() {
        supply(kitchen, milk, DAY_1, "10000", "800");
        Movement spoiled = writeOff(kitchen, milk, DAY_3, "4000");
        assertThat(spoiled.value()).isEqualByComparingTo("-320");   // 4,000 × 0.08
        UUID late = supply(kitchen, milk, DAY_2, "10000", "1200");
        // On day 3 there were 20,000 ml worth 2,000: 0.10 a ml, so the write-off cost 400, not 320.
        assertThat(documentValue(spoiled)).isEqualByComparingTo("-400");
        assertLevel(level(kitchen, milk, DAY_3), "16000", "1600");
        assertLevel(level(kitchen, milk, DAY_1.plusSeconds(3600)), "10000", "800");

        // Cancelled, the late supply leaves things as if it had never been posted.
        asOwner(() -> {
            ledger.reverse(late);
            return null;
        });
        assertThat(documentValue(spoiled)).isEqualByComparingTo("-320");
        assertLevel(level(kitchen, milk, DAY_3), "6000", "480");
        assertThatThrownBy(() -> asOwner(() -> {
            ledger.reverse(late);
            return null;
        })).isInstanceOf(RuleViolation.class);
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aSupplyOfSeveralItemsPostedIntoThePastRevaluesTheLaterMovementsOfEach() {
        UUID flour = ingredient("Flour", Unit.Dimension.MASS);
        UUID cream = ingredient("Cream", Unit.Dimension.VOLUME);
        UUID sugar = ingredient("Sugar", Unit.Dimension.MASS);
        supply(kitchen, milk, DAY_1, "10000", "800");                    // 0.08 a ml
        supply(kitchen, flour, DAY_1, "5000", "100");                    // 0.02 a g
        supply(kitchen, cream, DAY_1, "1000", "50");                     // 0.05 a ml
        Movement latte = writeOff(kitchen, milk, DAY_3, "4000");
        Movement bread = writeOff(kitchen, flour, DAY_3, "1000");
        Movement cake = writeOff(kitchen, flour, DAY_3.plusSeconds(3600), "2000");
        Movement sauce = writeOff(kitchen, cream, DAY_3, "300");
        assertThat(latte.value()).isEqualByComparingTo("-320");          // 4,000 × 0.08
        assertThat(bread.value()).isEqualByComparingTo("-20");           // 1,000 × 0.02
        assertThat(cake.value()).isEqualByComparingTo("-40");            // 2,000 × 0.02
        assertThat(sauce.value()).isEqualByComparingTo("-15");           // 300 × 0.05

        // One supply on day 2 of four items, three of them with movements after it.
        UUID late = UUID.randomUUID();
        List<Movement> booked = asOwner(() -> ledger.post(new Posting("SUPPLY", late, DAY_2, List.of(
                Entry.in(Kind.SUPPLY, kitchen, milk, new BigDecimal("10000"), new BigDecimal("1200")),
                Entry.in(Kind.SUPPLY, kitchen, flour, new BigDecimal("5000"), new BigDecimal("200")),
                Entry.in(Kind.SUPPLY, kitchen, cream, new BigDecimal("2000"), new BigDecimal("100")),
                Entry.in(Kind.SUPPLY, kitchen, sugar, new BigDecimal("3000"), new BigDecimal("90"))))));
        assertThat(booked).extracting(Movement::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1200"), new BigDecimal("200"), new BigDecimal("100"),
                        new BigDecimal("90"));
        // Milk: 20,000 ml worth 2,000 on day 3, 0.10 a ml: 4,000 ml cost 400.
        assertThat(documentValue(latte)).isEqualByComparingTo("-400");
        assertLevel(level(kitchen, milk, DAY_3), "16000", "1600");
        // Flour: 10,000 g worth 300, 0.03 a g: 1,000 g cost 30, leaving 9,000 g worth 270; then 2,000 g cost 60.
        assertThat(documentValue(bread)).isEqualByComparingTo("-30");
        assertThat(documentValue(cake)).isEqualByComparingTo("-60");
        assertLevel(level(kitchen, flour, DAY_3.plusSeconds(3600)), "7000", "210");
        // Cream: 3,000 ml worth 150, still 0.05 a ml: the write-off keeps its 15 and gets no correction.
        assertThat(documentValue(sauce)).isEqualByComparingTo("-15");
        assertThat(asOwner(() -> ledger.ofDocument(posting(sauce)))).hasSize(1);
        assertThat(asOwner(() -> ledger.ofDocument(posting(latte)))).hasSize(2);
        assertLevel(level(kitchen, cream, DAY_3), "2700", "135");
        // Sugar: nothing after it.
        assertLevel(level(kitchen, sugar, DAY_3), "3000", "90");
        // Before day 2 nothing changed.
        assertLevel(level(kitchen, flour, DAY_1.plusSeconds(3600)), "5000", "100");
        assertThat(asOwner(ledger::check)).isEmpty();

        // Cancelled, the supply leaves every item as it was.
        asOwner(() -> {
            ledger.reverse(late);
            return null;
        });
        assertThat(documentValue(latte)).isEqualByComparingTo("-320");
        assertThat(documentValue(bread)).isEqualByComparingTo("-20");
        assertThat(documentValue(cake)).isEqualByComparingTo("-40");
        assertThat(documentValue(sauce)).isEqualByComparingTo("-15");
        assertLevel(level(kitchen, milk, DAY_3), "6000", "480");             // 10,000 − 4,000 at 0.08
        assertLevel(level(kitchen, flour, DAY_3.plusSeconds(3600)), "2000", "40");   // 5,000 − 3,000 at 0.02
        assertLevel(level(kitchen, cream, DAY_3), "700", "35");             // 1,000 − 300 at 0.05
        assertLevel(level(kitchen, sugar, DAY_3), "0", "0");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * A batch of documents at different moments, posted at once, comes out as if posted one after another: here
     * three write-offs, one of them before a supply already booked, another after it.
     */
    @Test
    void documentsPostedTogetherComeOutAsIfPostedOneByOne() {
        supply(kitchen, milk, DAY_1, "10000", "800");   // 0.08 a ml
        supply(kitchen, milk, DAY_3, "10000", "1200");  // 0.12 a ml
        Instant day2 = DAY_2;
        Instant day4 = DAY_3.plusSeconds(86_400);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        var booked = asOwner(() -> ledger.postAll(List.of(
                new Posting("WRITE_OFF", a, day4, List.of(Entry.out(Kind.WRITE_OFF, kitchen, milk,
                        new BigDecimal("4000")))),
                new Posting("WRITE_OFF", b, day2, List.of(Entry.out(Kind.WRITE_OFF, kitchen, milk,
                        new BigDecimal("5000")))),
                new Posting("WRITE_OFF", c, day2.plusSeconds(60), List.of(Entry.out(Kind.WRITE_OFF, kitchen, milk,
                        new BigDecimal("1000")))))));
        // Day 2: 5,000 and then 1,000 at 0.08 (400, 80), leaving 4,000 worth 320. Day 3: + 10,000 worth 1,200:
        // 14,000 worth 1,520. Day 4: 4,000 × 1,520 / 14,000 = 434.285714 (half-even at 6 places).
        assertThat(booked.get(b).get(0).value()).isEqualByComparingTo("-400");
        assertThat(booked.get(c).get(0).value()).isEqualByComparingTo("-80");
        assertThat(booked.get(a).get(0).value()).isEqualByComparingTo("-434.285714");
        assertLevel(level(kitchen, milk, day4), "10000", "1085.714286");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aQuantityFinerThanAMillionthIsRefused() {
        assertThatThrownBy(() -> supply(kitchen, milk, DAY_1, "1.0000001", "1"))
                .isInstanceOfSatisfying(RuleViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("quantity");
                    assertThat(e.messageKey()).isEqualTo("stock.tooPrecise");
                });
        // Trailing zeros are no extra precision.
        supply(kitchen, milk, DAY_1, "1.5000000", "1");
        assertLevel(level(kitchen, milk, DAY_1), "1.5", "1");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void stockBelowZeroIsSetRightByTheSupplyThatComesLater() {
        asOwner(() -> {
            ingredients.setUnitCost(milk, new BigDecimal("50"));   // 50 a litre: 0.05 a ml, until a supply says more
            return null;
        });
        Movement sold = writeOff(kitchen, milk, DAY_1, "2000");
        assertThat(sold.value()).isEqualByComparingTo("-100");        // provisional: 2,000 × 0.05
        assertLevel(level(kitchen, milk, DAY_1), "-2000", "-100");
        supply(kitchen, milk, DAY_2, "5000", "300");                    // 0.06 a ml
        // The 2,000 ml taken below zero came from this supply: 2,000 × 0.06 = 120.
        assertThat(documentValue(sold)).isEqualByComparingTo("-120");
        // 3,000 ml left, at 0.06: 180.
        assertLevel(level(kitchen, milk, DAY_3), "3000", "180");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aTransferMovesStockAtTheSendersCostAndFollowsItsRevaluation() {
        UUID bar = asOwner(() -> storages.create(cafe.venueId(), "Bar").getId());
        supply(kitchen, milk, DAY_1, "1000", "30");                     // 0.03 a ml
        UUID transfer = UUID.randomUUID();
        asOwner(() -> ledger.post(new Posting("TRANSFER", transfer, DAY_2,
                Entry.transfer(kitchen, bar, milk, new BigDecimal("400")))));
        assertLevel(level(bar, milk, DAY_2), "400", "12");              // 400 × 0.03
        Movement latte = writeOff(bar, milk, DAY_3, "100");
        assertThat(latte.value()).isEqualByComparingTo("-3");

        // A supply into the kitchen before the transfer: 2,000 ml worth 80, 0.04 a ml.
        supply(kitchen, milk, DAY_1.plusSeconds(60), "1000", "50");
        assertLevel(level(kitchen, milk, DAY_2), "1600", "64");         // 80 − 400 × 0.04
        assertLevel(level(bar, milk, DAY_2), "400", "16");
        assertThat(documentValue(latte)).isEqualByComparingTo("-4");   // 100 × 0.04
        assertLevel(level(bar, milk, DAY_3), "300", "12");
        assertThat(asOwner(ledger::check)).isEmpty();

        assertThatThrownBy(() -> asOwner(() -> ledger.post(new Posting("TRANSFER", UUID.randomUUID(), DAY_2,
                Entry.transfer(kitchen, kitchen, milk, BigDecimal.ONE))))).isInstanceOf(RuleViolation.class);
    }

    @Test
    void concurrentPostingsIntoOneStorageKeepTheBalanceExact() throws Exception {
        int postings = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> done = new ArrayList<>();
        for (int i = 0; i < postings; i++) {
            int n = i;
            Callable<Object> work = () -> {
                start.await();
                return n % 2 == 0 ? supply(kitchen, milk, DAY_1.plusSeconds(n), "1000", "100")
                        : writeOff(kitchen, milk, DAY_2.plusSeconds(n), "500");
            };
            done.add(pool.submit(work));
        }
        start.countDown();
        for (Future<Object> f : done) {
            f.get();
        }
        pool.shutdown();
        // 8 supplies of 1,000 ml at 0.10 and 8 write-offs of 500 ml, all after them: 4,000 ml worth 400.
        assertLevel(level(kitchen, milk, DAY_3), "4000", "400");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Sales after the last supply go the sales path: valued at the level's average without a replay and without
     * the level row's lock, added to the level as deltas, which a fold moves into the row. The level reads the same
     * before and after the fold.
     */
    @Test
    void salesAfterTheLastSupplyAreValuedAtTheAverageWithoutAReplay() {
        Instant month = thisMonth();
        supply(kitchen, milk, month.plusSeconds(3600), "10000", "800");             // 0.08 a ml
        Movement later = sale(kitchen, milk, month.plusSeconds(3 * 3600), "3000");
        Movement earlier = sale(kitchen, milk, month.plusSeconds(2 * 3600), "1000");  // out of order: still fine
        assertThat(later.value()).isEqualByComparingTo("-240");                       // 3,000 × 0.08
        assertThat(earlier.value()).isEqualByComparingTo("-80");                      // 1,000 × 0.08
        assertThat(deltas()).as("level deltas before the fold").isEqualTo(2);
        assertThat(asOwner(ledger::check)).isEmpty();
        assertCurrentLevel(kitchen, milk, "6000", "480");
        assertLevel(level(kitchen, milk, month.plusSeconds(4 * 3600)), "6000", "480");

        assertThat(asOwner(ledger::foldDeltas)).isEqualTo(2);
        assertThat(deltas()).as("level deltas after the fold").isZero();
        assertThat(asOwner(ledger::check)).isEmpty();
        assertCurrentLevel(kitchen, milk, "6000", "480");
        // Nothing was corrected: the sales path's values are the replay's.
        assertThat(corrections()).isZero();
    }

    /**
     * A supply posted before sales that went the sales path replays them as any posting would; a sale after the
     * corrections goes the sales path again, at the new average.
     */
    @Test
    void aSupplyPostedBeforeSalesOfTheSalesPathRevaluesThem() {
        Instant month = thisMonth();
        supply(kitchen, milk, month.plusSeconds(3600), "10000", "800");             // 0.08 a ml
        Movement sold = sale(kitchen, milk, month.plusSeconds(3 * 3600), "4000");
        assertThat(sold.value()).isEqualByComparingTo("-320");
        supply(kitchen, milk, month.plusSeconds(2 * 3600), "10000", "1200");        // now 20,000 worth 2,000
        assertThat(documentValue(sold)).isEqualByComparingTo("-400");                // 4,000 × 0.10
        // 16,000 ml worth 1,600 left: 0.10 a ml.
        Movement next = sale(kitchen, milk, month.plusSeconds(4 * 3600), "1000");
        assertThat(next.value()).isEqualByComparingTo("-100");
        // The supply's replay folded the first sale's delta into the level row; the last sale left one of its own.
        assertThat(deltas()).isEqualTo(1);
        assertLevel(level(kitchen, milk, month.plusSeconds(5 * 3600)), "15000", "1500");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Stock that runs out on the sales path is set right by the supply that comes later, as on the replay path:
     * the part taken below zero is worth what that supply cost.
     */
    @Test
    void stockThatRunsOutOnTheSalesPathIsSetRightByTheNextSupply() {
        Instant month = thisMonth();
        supply(kitchen, milk, month.plusSeconds(3600), "1000", "80");               // 0.08 a ml
        Movement first = sale(kitchen, milk, month.plusSeconds(2 * 3600), "800");
        Movement second = sale(kitchen, milk, month.plusSeconds(3 * 3600), "800");  // 600 ml below zero
        assertThat(first.value()).isEqualByComparingTo("-64");
        assertThat(second.value()).isEqualByComparingTo("-64");                     // provisionally all at 0.08
        assertCurrentLevel(kitchen, milk, "-600", "-48");
        supply(kitchen, milk, month.plusSeconds(4 * 3600), "1000", "200");          // 0.20 a ml
        // The second sale: 200 ml from stock at 0.08 (16) and 600 ml from the late supply at 0.20 (120).
        assertThat(documentValue(second)).isEqualByComparingTo("-136");
        assertCurrentLevel(kitchen, milk, "400", "80");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Sales of many terminals at once share the lock of an ingredient; supplies and write-offs into the same
     * storage and item, some into the past, run between them under the exclusive lock. Every price is 0.10 a ml,
     * so every outgoing movement is worth exactly a tenth of its quantity whatever the order, and the level is
     * exact.
     */
    @Test
    void concurrentSalesSupplyAndWriteOffsOfOneItemKeepEveryValueExact() throws Exception {
        Instant month = thisMonth();
        supply(kitchen, milk, month, "100000", "10000");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Movement>> done = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                start.await();
                Instant at = month.plusSeconds(3600 + n * 60L);
                if (n % 16 == 5) {
                    supply(kitchen, milk, at.minusSeconds(1800), "2000", "200");
                    return null;
                }
                return n % 16 == 11 ? writeOff(kitchen, milk, at, "300") : sale(kitchen, milk, at, "250");
            }));
        }
        start.countDown();
        BigDecimal out = BigDecimal.ZERO;
        List<Movement> movements = new ArrayList<>();
        for (Future<Movement> f : done) {
            Movement m = f.get();
            if (m != null) {
                movements.add(m);
                out = out.add(m.quantity());
            }
        }
        pool.shutdown();
        for (Movement m : movements) {
            assertThat(documentValue(m)).as("value of " + m.kind()).isEqualByComparingTo(
                    m.quantity().divide(BigDecimal.TEN));
        }
        // 100,000 + 4 × 2,000 in; 56 sales of 250 and 4 write-offs of 300 out: 106,000 − 14,000 − 1,200.
        assertThat(out).isEqualByComparingTo("-15200");
        assertCurrentLevel(kitchen, milk, "92800", "9280");
        assertThat(asOwner(ledger::check)).isEmpty();
        asOwner(ledger::foldDeltas);
        assertCurrentLevel(kitchen, milk, "92800", "9280");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * A business that never enters supplies sells from stock below zero. The first sale of an ingredient replays
     * (there is nothing to replay) and leaves the unit cost its shortfalls are valued at, the card's; the sales
     * after it, in any order, go the sales path at that cost, as a replay of the whole stretch below zero would
     * value them. A supply posted later heals them all.
     */
    @Test
    void salesOfAnIngredientNeverSuppliedGoTheSalesPathAtTheCardsCost() {
        Instant month = thisMonth();
        asOwner(() -> {
            ingredients.setUnitCost(milk, new BigDecimal("50"));   // 50 a litre: 0.05 a ml
            return null;
        });
        Movement first = sale(kitchen, milk, month.plusSeconds(3 * 3600), "2000");
        assertThat(first.value()).isEqualByComparingTo("-100");                     // 2,000 × 0.05
        assertThat(deltas()).as("the first sale replays").isZero();
        Movement second = sale(kitchen, milk, month.plusSeconds(4 * 3600), "1000");
        Movement earlier = sale(kitchen, milk, month.plusSeconds(2 * 3600), "500"); // out of order: still fine
        assertThat(second.value()).isEqualByComparingTo("-50");
        assertThat(earlier.value()).isEqualByComparingTo("-25");
        assertThat(deltas()).as("the others go the sales path").isEqualTo(2);
        assertCurrentLevel(kitchen, milk, "-3500", "-175");
        assertThat(asOwner(ledger::check)).isEmpty();

        // A write-off before them all replays the whole stretch below zero and finds nothing to correct.
        Movement spilt = writeOff(kitchen, milk, month.plusSeconds(3600), "100");
        assertThat(spilt.value()).isEqualByComparingTo("-5");
        assertThat(corrections()).as("the sales path's values are the replay's").isZero();

        // 6,000 ml supplied before everything at 0.06 a ml: every shortfall came from it.
        supply(kitchen, milk, month.plusSeconds(1800), "6000", "360");
        assertThat(documentValue(earlier)).isEqualByComparingTo("-30");
        assertThat(documentValue(first)).isEqualByComparingTo("-120");
        assertThat(documentValue(second)).isEqualByComparingTo("-60");
        assertCurrentLevel(kitchen, milk, "2400", "144");
        // In stock again: the next sale goes the sales path at the average.
        Movement next = sale(kitchen, milk, month.plusSeconds(5 * 3600), "400");
        assertThat(next.value()).isEqualByComparingTo("-24");
        assertCurrentLevel(kitchen, milk, "2000", "120");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Stock that never had a cost of its own values each shortfall by the card as it stood at that sale: a new card
     * cost reaches the sales after it, on the sales path as in a replay, and leaves the sales before it alone.
     */
    @Test
    void aShortfallIsValuedByTheCardAsItStoodAtTheSale() {
        Instant month = thisMonth();
        cardCost(milk, month, "50");                                                 // 0.05 a ml
        cardCost(milk, month.plusSeconds(3 * 3600), "80");                           // 0.08 a ml from 03:00
        Movement first = sale(kitchen, milk, month.plusSeconds(3600), "1000");
        Movement after = sale(kitchen, milk, month.plusSeconds(4 * 3600), "1000");
        Movement before = sale(kitchen, milk, month.plusSeconds(2 * 3600), "1000");
        assertThat(first.value()).isEqualByComparingTo("-50");
        assertThat(after.value()).isEqualByComparingTo("-80");
        assertThat(before.value()).isEqualByComparingTo("-50");
        assertThat(deltas()).as("the second and third sale go the sales path").isEqualTo(2);
        // A write-off before them all replays the stretch and agrees with every value.
        writeOff(kitchen, milk, month.plusSeconds(1800), "100");
        assertThat(corrections()).isZero();
        assertCurrentLevel(kitchen, milk, "-3100", "-185");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * A transfer revalued by a late supply at its sender revalues the receiver's sales below zero, and the receiver's
     * next sale below zero goes the sales path at the corrected cost.
     */
    @Test
    void aTransferRevaluedAtItsSenderSetsTheReceiversShortfallCost() {
        Instant month = thisMonth();
        UUID bar = asOwner(() -> storages.create(cafe.venueId(), "Bar").getId());
        supply(kitchen, milk, month.plusSeconds(3600), "1000", "30");                // 0.03 a ml
        asOwner(() -> ledger.post(new Posting("TRANSFER", UUID.randomUUID(), month.plusSeconds(2 * 3600),
                Entry.transfer(kitchen, bar, milk, new BigDecimal("400")))));
        Movement latte = sale(bar, milk, month.plusSeconds(3 * 3600), "500");       // 400 in stock, 100 below zero
        assertThat(latte.value()).isEqualByComparingTo("-15");                       // 500 × 0.03
        // Before the transfer, the kitchen gets 1,000 ml at 0.05: 2,000 ml worth 80, 0.04 a ml.
        supply(kitchen, milk, month.plusSeconds(5400), "1000", "50");
        assertThat(documentValue(latte)).isEqualByComparingTo("-20");                // 500 × 0.04
        long before = deltas();
        Movement next = sale(bar, milk, month.plusSeconds(4 * 3600), "100");
        assertThat(deltas()).as("the sales path").isEqualTo(before + 1);
        assertThat(next.value()).isEqualByComparingTo("-4");                         // 100 × 0.04
        assertCurrentLevel(bar, milk, "-200", "-8");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Sales of many terminals at once below zero share the ingredient's lock and are each worth their quantity at
     * the card's cost.
     */
    @Test
    void concurrentSalesBelowZeroAreEachWorthTheCardsCost() throws Exception {
        Instant month = thisMonth();
        asOwner(() -> {
            ingredients.setUnitCost(milk, new BigDecimal("40"));   // 0.04 a ml
            return null;
        });
        sale(kitchen, milk, month.plusSeconds(60), "100");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Movement>> done = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                start.await();
                return sale(kitchen, milk, month.plusSeconds(120 + 60L * (n * 7 % 32)), "250");
            }));
        }
        start.countDown();
        for (Future<Movement> f : done) {
            assertThat(f.get().value()).isEqualByComparingTo("-10");               // 250 × 0.04
        }
        pool.shutdown();
        assertThat(deltas()).isEqualTo(32);
        assertCurrentLevel(kitchen, milk, "-8100", "-324");
        assertThat(asOwner(ledger::check)).isEmpty();
        assertThat(corrections()).isZero();
    }

    /**
     * A cancellation appends without a replay of what it cancels, so it leaves no unit cost for shortfalls: the next
     * sale below zero replays, and values as the replay says.
     */
    @Test
    void aSaleBelowZeroAfterACancellationReplays() {
        Instant month = thisMonth();
        asOwner(() -> {
            ingredients.setUnitCost(milk, new BigDecimal("50"));
            return null;
        });
        sale(kitchen, milk, month.plusSeconds(3600), "1000");
        Movement spilt = writeOff(kitchen, milk, month.plusSeconds(2 * 3600), "1000");
        asOwner(() -> {
            ledger.reverse(posting(spilt));
            return null;
        });
        Movement next = sale(kitchen, milk, month.plusSeconds(3 * 3600), "200");
        assertThat(next.value()).isEqualByComparingTo("-10");                        // 200 × 0.05
        assertThat(deltas()).as("no sale went the sales path").isZero();
        assertCurrentLevel(kitchen, milk, "-1200", "-60");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * A café that never enters supplies, with a write-off after a long stretch of sales below zero, and sales that
     * land before the write-off (a terminal that was offline): nothing comes in after them, so each replays from its
     * own moment, not from the first sale of the stretch, and values as a replay of the whole stretch would.
     */
    @Test
    void aLateSaleBelowZeroReplaysFromItsOwnMomentWhenNothingComesInAfterIt() {
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                .minus(java.time.Duration.ofDays(26));
        cardCost(milk, start.minusSeconds(3600), "50");                              // 0.05 a ml
        List<Posting> sales = new ArrayList<>();
        for (int i = 0; i < 200; i++) {                                               // every 3 h for 25 days
            sales.add(new Posting("RECEIPT", UUID.randomUUID(), start.plusSeconds(i * 3 * 3600L),
                    List.of(Entry.out(Kind.SALE, kitchen, milk, new BigDecimal("100")))));
        }
        asOwner(() -> ledger.postAll(sales));
        Instant end = start.plusSeconds(200 * 3 * 3600L);
        Movement spilt = writeOff(kitchen, milk, end, "100");                        // after them all
        assertThat(spilt.value()).isEqualByComparingTo("-5");
        long corrections = corrections();
        // As autovacuum would by now: without statistics the planner reads the business's movements by its id alone.
        new org.springframework.jdbc.core.JdbcTemplate(ownerDataSource).execute("ANALYZE stock_movement");

        Fetched late = saleCountingFetches(end.minusSeconds(60), "300");             // before the write-off
        assertThat(late.movement().value()).isEqualByComparingTo("-15");              // 300 × 0.05
        assertThat(late.fetched()).as("movements read: the write-off and its own moment's, not 200 sales")
                .isLessThan(20);
        Fetched older = saleCountingFetches(start.plusSeconds(3 * 3600L * 190 + 60), "200");
        assertThat(older.movement().value()).isEqualByComparingTo("-10");
        assertThat(older.fetched()).as("the 10 sales after it and the write-off, not the 190 before")
                .isLessThan(40);
        assertThat(corrections()).as("nothing before or after changed its value").isEqualTo(corrections);
        assertCurrentLevel(kitchen, milk, "-20600", "-1030");                          // 20,600 ml × 0.05
        assertThat(asOwner(ledger::check)).isEmpty();

        // A supply after it all still heals the stretch from its first sale, in order.
        supply(kitchen, milk, end.plusSeconds(60), "1000", "80");                    // 0.08 a ml
        assertThat(documentValue(sales.get(0).documentId(), kitchen)).isEqualByComparingTo("-8");
        assertThat(documentValue(sales.get(10).documentId(), kitchen)).isEqualByComparingTo("-5");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * Stock that ran out exactly, at the cost of its last supply: a write-off after it is short at that cost, as a
     * replay from the supply would value it, not at the card's cost of an ingredient that never had stock.
     */
    @Test
    void aShortfallRightAfterStockRanOutIsValuedAtTheLastSuppliesCost() {
        Instant month = thisMonth();
        asOwner(() -> {
            ingredients.setUnitCost(milk, new BigDecimal("50"));                     // the card: 0.05 a ml
            return null;
        });
        supply(kitchen, milk, month.plusSeconds(3600), "1000", "30");                // 0.03 a ml
        Movement latte = sale(kitchen, milk, month.plusSeconds(2 * 3600), "1000");   // runs out exactly
        assertThat(latte.value()).isEqualByComparingTo("-30");
        Movement spilt = writeOff(kitchen, milk, month.plusSeconds(3 * 3600), "500");
        assertThat(spilt.value()).isEqualByComparingTo("-15");                       // 500 × 0.03, not × 0.05
        assertCurrentLevel(kitchen, milk, "-500", "-15");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    /**
     * What a sale takes from stock is worth value × taken ÷ quantity, rounded once to the millionth: 2 millionths for
     * 3 ml, a quarter of it taken, is worth exactly half a millionth, which rounds half-even to nothing. Rounding the
     * average first (to 34 digits, upwards here) and then the product made it a millionth.
     */
    @Test
    void theStockASaleTakesIsValuedWithOneRounding() {
        Instant month = thisMonth();
        supply(kitchen, milk, month.plusSeconds(3600), "3", "0.000002");
        Movement sip = sale(kitchen, milk, month.plusSeconds(2 * 3600), "0.75");
        assertThat(sip.value()).isEqualByComparingTo("0");
        assertCurrentLevel(kitchen, milk, "2.25", "0.000002");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    private record Fetched(Movement movement, long fetched) {
    }

    /**
     * A sale, and how many rows of the ledger it read: PostgreSQL's counters of the backend's statistics not yet
     * reported, before and after it in one transaction (they are reported only between transactions), with the plans
     * of a ledger too large to scan whole.
     */
    private Fetched saleCountingFetches(Instant at, String quantity) {
        return asOwner(() -> {
            // The plans of a large ledger: by a storage, item and moment (this one is small enough to scan whole).
            jdbc.getJdbcTemplate().execute("SET LOCAL enable_seqscan = off");
            long before = movementsFetched();
            Movement sale = ledger.post(new Posting("RECEIPT", UUID.randomUUID(), at, List.of(
                    Entry.out(Kind.SALE, kitchen, milk, new BigDecimal(quantity))))).get(0);
            return new Fetched(sale, movementsFetched() - before);
        });
    }

    private long movementsFetched() {
        return jdbc.queryForList("""
                SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables
                WHERE relname = 'stock_movement'""", Map.of(), Long.class).stream().findFirst().orElse(0L);
    }

    private BigDecimal documentValue(UUID document, UUID storage) {
        return asOwner(() -> ledger.ofDocument(document)).stream().filter(m -> m.storageId().equals(storage))
                .map(Movement::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The start of the current month (UTC), when sales go the sales path. */
    private static Instant thisMonth() {
        return java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(java.time.temporal.ChronoUnit.DAYS).toInstant();
    }

    private Movement sale(UUID storage, UUID item, Instant at, String quantity) {
        return asOwner(() -> ledger.post(new Posting("RECEIPT", UUID.randomUUID(), at, List.of(
                Entry.out(Kind.SALE, storage, item, new BigDecimal(quantity)))))).get(0);
    }

    /** A card cost in effect from a given moment (the service always records one from now). */
    private void cardCost(UUID ingredient, Instant from, String perLitre) {
        asOwner(() -> jdbc.update("""
                INSERT INTO ingredient_unit_cost
                    (tenant_id, id, ingredient_id, unit_cost, effective_at, source, version)
                VALUES (larder_current_tenant(), gen_random_uuid(), :ingredient, :cost, :from, 'manual', 0)""",
                Map.of("ingredient", ingredient, "cost", new BigDecimal(perLitre),
                        "from", java.sql.Timestamp.from(from))));
    }

    private long deltas() {
        return asOwner(() -> jdbc.queryForObject("SELECT count(*) FROM stock_level_delta", Map.of(), Long.class));
    }

    private long corrections() {
        return asOwner(() -> jdbc.queryForObject("SELECT count(*) FROM stock_movement WHERE valuation = 'CORRECTION'",
                Map.of(), Long.class));
    }

    private void assertCurrentLevel(UUID storage, UUID item, String quantity, String value) {
        Level level = asOwner(() -> ledger.currentLevels(List.of(item))).stream()
                .filter(l -> l.storageId().equals(storage)).findFirst().orElseThrow();
        assertLevel(level, quantity, value);
    }

    private UUID ingredient(String name, Unit.Dimension dimension) {
        return asOwner(() -> ingredients.create(new Ingredients.IngredientDetails(name, null, dimension, null, null,
                null, null)).getId());
    }

    private UUID supply(UUID storage, UUID item, Instant at, String quantity, String value) {
        UUID document = UUID.randomUUID();
        asOwner(() -> ledger.post(new Posting("SUPPLY", document, at, List.of(Entry.in(Kind.SUPPLY, storage, item,
                new BigDecimal(quantity), new BigDecimal(value))))));
        return document;
    }

    private Movement writeOff(UUID storage, UUID item, Instant at, String quantity) {
        return asOwner(() -> ledger.post(new Posting("WRITE_OFF", UUID.randomUUID(), at, List.of(
                Entry.out(Kind.WRITE_OFF, storage, item, new BigDecimal(quantity)))))).get(0);
    }

    /** What the movement is worth now, its corrections included. */
    private BigDecimal documentValue(Movement movement) {
        return asOwner(() -> ledger.ofDocument(posting(movement))).stream()
                .filter(m -> m.storageId().equals(movement.storageId()))
                .map(Movement::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private UUID posting(Movement movement) {
        return asOwner(() -> ledger.documentOf(movement.id()));
    }

    private Level level(UUID storage, UUID item, Instant at) {
        return asOwner(() -> ledger.level(storage, item, at));
    }

    private static void assertLevel(Level level, String quantity, String value) {
        assertThat(level.quantity()).as("quantity").isEqualByComparingTo(quantity);
        assertThat(level.value()).as("value").isEqualByComparingTo(value);
    }

    private <T> T asOwner(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
