package app.larder.sales;

import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.TenantContext;
import app.larder.recipe.RecipeExplosion;
import app.larder.sales.SalesWriteOffs.MissingRecipe;
import app.larder.sales.SalesWriteOffs.Outcome;
import app.larder.sales.SalesWriteOffs.Sale;
import app.larder.sales.SalesWriteOffs.SoldLine;
import app.larder.sales.SalesWriteOffs.WrittenOff;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Posting;
import app.larder.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sales write-off of a receipt: a latte through two levels of semi-finished products with a modifier that
 * replaces its milk, the tech card version in force at the sale, products, the storage per menu category, stock
 * below zero, bad input, and the write-off storages setting. Every figure is worked out by hand in the comments.
 */
class SalesWriteOffTest extends IntegrationTest {

    static final Instant CARDS_FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SUPPLIED = Instant.parse("2026-02-01T08:00:00Z");
    static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    /** The latte's second tech card version starts here. */
    static final Instant NEW_RECIPE = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T10:00:00Z");

    @Autowired
    SalesWriteOffs salesWriteOffs;
    @Autowired
    RecipeExplosion explosion;
    @Autowired
    WriteOffStorages writeOffStorages;
    @Autowired
    StockLedger ledger;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID kitchen;
    private UUID bar;
    private UUID coffee;
    private UUID milk;
    private UUID oatMilk;
    private UUID sugar;
    private UUID water;
    private UUID vanilla;
    private UUID cola;
    private UUID croissants;
    private UUID espressoBase;
    private UUID sugarSyrup;
    private UUID vanillaSyrup;
    private UUID drinks;
    private UUID hotDrinks;
    private UUID softDrinks;
    private UUID food;
    private UUID latte;
    private UUID colaBottle;
    private UUID croissant;
    private UUID oatOption;
    private UUID extraShot;

    /**
     * The café: a kitchen (the venue's main storage) and a bar. The menu: Drinks › Hot drinks › Latte,
     * Drinks › Soft drinks › Cola (a product), Food › Croissant (a product). Drinks are written off from the bar.
     */
    @BeforeEach
    void cafe() throws Exception {
        cafe = signUp("Sales Café " + UUID.randomUUID().toString().substring(0, 6));
        kitchen = cafe.storageId();
        bar = uuid(created("/api/v1/storages", "{\"venueId\": \"%s\", \"name\": \"Bar\"}".formatted(cafe.venueId())),
                "$.id");
        coffee = ingredient("Coffee beans", "kg", "800");
        milk = ingredient("Milk", "l", "40");
        oatMilk = ingredient("Oat milk", "l", "120");
        sugar = ingredient("Sugar", "kg", "50");
        water = ingredient("Water", "l", "1");
        vanilla = ingredient("Vanilla extract", "l", "2000");
        cola = ingredient("Cola 0.33", "pcs", "20");
        croissants = ingredient("Croissant, frozen", "pcs", "15");

        // Espresso base: 60 ml from 18 g of coffee.
        espressoBase = semi("Espresso base", "ml");
        semiCard(espressoBase, "60", "ml", line("INGREDIENT", coffee, "18", "g"));
        // Sugar syrup: 1,000 ml from 600 g of sugar and 500 ml of water.
        sugarSyrup = semi("Sugar syrup", "l");
        semiCard(sugarSyrup, "1", "l", line("INGREDIENT", sugar, "600", "g") + ","
                + line("INGREDIENT", water, "500", "ml"));
        // Vanilla syrup: 300 ml from 400 ml of sugar syrup and 100 ml of vanilla extract (a second level).
        vanillaSyrup = semi("Vanilla syrup", "ml");
        semiCard(vanillaSyrup, "300", "ml", line("SEMI", sugarSyrup, "400", "ml") + ","
                + line("INGREDIENT", vanilla, "100", "ml"));

        drinks = category("Drinks", null);
        hotDrinks = category("Hot drinks", drinks);
        softDrinks = category("Soft drinks", drinks);
        food = category("Food", null);

        String milkGroup = created("/api/v1/modifier-groups", """
                {"name": "Milk", "minSelected": 0, "maxSelected": 1, "options": [
                  {"name": "Oat milk", "priceDelta": "15", "effect": "REPLACE", "ingredientId": "%s",
                   "quantity": "200", "replacesIngredientId": "%s"}]}""".formatted(oatMilk, milk));
        oatOption = uuid(milkGroup, "$.options[0].id");
        String extras = created("/api/v1/modifier-groups", """
                {"name": "Extras", "minSelected": 0, "maxSelected": 1, "options": [
                  {"name": "Extra shot", "priceDelta": "10", "effect": "ADD", "ingredientId": "%s",
                   "quantity": "9"}]}""".formatted(coffee));
        extraShot = uuid(extras, "$.options[0].id");

        latte = uuid(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "70",
                 "modifierGroupIds": ["%s", "%s"]}""".formatted(hotDrinks, uuid(milkGroup, "$.id"),
                uuid(extras, "$.id"))), "$.id");
        // Version 1, until 2 March: 30 ml espresso base and 200 ml of milk.
        dishCard(latte, CARDS_FROM, line("SEMI", espressoBase, "30", "ml") + ","
                + line("INGREDIENT", milk, "200", "ml"));
        // Version 2, from 2 March: 30 ml espresso base, 180 ml milk, 20 ml vanilla syrup.
        dishCard(latte, NEW_RECIPE, line("SEMI", espressoBase, "30", "ml") + ","
                + line("INGREDIENT", milk, "180", "ml") + "," + line("SEMI", vanillaSyrup, "20", "ml"));
        colaBottle = uuid(created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Cola", "stockItemId": "%s", "stockQuantity": "1",
                 "price": "40", "modifierGroupIds": ["%s"]}""".formatted(softDrinks, cola, uuid(extras, "$.id"))),
                "$.id");
        croissant = uuid(created("/api/v1/menu-items", """
                {"kind": "PRODUCT", "categoryId": "%s", "name": "Croissant", "stockItemId": "%s", "price": "45"}"""
                .formatted(food, croissants)), "$.id");

        setRules("""
                [{"categoryId": "%s", "storageId": "%s"}]""".formatted(drinks, bar));
    }

    /** Stock at known prices in both storages, well before the sales. */
    private void stockUp() {
        for (UUID storage : List.of(kitchen, bar)) {
            supply(storage, coffee, "1000", "800");      // 0.80 a g
            supply(storage, milk, "10000", "400");       // 0.04 a ml
            supply(storage, oatMilk, "1000", "120");     // 0.12 a ml
            supply(storage, sugar, "1000", "50");        // 0.05 a g
            supply(storage, water, "10000", "10");       // 0.001 a ml
            supply(storage, vanilla, "100", "200");      // 2.00 a ml
            supply(storage, cola, "24", "480");          // 20.00 a bottle
            supply(storage, croissants, "10", "150");    // 15.00 a piece
        }
    }

    @Test
    void aLatteWithOatMilkAndAnExtraShotWritesOffThroughTwoLevelsOfSemiFinishedProducts() {
        stockUp();
        UUID receipt = UUID.randomUUID();
        Outcome outcome = writeOff(receipt, DAY_3, new SoldLine(latte, new BigDecimal("2"),
                List.of(oatOption, extraShot)));

        // Two lattes of version 2, each:
        //   espresso base 30 ml of 60: coffee 18 × 30/60 = 9 g;
        //   milk 180 ml, replaced by 200 ml of oat milk;
        //   vanilla syrup 20 ml of 300: vanilla 100 × 20/300 = 6.666… ml; sugar syrup 400 × 20/300 = 26.666… ml,
        //     of 1,000: sugar 600 × 26.666…/1000 = 16 g, water 500 × 26.666…/1000 = 13.333… ml;
        //   the extra shot: 9 g of coffee.
        // For two: coffee 2 × (9 + 9) = 36 g; milk 2 × (180 − 180) = 0; oat milk 400 ml; sugar 32 g;
        // water 26.666667 ml; vanilla 13.333333 ml (the exact sums, rounded once to 6 decimals, half-up).
        // Values at the bar's averages: coffee 36 × 0.80 = 28.80; oat milk 400 × 0.12 = 48.00; sugar 32 × 0.05 = 1.60;
        // water 26.666667 × 0.001 = 0.026667 (the ledger rounds to 6 decimals); vanilla 13.333333 × 2 = 26.666666.
        assertWrittenOff(outcome, bar, coffee, "36", "28.80");
        assertWrittenOff(outcome, bar, oatMilk, "400", "48.00");
        assertWrittenOff(outcome, bar, sugar, "32", "1.60");
        assertWrittenOff(outcome, bar, water, "26.666667", "0.026667");
        assertWrittenOff(outcome, bar, vanilla, "13.333333", "26.666666");
        assertThat(outcome.writtenOff()).hasSize(5);
        assertThat(outcome.writtenOff()).noneMatch(w -> w.ingredientId().equals(milk));
        // 28.80 + 48.00 + 1.60 + 0.026667 + 26.666666 = 105.093333
        assertThat(outcome.cost()).isEqualByComparingTo("105.093333");
        assertThat(outcome.missingRecipes()).isEmpty();

        // The ledger holds the same: a SALE document under the receipt's id, all from the bar.
        assertThat(asOwner(() -> ledger.ofDocument(receipt))).hasSize(5)
                .allMatch(m -> m.kind() == Kind.SALE && m.storageId().equals(bar) && m.moment().equals(DAY_3));
        assertLevel(bar, coffee, "964", "771.20");                                    // 1,000 − 36; 800 − 28.80
        assertLevel(kitchen, coffee, "1000", "800");
        assertThat(asOwner(ledger::check)).isEmpty();

        // Written off once: the same receipt again is refused, and nothing more is booked.
        assertThatThrownBy(() -> writeOff(receipt, DAY_3, new SoldLine(latte, BigDecimal.ONE, List.of())))
                .isInstanceOf(RuleViolation.class).hasMessage("sales.alreadyWrittenOff");
        assertThat(asOwner(() -> ledger.ofDocument(receipt))).hasSize(5);

        // A voided receipt gives its stock back; it may then be written off anew.
        asOwner(() -> {
            salesWriteOffs.cancel(receipt);
            return null;
        });
        assertThat(asOwner(() -> salesWriteOffs.writtenOff(receipt))).isEmpty();
        assertLevel(bar, coffee, "1000", "800");
        Outcome again = writeOff(receipt, DAY_3, new SoldLine(latte, BigDecimal.ONE, List.of()));
        // One plain latte: 9 g coffee, 180 ml milk (7.20), and half the syrup of above.
        assertWrittenOff(again, bar, coffee, "9", "7.20");
        assertWrittenOff(again, bar, milk, "180", "7.20");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aReceiptSentTwiceAtOnceIsWrittenOffOnce() throws Exception {
        stockUp();
        UUID receipt = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                try {
                    writeOff(receipt, DAY_3, new SoldLine(colaBottle, new BigDecimal("2"), List.of()));
                    return true;
                } catch (RuleViolation e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int booked = 0;
        for (Future<Boolean> attempt : attempts) {
            booked += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(booked).isEqualTo(1);
        assertLevel(bar, cola, "22", "440");                                          // 24 − 2 bottles at 20.00
    }

    @Test
    void theExplosionIsExactThroughNestingAndReportsWhatHadNoCard() {
        // 2 portions of the latte (version 2): see the test above; here before rounding, and the top level alone.
        RecipeExplosion.Exploded exploded = asOwner(() -> explosion.explode(latte, new BigDecimal("2"), DAY_3));
        assertThat(exploded.ingredients().get(coffee)).isEqualByComparingTo("18");
        assertThat(exploded.ingredients().get(milk)).isEqualByComparingTo("360");
        // 2 × 20 × 400 × 600 / (300 × 1000) = 32 exactly, though 400 × 20/300 alone is 26.666…
        assertThat(exploded.ingredients().get(sugar)).isEqualByComparingTo("32");
        assertThat(exploded.direct()).containsOnlyKeys(milk);
        assertThat(exploded.direct().get(milk)).isEqualByComparingTo("180");
        assertThat(exploded.withoutCard()).isEmpty();

        // A semi-finished product in base units of its yield: 150 ml of vanilla syrup (half a batch).
        RecipeExplosion.Exploded syrup = asOwner(() -> explosion.explode(vanillaSyrup, new BigDecimal("150"),
                DAY_3));
        assertThat(syrup.ingredients().get(vanilla)).isEqualByComparingTo("50");     // 100 × 150/300
        assertThat(syrup.ingredients().get(sugar)).isEqualByComparingTo("120");      // 600 × 200/1000
        assertThat(syrup.ingredients().get(water)).isEqualByComparingTo("100");      // 500 × 200/1000

        // Before any card: nothing, and said so.
        RecipeExplosion.Exploded early = asOwner(() -> explosion.explode(latte, BigDecimal.ONE,
                CARDS_FROM.minusSeconds(1)));
        assertThat(early.ingredients()).isEmpty();
        assertThat(early.hasNoCard()).isTrue();
    }

    @Test
    void explodingTheReceiptsOfABatchTogetherGivesEachWhatItGivesAlone() throws Exception {
        UUID tea = uuid(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Tea", "price": "30"}""".formatted(hotDrinks)), "$.id");
        // The same products in other quantities in each set, thirds that do not divide evenly, and a dish without
        // a card in only one set: each set must come out as if exploded by itself, to the last digit and scale.
        List<Map<UUID, BigDecimal>> sets = List.of(
                Map.of(latte, new BigDecimal("2"), vanillaSyrup, new BigDecimal("7")),
                Map.of(latte, new BigDecimal("3"), tea, BigDecimal.ONE),
                Map.of(vanillaSyrup, new BigDecimal("0.125")));
        List<Map<UUID, RecipeExplosion.Exploded>> together = asOwner(() -> explosion.explodeEach(sets, DAY_3));
        for (int i = 0; i < sets.size(); i++) {
            Map<UUID, BigDecimal> set = sets.get(i);
            assertThat(together.get(i)).isEqualTo(asOwner(() -> explosion.explode(set, DAY_3)));
        }
        assertThat(together.get(0).get(vanillaSyrup).ingredients().get(vanilla))
                .isCloseTo(new BigDecimal("2.333333333333"), within(new BigDecimal("0.000000000001")));
        assertThat(together.get(1).get(latte).ingredients().get(milk)).isEqualByComparingTo("540");
        assertThat(together.get(1).get(tea).hasNoCard()).isTrue();
        assertThat(together.get(0).values()).noneMatch(RecipeExplosion.Exploded::hasNoCard);
    }

    @Test
    void aSaleBeforeANewerVersionOfTheTechCardUsesTheVersionInForceThen() {
        stockUp();
        // 1 March: version 1, 30 ml espresso base (9 g coffee = 7.20) and 200 ml milk (8.00), no syrup.
        Outcome before = writeOff(UUID.randomUUID(), DAY_1, new SoldLine(latte, BigDecimal.ONE, List.of()));
        assertWrittenOff(before, bar, coffee, "9", "7.20");
        assertWrittenOff(before, bar, milk, "200", "8.00");
        assertThat(before.writtenOff()).hasSize(2);
        assertThat(before.cost()).isEqualByComparingTo("15.20");
        // With oat milk on version 1, the 200 ml of milk of that version go: only coffee and 200 ml oat milk (24).
        Outcome oat = writeOff(UUID.randomUUID(), DAY_1, new SoldLine(latte, BigDecimal.ONE, List.of(oatOption)));
        assertThat(oat.writtenOff()).extracting(WrittenOff::ingredientId).containsExactlyInAnyOrder(coffee, oatMilk);
        assertWrittenOff(oat, bar, oatMilk, "200", "24.00");
        // 3 March: version 2, with milk 180 ml and the vanilla syrup.
        Outcome after = writeOff(UUID.randomUUID(), DAY_3, new SoldLine(latte, BigDecimal.ONE, List.of()));
        assertWrittenOff(after, bar, milk, "180", "7.20");
        assertWrittenOff(after, bar, sugar, "16", "0.80");
    }

    @Test
    void productsWriteThemselvesOffFromTheStorageOfTheirCategory() throws Exception {
        stockUp();
        // Drinks → bar (Hot drinks and Soft drinks inherit it); Food has no rule: the kitchen, the main storage.
        // Then a rule nearer the item wins: Drinks › Soft drinks → kitchen.
        Outcome first = writeOff(UUID.randomUUID(), DAY_3,
                new SoldLine(colaBottle, new BigDecimal("3"), List.of()),
                new SoldLine(croissant, new BigDecimal("2"), List.of()),
                new SoldLine(latte, BigDecimal.ONE, List.of()));
        assertWrittenOff(first, bar, cola, "3", "60");                                 // 3 × 20.00
        assertWrittenOff(first, kitchen, croissants, "2", "30");                       // 2 × 15.00
        assertWrittenOff(first, bar, milk, "180", "7.20");
        assertThat(first.writtenOff()).noneMatch(w -> w.storageId().equals(kitchen)
                && !w.ingredientId().equals(croissants));

        setRules("""
                [{"categoryId": "%s", "storageId": "%s"}, {"categoryId": "%s", "storageId": "%s"}]"""
                .formatted(drinks, bar, softDrinks, kitchen));
        // A product with an ADD option takes the option's ingredient too: 2 colas with an extra shot, 18 g coffee.
        Outcome second = writeOff(UUID.randomUUID(), DAY_3,
                new SoldLine(colaBottle, new BigDecimal("2"), List.of(extraShot)),
                new SoldLine(latte, BigDecimal.ONE, List.of()));
        assertWrittenOff(second, kitchen, cola, "2", "40");
        assertWrittenOff(second, kitchen, coffee, "18", "14.40");
        assertWrittenOff(second, bar, coffee, "9", "7.20");                            // the latte stays at the bar

        // Two lines of one dish are written off together: 1 + 2 lattes, 3 × 180 ml milk, minus 2 × 180 for oat.
        Outcome lines = writeOff(UUID.randomUUID(), DAY_3,
                new SoldLine(latte, BigDecimal.ONE, List.of()),
                new SoldLine(latte, new BigDecimal("2"), List.of(oatOption)));
        assertWrittenOff(lines, bar, milk, "180", "7.20");
        assertWrittenOff(lines, bar, oatMilk, "400", "48");
        assertWrittenOff(lines, bar, coffee, "27", "21.60");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void stockMayGoBelowZeroAndIsValuedAgainWhenTheSupplyComes() {
        // Nothing in the bar: 3 colas go below zero, valued for now at the unit cost entered, 20.00: 60.00.
        UUID receipt = UUID.randomUUID();
        Outcome sold = writeOff(receipt, DAY_1, new SoldLine(colaBottle, new BigDecimal("3"), List.of()));
        assertWrittenOff(sold, bar, cola, "3", "60");
        assertLevel(bar, cola, "-3", "-60");
        // A supply entered afterwards at 22.00 a bottle covers them: the sale cost 66.00 after all.
        asOwner(() -> ledger.post(new Posting("SUPPLY", UUID.randomUUID(), DAY_3, List.of(Entry.in(Kind.SUPPLY,
                bar, cola, new BigDecimal("24"), new BigDecimal("528"))))));
        assertThat(asOwner(() -> salesWriteOffs.writtenOff(receipt))).singleElement().satisfies(w -> {
            assertThat(w.quantity()).isEqualByComparingTo("3");
            assertThat(w.value()).isEqualByComparingTo("66");
        });
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void aDishWithoutATechCardInForceIsReportedAndWhatElseWasSoldIsWrittenOff() throws Exception {
        stockUp();
        UUID tea = uuid(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Tea", "price": "30"}""".formatted(hotDrinks)), "$.id");
        // A semi-finished product whose only card starts after the sale leaves a hole inside the latte's recipe too.
        UUID cinnamon = semi("Cinnamon sugar", "g");
        UUID spiced = uuid(created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Spiced latte", "price": "80"}""".formatted(hotDrinks)),
                "$.id");
        dishCard(spiced, CARDS_FROM, line("SEMI", espressoBase, "30", "ml") + ","
                + line("SEMI", cinnamon, "5", "g"));
        semiCard(cinnamon, DAY_3.plusSeconds(3600), "100", "g", line("INGREDIENT", sugar, "100", "g"));

        UUID onlyTea = UUID.randomUUID();
        Outcome nothing = writeOff(onlyTea, DAY_3, new SoldLine(tea, BigDecimal.ONE, List.of()));
        assertThat(nothing.writtenOff()).isEmpty();
        assertThat(nothing.cost()).isEqualByComparingTo("0");
        assertThat(nothing.missingRecipes()).containsExactly(new MissingRecipe(tea, tea));
        assertThat(asOwner(() -> ledger.ofDocument(onlyTea))).isEmpty();

        Outcome mixed = writeOff(UUID.randomUUID(), DAY_3,
                new SoldLine(tea, BigDecimal.ONE, List.of()),
                new SoldLine(spiced, BigDecimal.ONE, List.of()),
                new SoldLine(colaBottle, BigDecimal.ONE, List.of()));
        assertThat(mixed.missingRecipes()).containsExactlyInAnyOrder(new MissingRecipe(tea, tea),
                new MissingRecipe(spiced, cinnamon));
        assertWrittenOff(mixed, bar, coffee, "9", "7.20");                             // the espresso base is known
        assertWrittenOff(mixed, bar, cola, "1", "20");
        assertThat(mixed.writtenOff()).hasSize(2);
    }

    @Test
    void badInputIsRefusedAndNothingIsBooked() throws Exception {
        stockUp();
        TestBusiness other = signUp("Other Sales Café " + UUID.randomUUID().toString().substring(0, 6));
        String otherCategory = mvc.perform(json(post("/api/v1/categories").with(bearer(other.ownerToken())),
                "{\"name\": \"Theirs\"}")).andReturn().getResponse().getContentAsString();
        UUID theirItem = uuid(mvc.perform(json(post("/api/v1/menu-items").with(bearer(other.ownerToken())), """
                {"kind": "DISH", "categoryId": "%s", "name": "Their latte"}""".formatted(uuid(otherCategory,
                "$.id")))).andReturn().getResponse().getContentAsString(), "$.id");

        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(latte, BigDecimal.ONE, List.of()),
                new SoldLine(UUID.randomUUID(), BigDecimal.ONE, List.of()))), "lines[1].menuItemId",
                "sales.unknownMenuItem");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(theirItem, BigDecimal.ONE, List.of()))), "lines[0].menuItemId", "sales.unknownMenuItem");
        // The oat milk option is not offered with the croissant; an unknown option is not offered anywhere.
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(croissant, BigDecimal.ONE, List.of(oatOption)))), "lines[0].optionIds",
                "sales.unknownOption");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(latte, BigDecimal.ONE, List.of(UUID.randomUUID())))), "lines[0].optionIds",
                "sales.unknownOption");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(latte, BigDecimal.ZERO, List.of()))), "lines[0].quantity", "validation.positive");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of(
                new SoldLine(latte, new BigDecimal("-1"), List.of()))), "lines[0].quantity", "validation.positive");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), DAY_3, List.of()), "lines", "sales.noLines");
        assertRefused(new Sale(UUID.randomUUID(), other.venueId(), DAY_3, List.of(
                new SoldLine(latte, BigDecimal.ONE, List.of()))), "venueId", "sales.unknownVenue");
        assertRefused(new Sale(UUID.randomUUID(), cafe.venueId(), null, List.of(
                new SoldLine(latte, BigDecimal.ONE, List.of()))), "moment", "validation.required");

        // Nothing reached the ledger: the stock is as supplied.
        assertLevel(bar, coffee, "1000", "800");
        assertLevel(bar, milk, "10000", "400");
        assertThat(asOwner(ledger::check)).isEmpty();
    }

    @Test
    void theWriteOffStoragesSettingShowsEveryCategoryAndKeepsToItsOwnBusiness() throws Exception {
        // Drinks → bar is set; its subcategories inherit it; Food gets the kitchen, the venue's first storage.
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", cafe.venueId()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.defaultStorageId").value(kitchen.toString()))
                .andExpect(jsonPath("$.rules.length()").value(1))
                .andExpect(jsonPath("$.categories[?(@.name == 'Drinks')].source").value("rule"))
                .andExpect(jsonPath("$.categories[?(@.name == 'Soft drinks')].storageId").value(bar.toString()))
                .andExpect(jsonPath("$.categories[?(@.name == 'Soft drinks')].source").value("inherited"))
                .andExpect(jsonPath("$.categories[?(@.name == 'Soft drinks')].ruleCategoryId")
                        .value(drinks.toString()))
                .andExpect(jsonPath("$.categories[?(@.name == 'Food')].storageName").value("Main storage"))
                .andExpect(jsonPath("$.categories[?(@.name == 'Food')].source").value("default"));

        // A storage of another venue of the same business: 422, nothing changed.
        UUID terrace = uuid(created("/api/v1/venues", """
                {"name": "Terrace", "timezone": "Europe/Kyiv"}"""), "$.id");
        UUID terraceStorage = uuid(mvc.perform(get("/api/v1/storages").param("venueId", terrace.toString())
                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsString(), "$.items[0].id");
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), """
                        {"rules": [{"categoryId": "%s", "storageId": "%s"}]}""".formatted(food, terraceStorage)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("rules[0].storageId"));
        // The same category twice: 422. A rule without its storage: 400.
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), """
                        {"rules": [{"categoryId": "%s", "storageId": "%s"}, {"categoryId": "%s", "storageId": "%s"}]}"""
                        .formatted(food, kitchen, food, bar)))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), """
                        {"rules": [{"categoryId": "%s"}]}""".formatted(food)))
                .andExpect(status().isBadRequest());

        // Another business: its venue, its category and its storage are not found from here, nor ours from there.
        TestBusiness other = signUp("Other Setting Café " + UUID.randomUUID().toString().substring(0, 6));
        UUID theirCategory = uuid(mvc.perform(json(post("/api/v1/categories").with(bearer(other.ownerToken())),
                "{\"name\": \"Theirs\"}")).andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", other.venueId()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", cafe.venueId()).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", other.venueId())
                        .with(bearer(cafe.ownerToken())), "{\"rules\": []}"))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), """
                        {"rules": [{"categoryId": "%s", "storageId": "%s"}]}""".formatted(food, other.storageId())))
                .andExpect(status().isNotFound());
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), """
                        {"rules": [{"categoryId": "%s", "storageId": "%s"}]}""".formatted(theirCategory, bar)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", other.venueId()).with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$.rules.length()").value(0));

        // An accountant reads the setting but may not change it.
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", cafe.venueId()).with(bearer(accountant.token())))
                .andExpect(status().isOk());
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(accountant.token())), "{\"rules\": []}"))
                .andExpect(status().isForbidden());

        // Nothing of all that changed the rule.
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", cafe.venueId()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.rules.length()").value(1))
                .andExpect(jsonPath("$.rules[0].categoryId").value(drinks.toString()))
                .andExpect(jsonPath("$.rules[0].storageId").value(bar.toString()));
    }

    @Test
    void thePageSetsAStoragePerCategory() throws Exception {
        MockHttpSession owner = login(cafe.ownerEmail(), PASSWORD);
        String html = mvc.perform(get("/stock/write-off-storages").session(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Write-off storages")))
                .andExpect(content().string(containsString("Default: Main storage")))
                .andExpect(content().string(containsString("As above: Bar")))
                .andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(html);
        Map<String, String> form = formOf(page, "#write-off-storages");
        // The rows come in the order of the tree: Drinks, Hot drinks, Soft drinks, Food. Food → the bar.
        int foodRow = -1;
        for (int i = 0; i < 4; i++) {
            if (food.toString().equals(form.get("rules[" + i + "].categoryId"))) {
                foodRow = i;
            }
        }
        assertThat(foodRow).isGreaterThanOrEqualTo(0);
        assertThat(form.get("rules[" + foodRow + "].storageId")).isEmpty();
        form.put("rules[" + foodRow + "].storageId", bar.toString());
        mvc.perform(submitted("/stock/write-off-storages", form, owner))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("success", "sales.writeOffStoragesSaved"));
        mvc.perform(get("/api/v1/venues/{id}/write-off-storages", cafe.venueId()).with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$.rules.length()").value(2))
                .andExpect(jsonPath("$.categories[?(@.name == 'Food')].storageId").value(bar.toString()))
                .andExpect(jsonPath("$.categories[?(@.name == 'Drinks')].storageId").value(bar.toString()));
        Map<UUID, UUID> storages = asOwner(() -> writeOffStorages.storagesFor(cafe.venueId(),
                List.of(food, softDrinks)));
        assertThat(storages).containsEntry(food, bar).containsEntry(softDrinks, bar);
    }

    private Outcome writeOff(UUID receipt, Instant at, SoldLine... lines) {
        return asOwner(() -> salesWriteOffs.writeOff(new Sale(receipt, cafe.venueId(), at, List.of(lines))));
    }

    private void assertRefused(Sale sale, String field, String messageKey) {
        assertThatThrownBy(() -> asOwner(() -> salesWriteOffs.writeOff(sale)))
                .isInstanceOfSatisfying(RuleViolation.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.messageKey()).isEqualTo(messageKey);
                });
        assertThat(asOwner(() -> ledger.ofDocument(sale.receiptId()))).isEmpty();
    }

    private static void assertWrittenOff(Outcome outcome, UUID storage, UUID ingredient, String quantity,
                                         String value) {
        assertThat(outcome.writtenOff()).filteredOn(w -> w.storageId().equals(storage)
                && w.ingredientId().equals(ingredient)).singleElement().satisfies(w -> {
            assertThat(w.quantity()).as("quantity").isEqualByComparingTo(quantity);
            assertThat(w.value()).as("value").isEqualByComparingTo(value);
        });
    }

    private void assertLevel(UUID storage, UUID item, String quantity, String value) {
        StockLedger.Level level = asOwner(() -> ledger.level(storage, item, DAY_3.plusSeconds(86400)));
        assertThat(level.quantity()).as("quantity").isEqualByComparingTo(quantity);
        assertThat(level.value()).as("value").isEqualByComparingTo(value);
    }

    private void supply(UUID storage, UUID item, String quantity, String value) {
        asOwner(() -> ledger.post(new Posting("SUPPLY", UUID.randomUUID(), SUPPLIED, List.of(Entry.in(Kind.SUPPLY,
                storage, item, new BigDecimal(quantity), new BigDecimal(value))))));
    }

    private void setRules(String rules) throws Exception {
        mvc.perform(json(put("/api/v1/venues/{id}/write-off-storages", cafe.venueId())
                        .with(bearer(cafe.ownerToken())), "{\"rules\": " + rules + "}"))
                .andExpect(status().isOk());
    }

    private UUID ingredient(String name, String unit, String unitCost) throws Exception {
        return uuid(created("/api/v1/ingredients", """
                {"name": "%s", "unit": "%s", "unitCost": "%s"}""".formatted(name, unit, unitCost)), "$.id");
    }

    private UUID semi(String name, String unit) throws Exception {
        return uuid(created("/api/v1/semi-finished-products", "{\"name\": \"%s\", \"unit\": \"%s\"}"
                .formatted(name, unit)), "$.id");
    }

    private UUID category(String name, UUID parent) throws Exception {
        return uuid(created("/api/v1/categories", parent == null ? "{\"name\": \"%s\"}".formatted(name)
                : "{\"name\": \"%s\", \"parentId\": \"%s\"}".formatted(name, parent)), "$.id");
    }

    private static String line(String kind, UUID component, String quantity, String unit) {
        return "{\"kind\": \"%s\", \"componentId\": \"%s\", \"quantity\": \"%s\", \"unit\": \"%s\"}"
                .formatted(kind, component, quantity, unit);
    }

    private void semiCard(UUID semi, String yield, String yieldUnit, String lines) throws Exception {
        semiCard(semi, CARDS_FROM, yield, yieldUnit, lines);
    }

    private void semiCard(UUID semi, Instant from, String yield, String yieldUnit, String lines) throws Exception {
        created("/api/v1/semi-finished-products/" + semi + "/tech-cards", """
                {"validFrom": "%s", "yieldQuantity": "%s", "yieldUnit": "%s", "lines": [%s]}"""
                .formatted(from, yield, yieldUnit, lines));
    }

    private void dishCard(UUID dish, Instant from, String lines) throws Exception {
        created("/api/v1/menu-items/" + dish + "/tech-cards", """
                {"validFrom": "%s", "lines": [%s]}""".formatted(from, lines));
    }

    /** Posts as the owner, expects 201, returns the body. */
    private String created(String url, String body) throws Exception {
        return mvc.perform(json(post(url).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
    }

    private <T> T asOwner(Supplier<T> work) {
        return TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).execute(s -> work.get()));
    }
}
