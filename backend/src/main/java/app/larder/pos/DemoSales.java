package app.larder.pos;

import app.larder.business.BusinessSignedUp;
import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.menu.PosCatalog;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.StockLedger;
import app.larder.stock.Suppliers;
import app.larder.stock.Supplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sales for the demo café, so that every page has something to show: a paired till, a few hundred receipts a day
 * for the last weeks (weekends busier, a morning coffee peak, a lunch peak, an evening peak), an occasional refund,
 * a cash shift a day with a cash-out and a small discrepancy at close, and supplies every few days that keep the
 * stock above zero. Everything goes through the real services, as a terminal and a manager would: receipts and
 * shift events through {@link Receipts#accept} and {@link CashShifts#accept} in batches (so the sales write-offs
 * are real), supplies through {@link Supplies}.
 * <p>
 * The random numbers come from a fixed seed and the date, so a given day always gets the same sales. Supplies are
 * ordered like a manager orders: each supplier delivers every few days what will be used until its next delivery,
 * judged by what the days before used (the first day's use is measured by trying that day in a transaction that
 * is rolled back). Prices are the ingredients' unit costs, so unit costs and cost prices stay as the menu set them.
 * <p>
 * Done once per business: a business that has the demo till already gets nothing more. At start-up (when
 * {@code larder.demo.enabled}) it runs in the background once the demo business is committed, logging its progress.
 */
@Service
public class DemoSales {

    public static final String DEVICE_NAME = "Counter till";
    static final long SEED = 20261123L;
    static final LocalTime SHIFT_OPENS = LocalTime.of(7, 45);
    static final LocalTime DELIVERIES = LocalTime.of(7, 0);
    static final LocalTime CASH_OUT = LocalTime.of(15, 30);
    static final LocalTime SHIFT_CLOSES = LocalTime.of(22, 10);
    static final BigDecimal OPENING_CASH = new BigDecimal("2000.00");
    /** Receipts per opening hour, 8:00 to 21:00: coffee on the way to work, lunch, dinner. */
    static final int[] HOURLY_WEIGHT = {14, 15, 10, 9, 17, 18, 10, 6, 6, 9, 14, 15, 10, 5};
    static final int FIRST_HOUR = 8;

    private static final Logger log = LoggerFactory.getLogger(DemoSales.class);
    private static final DateTimeFormatter NUMBER_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final List<String> MORNING_STAFF = List.of("Iryna Bondar", "Oksana Melnyk");
    private static final List<String> EVENING_STAFF = List.of("Taras Koval", "Dmytro Shevchenko");

    private final PosDevices devices;
    private final Receipts receipts;
    private final CashShifts cashShifts;
    private final PosCatalog catalog;
    private final Venues venues;
    private final Storages storages;
    private final Ingredients ingredients;
    private final Suppliers suppliers;
    private final Supplies supplies;
    private final StockLedger ledger;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final boolean onStart;
    private final int salesDays;

    DemoSales(PosDevices devices, Receipts receipts, CashShifts cashShifts, PosCatalog catalog, Venues venues,
              Storages storages, Ingredients ingredients, Suppliers suppliers, Supplies supplies, StockLedger ledger,
              NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactionManager,
              ApplicationEventPublisher events, @Value("${larder.demo.enabled:false}") boolean onStart,
              @Value("${larder.demo.sales-days:28}") int salesDays) {
        this.devices = devices;
        this.receipts = receipts;
        this.cashShifts = cashShifts;
        this.catalog = catalog;
        this.venues = venues;
        this.storages = storages;
        this.ingredients = ingredients;
        this.suppliers = suppliers;
        this.supplies = supplies;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
        this.events = events;
        this.onStart = onStart;
        this.salesDays = salesDays;
    }

    /** What a run made; all zero when the business had its demo sales already. */
    public record Summary(int days, int receipts, int refunds, int shifts, int supplies, Duration took) {
    }

    /**
     * After the demo business (and its menu, which {@code DemoMenu} loads inside the sign-up transaction) is
     * committed: generate its sales in the background, so the application is usable at once. Only when the demo is
     * made at start-up ({@code larder.demo.enabled}); tests that want sales call {@link #generate(int)}.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onSignedUp(BusinessSignedUp event) {
        if (!event.demo() || !onStart || salesDays <= 0) {
            return;
        }
        TenantContext.Actor actor = TenantContext.current()
                .filter(a -> a.tenantId().equals(event.tenantId()))
                .orElse(TenantContext.Actor.system(event.tenantId()));
        Thread worker = new Thread(() -> {
            try {
                log.info("Demo sales: generating {} days of sales in the background", salesDays);
                TenantContext.runAs(actor, () -> generate(salesDays, true));
            } catch (RuntimeException e) {
                log.warn("Demo sales: stopped, the demo has the sales made so far", e);
            }
        }, "demo-sales");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Sales of the current business (the demo café: its menu, its first venue and that venue's main storage) for
     * the {@code days} whole days before today and today until now. Does nothing if the business has the demo till.
     */
    public Summary generate(int days) {
        return generate(days, false);
    }

    private Summary generate(int days, boolean logProgress) {
        if (days < 0) {
            throw new IllegalArgumentException("days: " + days);
        }
        long started = System.nanoTime();
        Venue venue = venues.active().stream().min(Comparator.comparing(Venue::getCreatedAt))
                .orElseThrow(() -> new IllegalStateException("The business has no venue"));
        if (!devices.search(new PosDevices.DeviceQuery(venue.getId(), DEVICE_NAME, true),
                Pageable.ofSize(1)).isEmpty()) {
            return new Summary(0, 0, 0, 0, 0, Duration.ZERO);
        }
        Storage storage = storages.ofVenue(venue.getId()).stream().filter(s -> !s.isArchived())
                .min(Comparator.comparing(Storage::getCreatedAt))
                .orElseThrow(() -> new IllegalStateException("The venue has no storage"));
        UUID device = pairedTill(venue.getId());
        ZoneId zone = venue.getTimezone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(days);
        Run run = new Run(venue, storage.getId(), device, first);
        run.measureFirstDay();
        for (LocalDate date = first; !date.isAfter(today); date = date.plusDays(1)) {
            run.day(date, now);
            if (logProgress && (date.getDayOfMonth() % 7 == 0 || date.equals(today))) {
                log.info("Demo sales: {} of {} days done, {} receipts", run.daysDone, days + 1, run.receiptCount);
            }
        }
        Summary made = new Summary(run.daysDone, run.receiptCount, run.refundCount, run.shiftCount,
                run.supplyCount, Duration.ofNanos(System.nanoTime() - started));
        log.info("Demo sales: {} receipts ({} refunds), {} cash shifts and {} supplies over {} days in {} s",
                made.receipts(), made.refunds(), made.shifts(), made.supplies(), made.days(), made.took().toSeconds());
        transaction.executeWithoutResult(s -> events.publishEvent(new DemoSalesGenerated(venue.getId(), first, today)));
        return made;
    }

    /** A till created, paired and heard from, as a manager and the terminal would do it. */
    private UUID pairedTill(UUID venueId) {
        PosDevices.PairingCode code = devices.create(venueId, DEVICE_NAME);
        PosDevices.Paired paired = devices.pair(code.code(), DEVICE_NAME)
                .orElseThrow(() -> new IllegalStateException("The demo till did not pair"));
        devices.authenticateDevice(paired.token(), "Larder demo 1.0");
        return paired.deviceId();
    }

    /** A menu item as the till sells it. */
    private record Item(UUID id, String name, BigDecimal price, List<PosCatalog.Group> groups, double popularity) {
    }

    /** A line or a receipt made up before it is sent; kept to refund it later and to count the cash. */
    private record Sold(Receipts.ReceiptInput input, Instant closedAt, BigDecimal cash, boolean refund) {
    }

    /** Who delivers which ingredient categories, and every how many days. */
    private record Vendor(String name, String prefix, Set<String> categories, int everyDays, BigDecimal vatRate,
                          boolean paysCash) {
    }

    private static final List<Vendor> VENDORS = List.of(
            new Vendor("Zerno Roastery", "ZR", Set.of("Coffee and tea"), 7, new BigDecimal("20"), false),
            new Vendor("Molochnyi Dvir", "MD", Set.of("Dairy"), 2, new BigDecimal("20"), false),
            new Vendor("Zelenyi Rynok", "ZRN", Set.of("Vegetables and fruit", "Meat", "Bakery"), 2, null, true),
            new Vendor("Metro Cash & Carry", "MCC", Set.of(), 4, new BigDecimal("20"), false));

    /** What each part of the day sells, by menu category: the weights of a line's category. */
    private static Map<String, Integer> categoryWeights(int hour) {
        if (hour < 11) {
            return Map.of("Coffee", 50, "Tea", 8, "Breakfast", 26, "Desserts", 12, "Cold drinks", 4);
        }
        if (hour < 12) {
            return Map.of("Coffee", 34, "Tea", 10, "Breakfast", 16, "Desserts", 14, "Salads", 10, "Cold drinks", 8,
                    "Pizza", 8);
        }
        if (hour < 15) {
            return Map.of("Pizza", 18, "Salads", 18, "Mains", 22, "Cold drinks", 15, "Coffee", 15, "Tea", 5,
                    "Desserts", 7);
        }
        if (hour < 18) {
            return Map.of("Coffee", 34, "Tea", 15, "Desserts", 30, "Cold drinks", 10, "Salads", 5, "Pizza", 6);
        }
        return Map.of("Pizza", 26, "Mains", 22, "Salads", 10, "Cold drinks", 15, "Desserts", 13, "Tea", 7,
                "Coffee", 7);
    }

    /** Receipts on a day of the week: Friday busier, the weekend busiest. */
    private static int receiptsOn(DayOfWeek day) {
        return switch (day) {
            case FRIDAY -> 300;
            case SATURDAY -> 360;
            case SUNDAY -> 330;
            default -> 250;
        };
    }

    /** One generation: the menu and stock it works with, the orders it places, what it has made so far. */
    private final class Run {

        final Venue venue;
        final UUID storageId;
        final UUID device;
        final ZoneId zone;
        final LocalDate first;
        final Map<String, List<Item>> byCategory = new LinkedHashMap<>();
        final Map<UUID, Ingredient> stock;
        final Map<UUID, BigDecimal> unitCosts;
        final Map<UUID, Vendor> vendorOf = new HashMap<>();
        final Map<Vendor, UUID> vendorIds = new LinkedHashMap<>();
        final Map<Vendor, Integer> invoices = new HashMap<>();
        /** Base units used per day, the latest days last. */
        final Map<UUID, Deque<BigDecimal>> used = new HashMap<>();
        int daysDone;
        int receiptCount;
        int refundCount;
        int shiftCount;
        int supplyCount;

        Run(Venue venue, UUID storageId, UUID device, LocalDate first) {
            this.venue = venue;
            this.first = first;
            this.storageId = storageId;
            this.device = device;
            this.zone = venue.getTimezone();
            PosCatalog.Catalog menu = catalog.pull(venue.getId(), null);
            Map<UUID, String> categoryNames = menu.categories().stream()
                    .collect(Collectors.toMap(PosCatalog.Category::id, PosCatalog.Category::name));
            Map<UUID, PosCatalog.Group> groups = menu.modifierGroups().stream()
                    .collect(Collectors.toMap(PosCatalog.Group::id, g -> g));
            Random popularity = new Random(SEED);
            for (PosCatalog.Item item : menu.items().stream().sorted(Comparator.comparing(PosCatalog.Item::name))
                    .toList()) {
                List<PosCatalog.Group> offered = item.modifierGroupIds().stream().map(groups::get)
                        .filter(g -> g != null && !g.options().isEmpty()).toList();
                String category = categoryNames.getOrDefault(item.categoryId(), "");
                byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(new Item(item.id(), item.name(),
                        item.price(), offered, 0.4 + popularity.nextDouble() * 1.6));
            }
            stock = ingredients.all().stream().filter(i -> !i.isArchived())
                    .collect(Collectors.toMap(Ingredient::getId, i -> i, (a, b) -> a, LinkedHashMap::new));
            unitCosts = ingredients.currentUnitCosts(stock.keySet());
            for (Ingredient ingredient : stock.values()) {
                Vendor vendor = VENDORS.stream().filter(v -> v.categories().contains(ingredient.getCategory()))
                        .findFirst().orElse(VENDORS.get(VENDORS.size() - 1));
                vendorOf.put(ingredient.getId(), vendor);
            }
        }

        /**
         * The first day's use of each ingredient, to order the opening stock by: that day's receipts tried in a
         * transaction that is rolled back, on plenty of stock (stock below zero all day would be slow to value).
         */
        void measureFirstDay() {
            Instant start = first.atStartOfDay(zone).toInstant();
            BigDecimal plenty = new BigDecimal("100000000");
            transaction.executeWithoutResult(status -> {
                ledger.post(new StockLedger.Posting(Supplies.DOCUMENT_KIND, UUID.randomUUID(), start,
                        stock.keySet().stream().map(id -> StockLedger.Entry.in(StockLedger.Kind.SUPPLY, storageId, id,
                                plenty, BigDecimal.ZERO)).toList()));
                Map<UUID, BigDecimal> before = levels(start);
                send(receiptsOf(first, Instant.MAX, null));
                record(before, levels(first.plusDays(1).atStartOfDay(zone).toInstant()));
                status.setRollbackOnly();
            });
        }

        void day(LocalDate date, Instant now) {
            Instant deliveries = date.atTime(DELIVERIES).atZone(zone).toInstant();
            if (deliveries.isBefore(now)) {
                deliver(date, deliveries, now);
            }
            Instant morning = date.atTime(SHIFT_OPENS).atZone(zone).toInstant();
            if (!morning.isBefore(now)) {
                return;
            }
            Map<UUID, BigDecimal> before = levels(morning);
            UUID shift = uuid(morning, new Random(SEED ^ date.toEpochDay() ^ 0x5f17L));
            List<Sold> day = receiptsOf(date, now.minus(Duration.ofMinutes(2)), shift);
            send(day);
            receiptCount += (int) day.stream().filter(s -> !s.refund()).count();
            refundCount += (int) day.stream().filter(Sold::refund).count();
            cashShift(date, shift, day, now);
            Instant evening = date.plusDays(1).atStartOfDay(zone).toInstant();
            if (evening.isBefore(now)) {
                record(before, levels(evening));
            }
            daysDone++;
        }

        /** The day's receipts, closed before {@code until}, in the order they were closed. */
        List<Sold> receiptsOf(LocalDate date, Instant until, UUID shift) {
            Random random = new Random(SEED ^ date.toEpochDay());
            int count = (int) Math.round(receiptsOn(date.getDayOfWeek()) * (0.92 + random.nextDouble() * 0.16));
            int weights = 0;
            for (int w : HOURLY_WEIGHT) {
                weights += w;
            }
            List<Instant> moments = new ArrayList<>();
            for (int h = 0; h < HOURLY_WEIGHT.length; h++) {
                int inHour = (int) Math.round((double) count * HOURLY_WEIGHT[h] / weights);
                Instant hour = date.atTime(FIRST_HOUR + h, 0).atZone(zone).toInstant();
                for (int i = 0; i < inHour; i++) {
                    moments.add(hour.plusSeconds(random.nextInt(3600)));
                }
            }
            moments.sort(Comparator.naturalOrder());
            List<Sold> sold = new ArrayList<>();
            List<Sold> refunds = new ArrayList<>();
            Instant closing = date.atTime(FIRST_HOUR + HOURLY_WEIGHT.length, 0).atZone(zone).toInstant();
            int number = 0;
            for (Instant closedAt : moments) {
                int hour = closedAt.atZone(zone).getHour();
                String waiter = (hour < 15 ? MORNING_STAFF : EVENING_STAFF).get((int) (date.toEpochDay() % 2));
                Sold receipt = receipt(random, date, ++number, closedAt, hour, waiter, shift);
                if (closedAt.isBefore(until)) {
                    sold.add(receipt);
                }
            }
            // One to three receipts a day come back: the first line refunded a little later, paid back the same way.
            int refundsToday = 1 + random.nextInt(3);
            for (int i = 0; i < refundsToday && !sold.isEmpty(); i++) {
                Sold original = sold.get(random.nextInt(sold.size()));
                Instant refundedAt = original.closedAt().plusSeconds(180 + random.nextInt(1800));
                boolean refundedOnce = refunds.stream()
                        .anyMatch(r -> r.input().refundOf().equals(original.input().id()));
                if (!refundedOnce && refundedAt.isBefore(closing) && refundedAt.isBefore(until)) {
                    String waiter = original.input().waiter();
                    refunds.add(refund(random, original, refundedAt, waiter));
                }
            }
            List<Sold> all = new ArrayList<>(sold);
            all.addAll(refunds);
            all.sort(Comparator.comparing(Sold::closedAt));
            return all;
        }

        Sold receipt(Random random, LocalDate date, int number, Instant closedAt, int hour, String waiter,
                     UUID shift) {
            int lines = pick(random, new int[]{40, 32, 18, 10}) + 1;
            Map<String, Integer> weights = categoryWeights(hour);
            List<Receipts.LineInput> inputs = new ArrayList<>();
            List<UUID> taken = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < lines; i++) {
                Item item = item(random, weights, taken);
                if (item == null) {
                    continue;
                }
                taken.add(item.id());
                int quantity = random.nextInt(100) < 85 ? 1 : random.nextInt(100) < 85 ? 2 : 3;
                BigDecimal amount = item.price().multiply(BigDecimal.valueOf(quantity));
                List<Receipts.ModifierInput> modifiers = new ArrayList<>();
                for (PosCatalog.Group group : item.groups()) {
                    if (random.nextInt(100) < 22) {
                        PosCatalog.Option option = group.options().get(random.nextInt(group.options().size()));
                        modifiers.add(new Receipts.ModifierInput(option.id().toString(), "1"));
                        amount = amount.add(option.priceDelta());
                    }
                }
                // A regular's 10 % off the first line now and then, in whole kopiykas.
                BigDecimal discount = inputs.isEmpty() && random.nextInt(100) < 6
                        ? amount.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP) : null;
                if (discount != null) {
                    amount = amount.subtract(discount);
                }
                inputs.add(new Receipts.LineInput(item.id().toString(), Integer.toString(quantity),
                        plain(item.price()), modifiers, discount == null ? null : plain(discount)));
                total = total.add(amount);
            }
            // Most pay by card, a third in cash; a few split the bill between cash and card, or pay otherwise
            // (a voucher).
            int way = random.nextInt(100);
            List<Receipts.PaymentInput> payments;
            BigDecimal cash;
            if (way < 5 && total.compareTo(new BigDecimal("100")) > 0) {
                cash = total.multiply(new BigDecimal("0.4")).setScale(0, RoundingMode.HALF_UP);
                payments = List.of(new Receipts.PaymentInput("cash", plain(cash)),
                        new Receipts.PaymentInput("card", plain(total.subtract(cash))));
            } else if (way < 7) {
                cash = BigDecimal.ZERO;
                payments = List.of(new Receipts.PaymentInput("other", plain(total)));
            } else {
                cash = way < 39 ? total : BigDecimal.ZERO;
                payments = List.of(new Receipts.PaymentInput(cash.signum() > 0 ? "cash" : "card", plain(total)));
            }
            Instant openedAt = closedAt.minusSeconds(120 + random.nextInt(hour >= 12 ? 2700 : 900));
            UUID id = uuid(closedAt, random);
            Receipts.ReceiptInput input = new Receipts.ReceiptInput(id.toString(),
                    NUMBER_DATE.format(date) + "-" + String.format("%04d", number), openedAt.toString(),
                    closedAt.toString(), shift == null ? null : shift.toString(), waiter, null, inputs,
                    payments, plain(total), null);
            return new Sold(input, closedAt, cash, false);
        }

        Sold refund(Random random, Sold original, Instant at, String waiter) {
            Receipts.LineInput line = original.input().lines().get(0);
            Item item = byCategory.values().stream().flatMap(List::stream)
                    .filter(i -> i.id().toString().equals(line.itemId())).findFirst().orElseThrow();
            BigDecimal amount = new BigDecimal(line.unitPrice()).multiply(new BigDecimal(line.quantity()));
            for (Receipts.ModifierInput m : line.modifiers()) {
                amount = amount.add(item.groups().stream().flatMap(g -> g.options().stream())
                        .filter(o -> o.id().toString().equals(m.optionId())).findFirst().orElseThrow().priceDelta());
            }
            if (line.discount() != null) {
                amount = amount.subtract(new BigDecimal(line.discount()));
            }
            // The money goes back the way most of it came.
            String method = original.input().payments().get(original.input().payments().size() - 1).method();
            UUID id = uuid(at, random);
            Receipts.ReceiptInput input = new Receipts.ReceiptInput(id.toString(),
                    original.input().number() + "-R", null, at.toString(), original.input().shiftId(), waiter, null,
                    List.of(line), List.of(new Receipts.PaymentInput(method, plain(amount))), plain(amount),
                    original.input().id());
            return new Sold(input, at, "cash".equals(method) ? amount : BigDecimal.ZERO, true);
        }

        Item item(Random random, Map<String, Integer> weights, List<UUID> taken) {
            List<Item> candidates = new ArrayList<>();
            List<Double> chances = new ArrayList<>();
            // Categories in a fixed order, so the same seed always picks the same.
            for (Map.Entry<String, List<Item>> category : byCategory.entrySet()) {
                Integer weight = weights.get(category.getKey());
                if (weight == null) {
                    continue;
                }
                double popularity = category.getValue().stream().mapToDouble(Item::popularity).sum();
                for (Item item : category.getValue()) {
                    if (!taken.contains(item.id())) {
                        candidates.add(item);
                        chances.add(weight * item.popularity() / popularity);
                    }
                }
            }
            if (candidates.isEmpty()) {
                byCategory.values().stream().flatMap(List::stream).filter(i -> !taken.contains(i.id()))
                        .forEach(i -> {
                            candidates.add(i);
                            chances.add(i.popularity());
                        });
            }
            double sum = chances.stream().mapToDouble(Double::doubleValue).sum();
            double at = random.nextDouble() * sum;
            for (int i = 0; i < candidates.size(); i++) {
                at -= chances.get(i);
                if (at <= 0) {
                    return candidates.get(i);
                }
            }
            return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
        }

        void send(List<Sold> day) {
            for (int from = 0; from < day.size(); from += Receipts.MAX_BATCH) {
                List<Receipts.ReceiptInput> batch = day.subList(from, Math.min(day.size(), from + Receipts.MAX_BATCH))
                        .stream().map(Sold::input).toList();
                for (Receipts.Result result : receipts.accept(device, venue.getId(), batch)) {
                    if (result.status() == Receipts.Status.REJECTED) {
                        throw new IllegalStateException("A demo receipt was rejected: " + result.problems().stream()
                                .map(p -> p.field() + " " + p.messageKey()).toList());
                    }
                }
            }
        }

        /**
         * The day's shift: opened with the float, a cash-out to the safe in the afternoon, closed after the last
         * receipt with a small difference between the cash counted and the cash expected (mostly a little short).
         */
        void cashShift(LocalDate date, UUID shift, List<Sold> day, Instant now) {
            Random random = new Random(SEED ^ date.toEpochDay() ^ 0xCA5L);
            Instant opened = date.atTime(SHIFT_OPENS).atZone(zone).toInstant();
            Instant cashOutAt = date.atTime(CASH_OUT).atZone(zone).toInstant();
            Instant closed = date.atTime(SHIFT_CLOSES).atZone(zone).toInstant();
            BigDecimal cashIn = BigDecimal.ZERO;
            BigDecimal cashBeforeOut = BigDecimal.ZERO;
            for (Sold sold : day) {
                BigDecimal signed = sold.refund() ? sold.cash().negate() : sold.cash();
                cashIn = cashIn.add(signed);
                if (sold.closedAt().isBefore(cashOutAt)) {
                    cashBeforeOut = cashBeforeOut.add(signed);
                }
            }
            // Take what is above the float to the safe, in whole 500s; at least 500.
            BigDecimal cashOut = cashBeforeOut.divide(new BigDecimal("500"), 0, RoundingMode.DOWN)
                    .multiply(new BigDecimal("500")).max(new BigDecimal("500"));
            BigDecimal discrepancy = random.nextInt(4) == 0
                    ? BigDecimal.valueOf(1 + random.nextInt(30), 1).multiply(new BigDecimal("5"))
                    : BigDecimal.valueOf(1 + random.nextInt(80), 1).multiply(new BigDecimal("5")).negate();
            BigDecimal counted = OPENING_CASH.add(cashIn).subtract(cashOut).add(discrepancy);
            List<CashShifts.EventInput> events = new ArrayList<>();
            events.add(event(random, shift, "open", opened, OPENING_CASH, null));
            if (cashOutAt.isBefore(now)) {
                events.add(event(random, shift, "cashOut", cashOutAt, cashOut, "To the safe"));
            }
            if (closed.isBefore(now)) {
                events.add(event(random, shift, "close", closed, counted.max(BigDecimal.ZERO), null));
            }
            for (Receipts.Result result : cashShifts.accept(device, venue.getId(), events)) {
                if (result.status() == Receipts.Status.REJECTED) {
                    throw new IllegalStateException("A demo shift event was rejected: " + result.problems());
                }
            }
            shiftCount++;
        }

        CashShifts.EventInput event(Random random, UUID shift, String type, Instant at, BigDecimal amount,
                                    String comment) {
            return new CashShifts.EventInput(uuid(at, random).toString(), shift.toString(), type, at.toString(),
                    plain(amount), comment);
        }

        /**
         * Each supplier due today (every few days, or at once when something of theirs ran out) brings what will be
         * used until their next delivery and a day more, judged by the last week's use; rounded up to the purchase
         * unit (a 25 kg sack of flour, a case of 12) or to a tenth of a kilo or litre.
         */
        void deliver(LocalDate date, Instant at, Instant now) {
            Map<UUID, BigDecimal> levels = levels(at);
            int day = (int) (date.toEpochDay() - first.toEpochDay());
            Map<Vendor, List<Supplies.LineInput>> orders = new LinkedHashMap<>();
            for (Vendor vendor : VENDORS) {
                boolean due = day % vendor.everyDays() == 0;
                boolean ranOut = stock.keySet().stream().filter(id -> vendorOf.get(id) == vendor)
                        .anyMatch(id -> levels.getOrDefault(id, BigDecimal.ZERO).signum() < 0);
                if (!due && !ranOut) {
                    continue;
                }
                for (Ingredient ingredient : stock.values()) {
                    if (vendorOf.get(ingredient.getId()) != vendor) {
                        continue;
                    }
                    BigDecimal perDay = dailyUse(ingredient.getId());
                    if (perDay.signum() <= 0) {
                        continue;
                    }
                    BigDecimal level = levels.getOrDefault(ingredient.getId(), BigDecimal.ZERO);
                    BigDecimal reorderAt = perDay.multiply(BigDecimal.valueOf(vendor.everyDays() + 1L));
                    if (level.compareTo(reorderAt) >= 0) {
                        continue;
                    }
                    BigDecimal wanted = perDay.multiply(BigDecimal.valueOf(vendor.everyDays() + 2L)).subtract(level);
                    Supplies.LineInput line = line(ingredient, wanted, vendor);
                    if (line != null) {
                        orders.computeIfAbsent(vendor, v -> new ArrayList<>()).add(line);
                    }
                }
            }
            long daysAgo = LocalDate.ofInstant(now, zone).toEpochDay() - date.toEpochDay();
            orders.forEach((vendor, lines) -> {
                // One after the other, ten minutes apart, all before the shift opens (and none still to come).
                Instant arrived = at.plus(Duration.ofMinutes(10L * orders.keySet().stream().toList().indexOf(vendor)));
                if (!arrived.isBefore(now)) {
                    return;
                }
                int invoice = invoices.merge(vendor, 1, Integer::sum);
                // Cash for the market at the door; the others are paid on terms, so the last week's are still owed.
                boolean paid = vendor.paysCash() || daysAgo > 7;
                supplies.create(new Supplies.SupplyInput(arrived, null, storageId, vendorId(vendor),
                        vendor.prefix() + "-" + NUMBER_DATE.format(date) + "-" + invoice, null, paid, null, lines),
                        true);
                supplyCount++;
            });
        }

        Supplies.LineInput line(Ingredient ingredient, BigDecimal wantedBase, Vendor vendor) {
            BigDecimal unitCost = unitCosts.get(ingredient.getId());
            if (unitCost == null || unitCost.signum() <= 0) {
                return null;
            }
            Unit stockUnit = ingredient.getStockUnit();
            BigDecimal perStockUnit = stockUnit.baseUnits();
            if (ingredient.getPurchaseUnitSize() != null && ingredient.getPurchaseUnitSize().signum() > 0) {
                BigDecimal packs = wantedBase.divide(ingredient.getPurchaseUnitSize(), 0, RoundingMode.CEILING)
                        .max(BigDecimal.ONE);
                BigDecimal packPrice = unitCost.multiply(ingredient.getPurchaseUnitSize())
                        .divide(perStockUnit, 4, RoundingMode.HALF_UP);
                return new Supplies.LineInput(ingredient.getId(), packs, "purchase", packPrice, null,
                        vendor.vatRate());
            }
            // Pieces by the piece; kilos and litres by the tenth.
            BigDecimal step = stockUnit == Unit.PCS ? BigDecimal.ONE : new BigDecimal("0.1");
            BigDecimal quantity = wantedBase.divide(perStockUnit, 6, RoundingMode.HALF_UP)
                    .divide(step, 0, RoundingMode.CEILING).multiply(step).max(step);
            return new Supplies.LineInput(ingredient.getId(), quantity, stockUnit.symbol(), unitCost, null,
                    vendor.vatRate());
        }

        UUID vendorId(Vendor vendor) {
            return vendorIds.computeIfAbsent(vendor, v -> suppliers.create(new Suppliers.SupplierDetails(v.name(),
                    null, null, null, null, null, "Supplier of the demo café")).getId());
        }

        /** A day's use, a little more than the last week's average, so a busy weekend does not run out. */
        BigDecimal dailyUse(UUID ingredient) {
            Deque<BigDecimal> days = used.get(ingredient);
            if (days == null || days.isEmpty()) {
                return BigDecimal.ZERO;
            }
            BigDecimal sum = days.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            return sum.multiply(new BigDecimal("1.25")).divide(BigDecimal.valueOf(days.size()), 6,
                    RoundingMode.HALF_UP);
        }

        void record(Map<UUID, BigDecimal> before, Map<UUID, BigDecimal> after) {
            for (UUID id : stock.keySet()) {
                BigDecimal use = before.getOrDefault(id, BigDecimal.ZERO)
                        .subtract(after.getOrDefault(id, BigDecimal.ZERO));
                Deque<BigDecimal> days = used.computeIfAbsent(id, i -> new ArrayDeque<>());
                days.addLast(use.max(BigDecimal.ZERO));
                if (days.size() > 7) {
                    days.removeFirst();
                }
            }
        }

        Map<UUID, BigDecimal> levels(Instant at) {
            Map<UUID, BigDecimal> levels = new HashMap<>();
            for (StockLedger.Level level : ledger.levels(storageId, at)) {
                levels.put(level.itemId(), level.quantity());
            }
            return levels;
        }
    }

    private static int pick(Random random, int[] weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int at = random.nextInt(sum);
        for (int i = 0; i < weights.length; i++) {
            at -= weights[i];
            if (at < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A time-ordered id (UUID version 7) for a moment, its random bits from the seeded generator. */
    static UUID uuid(Instant at, Random random) {
        long msb = (at.toEpochMilli() << 16) | 0x7000L | random.nextInt(1 << 12);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
