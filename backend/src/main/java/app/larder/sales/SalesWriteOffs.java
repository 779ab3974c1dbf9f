package app.larder.sales;

import app.larder.business.Venues;
import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.ModifierGroup;
import app.larder.menu.ModifierGroups;
import app.larder.menu.ModifierOption;
import app.larder.platform.RuleViolation;
import app.larder.recipe.RecipeExplosion;
import app.larder.stock.StockLedger;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Movement;
import app.larder.stock.StockLedger.Posting;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The sales write-off: what a receipt takes from stock, booked on the stock ledger as one SALE document under the
 * receipt's id. The POS receipt flow calls it for every receipt.
 * <ul>
 * <li>A <b>dish</b> takes the ingredients of its tech card version in force at the moment of sale, through its
 * semi-finished products to any depth ({@link RecipeExplosion}). Its options then change that: an ADD option adds
 * its {@code quantity} of its ingredient per portion; a REPLACE option takes away what the dish's OWN card uses of the
 * replaced ingredient on its top level (nested semi-finished products keep theirs, as {@code MenuItems.costWith}
 * counts it) and adds its {@code quantity} of the new one. A dish without a card in force writes off only what its
 * options add, and is reported in {@link Outcome#missingRecipes()} for the receipt to be flagged.</li>
 * <li>A <b>product</b> takes its stock item × its stock quantity per sale (plus what an ADD option adds).</li>
 * <li>Each ingredient comes out of the storage the venue set for the item's menu category ({@link WriteOffStorages}).
 * </li>
 * </ul>
 * Quantities are summed exactly per storage and ingredient over the whole receipt, then rounded once to 6 decimals
 * (the ledger's scale), half-up. Stock may go below zero: the ledger values that provisionally and sets it right when
 * a supply comes. Each chosen option counts once per portion, even if named twice.
 */
@Service
public class SalesWriteOffs {

    /** The ledger's document kind for what a receipt sold. */
    public static final String DOCUMENT_KIND = "SALE";
    /** The ledger's document kind for what a refund brings back to stock. */
    public static final String RETURN_DOCUMENT_KIND = "REFUND";
    static final int QUANTITY_SCALE = 6;
    /** More portions than this on one line is a typing mistake, not a sale. */
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000");

    private final MenuItems menuItems;
    private final ModifierGroups modifierGroups;
    private final RecipeExplosion explosion;
    private final WriteOffStorages writeOffStorages;
    private final Venues venues;
    private final StockLedger ledger;
    private final NamedParameterJdbcTemplate jdbc;

    SalesWriteOffs(MenuItems menuItems, ModifierGroups modifierGroups, RecipeExplosion explosion,
                   WriteOffStorages writeOffStorages, Venues venues, StockLedger ledger,
                   NamedParameterJdbcTemplate jdbc) {
        this.menuItems = menuItems;
        this.modifierGroups = modifierGroups;
        this.explosion = explosion;
        this.writeOffStorages = writeOffStorages;
        this.venues = venues;
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    /** One line of a receipt: a menu item, how many (portions, or pieces of a product), the options chosen. */
    public record SoldLine(UUID menuItemId, BigDecimal quantity, List<UUID> optionIds) {
        public SoldLine {
            optionIds = optionIds == null ? List.of() : List.copyOf(optionIds);
        }
    }

    /** A receipt as the write-off needs it: its id (the ledger's document id), venue, moment of sale and lines. */
    public record Sale(UUID receiptId, UUID venueId, Instant moment, List<SoldLine> lines) {
    }

    /** What left one storage: base units and their value at the storage's weighted average (positive). */
    public record WrittenOff(UUID ingredientId, UUID storageId, BigDecimal quantity, BigDecimal value) {
    }

    /**
     * A sold menu item whose recipe was not fully known at the moment of sale: {@code productId} is the dish itself
     * when it had no tech card in force, or a semi-finished product inside it that had none.
     */
    public record MissingRecipe(UUID menuItemId, UUID productId) {
    }

    /** What a receipt wrote off, its cost (the sum of the values), and what could not be written off. */
    public record Outcome(UUID receiptId, List<WrittenOff> writtenOff, BigDecimal cost,
                          List<MissingRecipe> missingRecipes) {
    }

    private record Key(UUID storageId, UUID ingredientId) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::storageId)
            .thenComparing(Key::ingredientId);

    /**
     * Writes off what a receipt sold, in the caller's transaction if there is one. Refused, with nothing booked: a
     * receipt with no lines, an unknown (or another business's) venue, menu item or option, a quantity not above
     * zero, and a receipt already written off (cancel it first to write it off again).
     */
    @Transactional
    public Outcome writeOff(Sale sale) {
        Checked checked = check(sale);
        // A terminal that retries while its first attempt is still running waits here, then finds it booked.
        jdbc.query("SELECT pg_advisory_xact_lock(:key)", new MapSqlParameterSource("key",
                sale.receiptId().getMostSignificantBits() ^ sale.receiptId().getLeastSignificantBits()), rs -> {
        });
        if (alreadyWrittenOff(sale.receiptId())) {
            throw new RuleViolation("receiptId", "sales.alreadyWrittenOff");
        }

        Plan plan = plan(sale, checked, storagesFor(List.of(sale), List.of(checked)).get(sale.venueId()),
                explosion.explode(portions(sale, checked), sale.moment()));
        Map<Key, BigDecimal> wanted = plan.wanted();
        List<MissingRecipe> missing = plan.missing();
        List<Entry> entries = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        wanted.forEach((key, quantity) -> {
            BigDecimal rounded = quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
            if (rounded.signum() > 0) {
                entries.add(Entry.out(Kind.SALE, key.storageId(), key.ingredientId(), rounded));
                keys.add(key);
            }
        });
        if (entries.isEmpty()) {
            // Nothing known to take (dishes without a recipe): nothing to book, but the receipt is flagged.
            return new Outcome(sale.receiptId(), List.of(), BigDecimal.ZERO, List.copyOf(missing));
        }
        List<Movement> booked = ledger.post(new Posting(DOCUMENT_KIND, sale.receiptId(), sale.moment(), entries));
        List<WrittenOff> writtenOff = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        for (Movement movement : booked) {
            BigDecimal value = movement.value().negate();
            writtenOff.add(new WrittenOff(movement.itemId(), movement.storageId(), movement.quantity().negate(),
                    value));
            cost = cost.add(value);
        }
        return new Outcome(sale.receiptId(), List.copyOf(writtenOff), cost, List.copyOf(missing));
    }

    /**
     * Writes off the sales of a batch of receipts at once, each exactly as {@link #writeOff} would, in the caller's
     * transaction: one read of the menu's modifiers and the venues' storages, one tech-card explosion for all (or
     * one per sale when a tech card took effect among their moments), and one ledger posting for all, which locks
     * every storage and ingredient of the batch once, in one order. Refused as a whole, with nothing booked, when
     * any sale would be refused alone; the sales must be distinct.
     */
    @Transactional
    public Map<UUID, Outcome> writeOffAll(List<Sale> sales) {
        if (sales.isEmpty()) {
            return Map.of();
        }
        // One read of the batch's dishes, their modifier groups and venues, not one per line and receipt.
        Map<UUID, MenuItems.Sold> dishes = menuItems.sold(sales.stream().filter(sale -> sale.lines() != null)
                .flatMap(sale -> sale.lines().stream()).filter(line -> line != null && line.menuItemId() != null)
                .map(SoldLine::menuItemId).toList());
        Set<UUID> groupIds = new HashSet<>();
        dishes.values().forEach(item -> groupIds.addAll(item.modifierGroupIds()));
        Map<UUID, ModifierGroup> groups = modifierGroups.find(groupIds);
        Set<UUID> knownVenues = new HashSet<>();
        List<Checked> checked = sales.stream().map(sale -> check(sale, groups, dishes, knownVenues)).toList();
        for (UUID posted : ledger.documentsWithMovements(sales.stream().map(Sale::receiptId).toList())) {
            if (alreadyWrittenOff(posted)) {
                throw new RuleViolation("receiptId", "sales.alreadyWrittenOff");
            }
        }
        Map<UUID, Map<UUID, UUID>> storages = storagesFor(sales, checked);
        Instant first = sales.stream().map(Sale::moment).min(Instant::compareTo).orElseThrow();
        Instant last = sales.stream().map(Sale::moment).max(Instant::compareTo).orElseThrow();
        List<Map<UUID, BigDecimal>> portions = new ArrayList<>();
        for (int i = 0; i < sales.size(); i++) {
            portions.add(portions(sales.get(i), checked.get(i)));
        }
        List<Map<UUID, RecipeExplosion.Exploded>> exploded;
        if (!explosion.cardChangedBetween(first, last)) {
            // The same tech cards are in force at every moment of the batch: explode all at the last one.
            exploded = explosion.explodeEach(portions, last);
        } else {
            exploded = new ArrayList<>();
            for (int i = 0; i < sales.size(); i++) {
                exploded.add(explosion.explode(portions.get(i), sales.get(i).moment()));
            }
        }
        List<Posting> postings = new ArrayList<>();
        Map<UUID, List<MissingRecipe>> missing = new HashMap<>();
        for (int i = 0; i < sales.size(); i++) {
            Sale sale = sales.get(i);
            Plan plan = plan(sale, checked.get(i), storages.get(sale.venueId()), exploded.get(i));
            missing.put(sale.receiptId(), plan.missing());
            List<Entry> entries = new ArrayList<>();
            plan.wanted().forEach((key, quantity) -> {
                BigDecimal rounded = quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
                if (rounded.signum() > 0) {
                    entries.add(Entry.out(Kind.SALE, key.storageId(), key.ingredientId(), rounded));
                }
            });
            if (!entries.isEmpty()) {
                postings.add(new Posting(DOCUMENT_KIND, sale.receiptId(), sale.moment(), entries));
            }
        }
        Map<UUID, List<Movement>> booked = ledger.postAll(postings);
        Map<UUID, Outcome> outcomes = new LinkedHashMap<>();
        for (Sale sale : sales) {
            List<WrittenOff> writtenOff = new ArrayList<>();
            BigDecimal cost = BigDecimal.ZERO;
            for (Movement movement : booked.getOrDefault(sale.receiptId(), List.of())) {
                BigDecimal value = movement.value().negate();
                writtenOff.add(new WrittenOff(movement.itemId(), movement.storageId(), movement.quantity().negate(),
                        value));
                cost = cost.add(value);
            }
            outcomes.put(sale.receiptId(), new Outcome(sale.receiptId(), List.copyOf(writtenOff), cost,
                    List.copyOf(missing.get(sale.receiptId()))));
        }
        return outcomes;
    }

    /**
     * Returns to stock what a refund takes back, when the venue returns refunds to stock: the ingredients the
     * refunded lines used (by the tech cards of the original sale's moment), into the storages they left, at the
     * unit cost they left with, at the refund's moment. Nothing comes back that the original did not take.
     */
    @Transactional
    public List<WrittenOff> returnToStock(UUID refundId, UUID originalId, Instant originalMoment, Sale refund) {
        Checked checked = check(new Sale(refund.receiptId(), refund.venueId(), originalMoment, refund.lines()));
        Sale asSold = new Sale(refund.receiptId(), refund.venueId(), originalMoment, refund.lines());
        Plan plan = plan(asSold, checked, storagesFor(List.of(asSold), List.of(checked)).get(asSold.venueId()),
                explosion.explode(portions(asSold, checked), originalMoment));
        Map<Key, BigDecimal[]> left = new TreeMap<>(KEY_ORDER);
        for (WrittenOff w : writtenOff(originalId)) {
            left.put(new Key(w.storageId(), w.ingredientId()), new BigDecimal[]{w.quantity(), w.value()});
        }
        List<Entry> entries = new ArrayList<>();
        plan.wanted().forEach((key, quantity) -> {
            BigDecimal[] original = left.get(key);
            BigDecimal back = quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
            if (original == null || original[0].signum() <= 0 || back.signum() <= 0) {
                return;
            }
            back = back.min(original[0]);
            BigDecimal value = original[1].multiply(back).divide(original[0], StockLedger.VALUE_SCALE,
                    RoundingMode.HALF_EVEN).max(BigDecimal.ZERO);
            entries.add(Entry.in(Kind.RETURN, key.storageId(), key.ingredientId(), back, value));
        });
        if (entries.isEmpty()) {
            return List.of();
        }
        return ledger.post(new Posting(RETURN_DOCUMENT_KIND, refundId, refund.moment(), entries)).stream()
                .map(m -> new WrittenOff(m.itemId(), m.storageId(), m.quantity(), m.value())).toList();
    }

    /** A sale whose lines were checked: its menu items and chosen options, line by line. */
    private record Checked(List<MenuItems.Sold> items, List<List<ModifierOption>> chosen) {
    }

    /** What a sale takes, per storage and ingredient (exact, not yet rounded), and what had no recipe. */
    private record Plan(Map<Key, BigDecimal> wanted, List<MissingRecipe> missing) {
    }

    private Checked check(Sale sale) {
        return check(sale, null, sale.lines() == null ? Map.of() : menuItems.sold(sale.lines().stream()
                .filter(line -> line != null && line.menuItemId() != null).map(SoldLine::menuItemId).toList()),
                new HashSet<>());
    }

    /**
     * {@code groups}: the modifier groups already read for a batch, or null to read this sale's; {@code dishes}: the
     * sale's menu items, read before; {@code knownVenues}: the venues already found in this batch.
     */
    private Checked check(Sale sale, Map<UUID, ModifierGroup> groups, Map<UUID, MenuItems.Sold> dishes,
                          Set<UUID> knownVenues) {
        if (sale.receiptId() == null) {
            throw new RuleViolation("receiptId", "validation.required");
        }
        if (sale.moment() == null) {
            throw new RuleViolation("moment", "validation.required");
        }
        if (sale.venueId() == null) {
            throw new RuleViolation("venueId", "validation.required");
        }
        if (!knownVenues.contains(sale.venueId())) {
            if (!venues.exists(sale.venueId())) {
                throw new RuleViolation("venueId", "sales.unknownVenue");
            }
            knownVenues.add(sale.venueId());
        }
        if (sale.lines() == null || sale.lines().isEmpty()) {
            throw new RuleViolation("lines", "sales.noLines");
        }
        List<MenuItems.Sold> items = new ArrayList<>();
        Set<UUID> groupIds = new HashSet<>();
        for (int i = 0; i < sale.lines().size(); i++) {
            SoldLine line = sale.lines().get(i);
            String at = "lines[" + i + "].";
            if (line == null || line.menuItemId() == null) {
                throw new RuleViolation(at + "menuItemId", "validation.required");
            }
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                throw new RuleViolation(at + "quantity", "validation.positive");
            }
            if (line.quantity().compareTo(MAX_QUANTITY) > 0) {
                throw new RuleViolation(at + "quantity", "validation.tooLarge");
            }
            MenuItems.Sold item = dishes.get(line.menuItemId());
            if (item == null) {
                throw new RuleViolation(at + "menuItemId", "sales.unknownMenuItem");
            }
            items.add(item);
            groupIds.addAll(item.modifierGroupIds());
        }
        return new Checked(items, chosenOptions(sale.lines(), items, groups != null ? groups
                : modifierGroups.find(groupIds)));
    }

    /** All portions of one dish explode together: they go to one storage, and options only add and take away. */
    private static Map<UUID, BigDecimal> portions(Sale sale, Checked checked) {
        Map<UUID, BigDecimal> portions = new LinkedHashMap<>();
        for (int i = 0; i < checked.items().size(); i++) {
            if (checked.items().get(i).kind() == MenuItem.Kind.DISH) {
                portions.merge(checked.items().get(i).id(), sale.lines().get(i).quantity(), BigDecimal::add);
            }
        }
        return portions;
    }

    /** The write-off storage of every category the sales' items are in, per venue: one read per venue. */
    private Map<UUID, Map<UUID, UUID>> storagesFor(List<Sale> sales, List<Checked> checked) {
        Map<UUID, Set<UUID>> categories = new LinkedHashMap<>();
        for (int s = 0; s < sales.size(); s++) {
            Set<UUID> ids = categories.computeIfAbsent(sales.get(s).venueId(), v -> new HashSet<>());
            checked.get(s).items().forEach(item -> ids.add(item.categoryId()));
        }
        Map<UUID, Map<UUID, UUID>> storages = new HashMap<>();
        categories.forEach((venue, ids) -> storages.put(venue, writeOffStorages.storagesFor(venue, ids)));
        return storages;
    }

    private Plan plan(Sale sale, Checked checked, Map<UUID, UUID> storageOf,
                      Map<UUID, RecipeExplosion.Exploded> exploded) {
        List<MenuItems.Sold> items = checked.items();
        List<List<ModifierOption>> chosen = checked.chosen();

        Map<Key, BigDecimal> wanted = new TreeMap<>(KEY_ORDER);
        List<MissingRecipe> missing = new ArrayList<>();
        for (RecipeExplosion.Exploded dish : exploded.values()) {
            UUID storage = storageOf.get(menuItem(items, dish.productId()).categoryId());
            dish.ingredients().forEach((ingredient, quantity) ->
                    wanted.merge(new Key(storage, ingredient), quantity, BigDecimal::add));
            // The dish first, then the semi-finished products inside it, in a stable order.
            if (dish.hasNoCard()) {
                missing.add(new MissingRecipe(dish.productId(), dish.productId()));
            }
            dish.withoutCard().stream().filter(id -> !id.equals(dish.productId())).sorted()
                    .forEach(id -> missing.add(new MissingRecipe(dish.productId(), id)));
        }
        for (int i = 0; i < items.size(); i++) {
            MenuItems.Sold item = items.get(i);
            BigDecimal quantity = sale.lines().get(i).quantity();
            UUID storage = storageOf.get(item.categoryId());
            if (item.kind() == MenuItem.Kind.PRODUCT) {
                wanted.merge(new Key(storage, item.stockItemId()), item.stockQuantity().multiply(quantity),
                        BigDecimal::add);
            }
            Map<UUID, BigDecimal> direct = item.kind() == MenuItem.Kind.DISH
                    ? exploded.get(item.id()).direct() : Map.of();
            Set<UUID> replaced = new HashSet<>();
            for (ModifierOption option : chosen.get(i)) {
                if (option.getEffect() == ModifierOption.Effect.NONE || option.getIngredientId() == null) {
                    continue;
                }
                if (option.getEffect() == ModifierOption.Effect.REPLACE
                        && replaced.add(option.getReplacesIngredientId())) {
                    BigDecimal taken = direct.getOrDefault(option.getReplacesIngredientId(), BigDecimal.ZERO);
                    if (taken.signum() > 0) {
                        wanted.merge(new Key(storage, option.getReplacesIngredientId()),
                                taken.multiply(quantity).negate(), BigDecimal::add);
                    }
                }
                wanted.merge(new Key(storage, option.getIngredientId()), option.getQuantity().multiply(quantity),
                        BigDecimal::add);
            }
        }

        return new Plan(wanted, missing);
    }

    /**
     * What a receipt's write-off is worth now: a later supply into the past, or stock that was below zero at the
     * sale, revalues it after the fact (the ledger's corrections). Empty when nothing was written off, or when it was
     * cancelled.
     */
    @Transactional(readOnly = true)
    public List<WrittenOff> writtenOff(UUID receiptId) {
        Map<Key, BigDecimal[]> sums = new TreeMap<>(KEY_ORDER);
        for (Movement m : ledger.ofDocument(receiptId)) {
            BigDecimal[] sum = sums.computeIfAbsent(new Key(m.storageId(), m.itemId()),
                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            sum[0] = sum[0].add(m.quantity());
            sum[1] = sum[1].add(m.value());
        }
        List<WrittenOff> found = new ArrayList<>();
        sums.forEach((key, sum) -> {
            if (sum[0].signum() != 0) {
                found.add(new WrittenOff(key.ingredientId(), key.storageId(), sum[0].negate(), sum[1].negate()));
            }
        });
        return found;
    }

    /**
     * Cancels a receipt's write-off (a voided receipt): its stock comes back as if it had never been sold. Refused
     * when nothing of it is written off.
     */
    @Transactional
    public void cancel(UUID receiptId) {
        ledger.reverse(receiptId);
    }

    private boolean alreadyWrittenOff(UUID receiptId) {
        return !writtenOff(receiptId).isEmpty();
    }

    /** The options of each line, each checked against the groups its menu item offers. */
    private static List<List<ModifierOption>> chosenOptions(List<SoldLine> lines, List<MenuItems.Sold> items,
                                                            Map<UUID, ModifierGroup> groups) {
        List<List<ModifierOption>> chosen = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Set<UUID> wanted = new LinkedHashSet<>(lines.get(i).optionIds());
            if (wanted.contains(null)) {
                throw new RuleViolation("lines[" + i + "].optionIds", "sales.unknownOption");
            }
            List<ModifierOption> options = new ArrayList<>();
            for (UUID groupId : items.get(i).modifierGroupIds()) {
                ModifierGroup group = groups.get(groupId);
                if (group != null) {
                    group.getOptions().stream().filter(o -> wanted.remove(o.getId())).forEach(options::add);
                }
            }
            if (!wanted.isEmpty()) {
                throw new RuleViolation("lines[" + i + "].optionIds", "sales.unknownOption");
            }
            chosen.add(options);
        }
        return chosen;
    }

    private static MenuItems.Sold menuItem(List<MenuItems.Sold> items, UUID id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }
}
