package app.larder.menu;

import app.larder.platform.RuleViolation;
import app.larder.recipe.SemiFinishedProduct;
import app.larder.recipe.SemiFinishedProducts;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCardLine;
import app.larder.recipe.TechCards;
import app.larder.shared.Unit;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.ProcessingMethod;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Moving in from a spreadsheet, and out to one: ingredients, menu items and tech cards as CSV (comma or semicolon
 * separated, UTF-8, a header row). An import first checks every row against the business as it is and against the
 * rows before it; with any problem it imports nothing and says, row by row, what is wrong, unless asked to import
 * the valid rows only. The formats are in docs/import-export.md; an export can be imported back.
 */
@Service
public class Spreadsheets {

    public static final List<String> INGREDIENT_COLUMNS = List.of("name", "category", "unit", "unit_cost",
            "piece_size", "purchase_unit", "purchase_unit_size", "processing");
    public static final List<String> MENU_ITEM_COLUMNS = List.of("category", "name", "kind", "price", "barcode",
            "stock_item", "stock_quantity", "on_sale");
    public static final List<String> TECH_CARD_COLUMNS = List.of("product", "type", "yield", "yield_unit",
            "valid_from", "component", "quantity", "unit", "net", "processing");
    private static final String CATEGORY_SEPARATOR = " > ";

    private final Ingredients ingredients;
    private final SemiFinishedProducts semis;
    private final TechCards techCards;
    private final Categories categories;
    private final MenuItems menuItems;
    private final TransactionTemplate transaction;

    Spreadsheets(Ingredients ingredients, SemiFinishedProducts semis, TechCards techCards, Categories categories,
                 MenuItems menuItems, PlatformTransactionManager transactionManager) {
        this.ingredients = ingredients;
        this.semis = semis;
        this.techCards = techCards;
        this.categories = categories;
        this.menuItems = menuItems;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** What is wrong with one row: its line in the file (the header is line 1), the column, a message key. */
    public record Problem(long line, String column, String messageKey, List<Object> args) {
    }

    /** The outcome of an import: rows read, rows imported, and every problem found. */
    public record Report(int rows, int imported, List<Problem> problems, boolean applied) {
    }

    // ---------------------------------------------------------------- ingredients

    public Report importIngredients(String csv, boolean onlyValid) {
        return transaction.execute(status -> {
            Rows rows = parse(csv, List.of("name", "unit"));
            Set<String> known = lower(ingredients.all(), Ingredient::getName);
            List<Runnable> work = new ArrayList<>();
            for (CSVRecord r : rows.records) {
                Check check = new Check(r.getRecordNumber() + 1, rows.problems);
                String name = check.required(r, "name");
                Unit unit = check.unit(r, "unit");
                BigDecimal cost = check.decimal(r, "unit_cost", false, true);
                BigDecimal pieceSize = check.decimal(r, "piece_size", false, false);
                String purchaseUnit = value(r, "purchase_unit");
                BigDecimal purchaseSize = check.decimal(r, "purchase_unit_size", false, false);
                Map<String, BigDecimal> methods = check.processing(r, "processing");
                if (name != null && !known.add(name.toLowerCase(Locale.ROOT))) {
                    check.problem("name", "ingredient.nameTaken");
                }
                if ((purchaseUnit == null) != (purchaseSize == null)) {
                    check.problem("purchase_unit_size", "ingredient.purchaseUnitWhole");
                }
                if (check.ok()) {
                    Ingredients.IngredientDetails details = new Ingredients.IngredientDetails(name,
                            value(r, "category"), unit.dimension(), pieceSize, purchaseUnit, purchaseSize, cost);
                    work.add(() -> {
                        Ingredient created = ingredients.create(details);
                        methods.forEach((method, loss) -> ingredients.addMethod(created.getId(), method, loss));
                    });
                }
            }
            return finish(rows, work, onlyValid, status);
        });
    }

    public String exportIngredients() {
        return transaction.execute(status -> print(INGREDIENT_COLUMNS, printer -> {
            List<Ingredient> all = ingredients.all();
            Map<UUID, BigDecimal> costs = ingredients.currentUnitCosts(all.stream().map(Ingredient::getId).toList());
            Map<UUID, List<ProcessingMethod>> methods = ingredients.allMethods();
            for (Ingredient i : all) {
                StringBuilder processing = new StringBuilder();
                for (ProcessingMethod m : methods.getOrDefault(i.getId(), List.of())) {
                    processing.append(processing.isEmpty() ? "" : "|").append(m.getName()).append(':')
                            .append(m.getLossPercent().stripTrailingZeros().toPlainString());
                }
                printer.printRecord(i.getName(), i.getCategory(), i.getStockUnit().symbol(), plain(costs.get(i.getId())),
                        plain(i.getPieceSize()), i.getPurchaseUnitName(), plain(i.getPurchaseUnitSize()), processing);
            }
        }));
    }

    // ---------------------------------------------------------------- menu items

    public Report importMenuItems(String csv, boolean onlyValid) {
        return transaction.execute(status -> {
            Rows rows = parse(csv, List.of("category", "name", "kind"));
            Map<String, UUID> stock = index(ingredients.all(), Ingredient::getName, Ingredient::getId);
            Map<String, UUID> paths = categoryPaths();
            Set<String> taken = new HashSet<>();
            Map<UUID, String> pathOf = new HashMap<>();
            paths.forEach((path, id) -> pathOf.put(id, path));
            menuItems.all().forEach(i -> taken.add(pathOf.get(i.getCategoryId()) + "\n"
                    + i.getName().toLowerCase(Locale.ROOT)));
            List<Runnable> work = new ArrayList<>();
            Map<String, UUID> categoryByPath = new HashMap<>();
            paths.forEach((path, id) -> categoryByPath.put(path.toLowerCase(Locale.ROOT), id));
            for (CSVRecord r : rows.records) {
                Check check = new Check(r.getRecordNumber() + 1, rows.problems);
                String path = check.required(r, "category");
                String name = check.required(r, "name");
                MenuItem.Kind kind = check.kind(r, "kind");
                BigDecimal price = check.decimal(r, "price", false, true);
                BigDecimal stockQuantity = check.decimal(r, "stock_quantity", false, false);
                String stockName = value(r, "stock_item");
                UUID stockItem = stockName == null ? null : stock.get(stockName.toLowerCase(Locale.ROOT));
                if (kind == MenuItem.Kind.PRODUCT && stockItem == null) {
                    check.problem("stock_item", "menu.unknownStockItem");
                }
                String normalized = path == null ? null : normalizePath(path);
                if (normalized != null && name != null
                        && !taken.add(normalized.toLowerCase(Locale.ROOT) + "\n" + name.toLowerCase(Locale.ROOT))) {
                    check.problem("name", "menu.nameTaken");
                }
                String onSale = value(r, "on_sale");
                if (check.ok()) {
                    MenuItem.Kind k = kind;
                    work.add(() -> menuItems.create(new MenuItems.MenuItemDetails(k, category(normalized, categoryByPath), name,
                            value(r, "barcode"), k == MenuItem.Kind.PRODUCT ? stockItem : null, stockQuantity,
                            onSale == null || !onSale.equalsIgnoreCase("no") && !onSale.equalsIgnoreCase("false"),
                            price, List.of())));
                }
            }
            return finish(rows, work, onlyValid, status);
        });
    }

    public String exportMenuItems() {
        return transaction.execute(status -> print(MENU_ITEM_COLUMNS, printer -> {
            Map<UUID, String> pathOf = new HashMap<>();
            categoryPaths().forEach((path, id) -> pathOf.put(id, path));
            Map<UUID, String> stockNames = new HashMap<>();
            ingredients.all().forEach(i -> stockNames.put(i.getId(), i.getName()));
            Map<UUID, BigDecimal> prices = menuItems.defaultPrices();
            for (MenuItem item : menuItems.all()) {
                if (item.isArchived()) {
                    continue;
                }
                printer.printRecord(pathOf.get(item.getCategoryId()), item.getName(),
                        item.getKind().name().toLowerCase(Locale.ROOT), plain(prices.get(item.getId())),
                        item.getBarcode(), stockNames.get(item.getStockItemId()), plain(item.getStockQuantity()),
                        item.isOnSale() ? "yes" : "no");
            }
        }));
    }

    // ---------------------------------------------------------------- tech cards

    /**
     * One row per line; consecutive rows of the same product make one tech card (a new version of it). A
     * semi-finished product that does not exist yet is created, measured in the unit of its yield.
     */
    public Report importTechCards(String csv, boolean onlyValid) {
        return transaction.execute(status -> {
            Rows rows = parse(csv, List.of("product", "type", "component", "quantity", "unit"));
            Map<String, UUID> stock = index(ingredients.all(), Ingredient::getName, Ingredient::getId);
            Map<String, SemiFinishedProduct> existingSemis = index(semis.all(), SemiFinishedProduct::getName,
                    Function.identity());
            Map<String, List<MenuItem>> dishes = new HashMap<>();
            menuItems.all().stream().filter(i -> i.getKind() == MenuItem.Kind.DISH && !i.isArchived())
                    .forEach(i -> dishes.computeIfAbsent(i.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(i));
            Map<String, Unit> newSemis = new LinkedHashMap<>();
            for (CSVRecord r : rows.records) {
                String product = value(r, "product");
                if ("semi".equalsIgnoreCase(value(r, "type")) && product != null
                        && !existingSemis.containsKey(product.toLowerCase(Locale.ROOT))) {
                    try {
                        newSemis.putIfAbsent(product.toLowerCase(Locale.ROOT), Unit.parse(value(r, "yield_unit")));
                    } catch (RuntimeException e) {
                        newSemis.putIfAbsent(product.toLowerCase(Locale.ROOT), Unit.KG);
                    }
                }
            }
            List<Card> cards = new ArrayList<>();
            Card current = null;
            for (CSVRecord r : rows.records) {
                Check check = new Check(r.getRecordNumber() + 1, rows.problems);
                String product = check.required(r, "product");
                String type = check.required(r, "type");
                String key = product == null ? null : product.toLowerCase(Locale.ROOT);
                if (current == null || !current.key.equals(key) || current.failed) {
                    current = null;
                    if (type != null && !type.equalsIgnoreCase("semi") && !type.equalsIgnoreCase("dish")) {
                        check.problem("type", "import.typeSemiOrDish");
                    }
                    if (key != null && "dish".equalsIgnoreCase(type)) {
                        List<MenuItem> found = dishes.getOrDefault(key, List.of());
                        if (found.size() != 1) {
                            check.problem("product", found.isEmpty() ? "import.unknownDish" : "import.ambiguousDish");
                        }
                    }
                    BigDecimal yield = "semi".equalsIgnoreCase(type) ? check.decimal(r, "yield", true, false) : null;
                    Unit yieldUnit = "semi".equalsIgnoreCase(type) ? check.unit(r, "yield_unit") : null;
                    Instant validFrom = check.instant(r, "valid_from");
                    if (key != null && type != null) {
                        current = new Card(key, product, type.equalsIgnoreCase("dish"), yield, yieldUnit, validFrom,
                                check.line);
                        if (!check.ok()) {
                            current.failed = true;
                        }
                        cards.add(current);
                    }
                }
                String componentName = check.required(r, "component");
                BigDecimal quantity = check.decimal(r, "quantity", true, false);
                Unit unit = check.unit(r, "unit");
                TechCardLine.ComponentKind kind = null;
                UUID componentId = null;
                if (componentName != null) {
                    String c = componentName.toLowerCase(Locale.ROOT);
                    if (existingSemis.containsKey(c)) {
                        kind = TechCardLine.ComponentKind.SEMI;
                        componentId = existingSemis.get(c).getId();
                    } else if (newSemis.containsKey(c)) {
                        kind = TechCardLine.ComponentKind.SEMI;
                    } else if (stock.containsKey(c)) {
                        kind = TechCardLine.ComponentKind.INGREDIENT;
                        componentId = stock.get(c);
                    } else {
                        check.problem("component", "techCard.unknownComponent");
                    }
                }
                if (current != null) {
                    if (!check.ok()) {
                        current.failed = true;
                    } else {
                        current.lines.add(new CardLine(kind, componentId, componentName.toLowerCase(Locale.ROOT),
                                quantity, unit, "yes".equalsIgnoreCase(value(r, "net"))
                                || "true".equalsIgnoreCase(value(r, "net")), value(r, "processing")));
                    }
                }
            }
            List<Runnable> work = new ArrayList<>();
            Map<String, UUID> createdSemis = new HashMap<>();
            work.add(() -> newSemis.forEach((key, unit) -> {
                String name = cards.stream().filter(c -> c.key.equals(key)).map(c -> c.name).findFirst().orElse(key);
                createdSemis.put(key, semis.create(name, unit.dimension(), null).getId());
            }));
            for (Card card : cards) {
                if (card.failed) {
                    continue;
                }
                work.add(() -> saveCard(card, existingSemis, createdSemis, dishes));
            }
            int rowsOk = (int) rows.records.stream().filter(r -> rows.problems.stream()
                    .noneMatch(p -> p.line() == r.getRecordNumber() + 1)).count();
            return finish(rows, work, onlyValid, status, rowsOk);
        });
    }

    public String exportTechCards() {
        return transaction.execute(status -> print(TECH_CARD_COLUMNS, printer -> {
            Map<UUID, String> names = new HashMap<>();
            ingredients.all().forEach(i -> names.put(i.getId(), i.getName()));
            List<SemiFinishedProduct> allSemis = semis.all();
            allSemis.forEach(s -> names.put(s.getId(), s.getName()));
            Instant now = Instant.now();
            for (SemiFinishedProduct semi : allSemis) {
                Optional<TechCard> card = techCards.inForce(semi.getId(), now);
                if (card.isPresent()) {
                    BigDecimal yield = card.get().getYieldQuantity();
                    printLines(printer, semi.getName(), "semi", yield, semi.getDimension().base(), card.get(), names);
                }
            }
            for (MenuItem dish : menuItems.all()) {
                if (dish.getKind() == MenuItem.Kind.DISH && !dish.isArchived()) {
                    Optional<TechCard> card = techCards.inForce(dish.getId(), now);
                    if (card.isPresent()) {
                        printLines(printer, dish.getName(), "dish", null, null, card.get(), names);
                    }
                }
            }
        }));
    }

    private static void printLines(CSVPrinter printer, String product, String type, BigDecimal yield, Unit yieldUnit,
                                   TechCard card, Map<UUID, String> names) throws IOException {
        for (TechCardLine line : card.getLines()) {
            printer.printRecord(product, type, plain(yield), yieldUnit == null ? null : yieldUnit.symbol(),
                    card.getValidFrom().toString(), names.get(line.getComponentId()), plain(line.getGrossQuantity()),
                    line.getEnteredUnit() == null ? null : baseOf(line.getEnteredUnit()).symbol(), "no",
                    null);
        }
    }

    private static Unit baseOf(Unit entered) {
        return entered.dimension().base();
    }

    private void saveCard(Card card, Map<String, SemiFinishedProduct> existing, Map<String, UUID> created,
                          Map<String, List<MenuItem>> dishes) {
        List<TechCards.LineInput> lines = new ArrayList<>();
        for (CardLine l : card.lines) {
            UUID id = l.componentId != null ? l.componentId : created.get(l.componentKey);
            UUID method = null;
            if (l.processing != null && l.kind == TechCardLine.ComponentKind.INGREDIENT) {
                method = ingredients.methodsOf(id).stream().filter(m -> m.getName().equalsIgnoreCase(l.processing))
                        .map(ProcessingMethod::getId).findFirst()
                        .orElseThrow(() -> new RuleViolation("processing", "techCard.unknownMethod", l.componentKey));
            }
            lines.add(new TechCards.LineInput(l.kind, id, l.quantity, l.unit, l.net, method));
        }
        if (card.dish) {
            MenuItem dish = dishes.get(card.key).get(0);
            menuItems.saveTechCard(dish.getId(), new TechCards.NewVersion(card.validFrom, null, null, null, null, lines));
        } else {
            UUID semiId = existing.containsKey(card.key) ? existing.get(card.key).getId() : created.get(card.key);
            techCards.saveForSemi(semiId, new TechCards.NewVersion(card.validFrom, card.yield, card.yieldUnit, null,
                    null, lines));
        }
    }

    // ---------------------------------------------------------------- shared

    private Report finish(Rows rows, List<Runnable> work, boolean onlyValid,
                          org.springframework.transaction.TransactionStatus status) {
        int valid = (int) rows.records.stream().filter(r -> rows.problems.stream()
                .noneMatch(p -> p.line() == r.getRecordNumber() + 1)).count();
        return finish(rows, work, onlyValid, status, valid);
    }

    private Report finish(Rows rows, List<Runnable> work, boolean onlyValid,
                          org.springframework.transaction.TransactionStatus status, int validRows) {
        if (!rows.problems.isEmpty() && (!onlyValid || rows.fatal)) {
            return new Report(rows.records.size(), 0, List.copyOf(rows.problems), false);
        }
        try {
            work.forEach(Runnable::run);
        } catch (RuleViolation e) {
            status.setRollbackOnly();
            List<Problem> problems = new ArrayList<>(rows.problems);
            problems.add(new Problem(0, e.field(), e.messageKey(), List.of(e.args())));
            return new Report(rows.records.size(), 0, problems, false);
        }
        return new Report(rows.records.size(), validRows, List.copyOf(rows.problems), true);
    }

    private Map<String, UUID> categoryPaths() {
        Map<String, UUID> paths = new LinkedHashMap<>();
        Map<UUID, String> byId = new HashMap<>();
        for (Categories.Node node : categories.tree()) {
            MenuCategory c = node.category();
            String path = c.getParentId() == null ? c.getName() : byId.get(c.getParentId()) + CATEGORY_SEPARATOR
                    + c.getName();
            byId.put(c.getId(), path);
            paths.put(path, c.getId());
        }
        return paths;
    }

    /**
     * The category at a path such as "Drinks > Coffee", created level by level where missing; {@code lowered} maps
     * the lower-cased paths known so far to their categories and learns the ones created.
     */
    private UUID category(String path, Map<String, UUID> lowered) {
        UUID parent = null;
        String sofar = null;
        for (String part : path.split(">")) {
            String name = part.trim();
            sofar = sofar == null ? name : sofar + CATEGORY_SEPARATOR + name;
            UUID found = lowered.get(sofar.toLowerCase(Locale.ROOT));
            parent = found != null ? found : categories.create(parent, name, null).getId();
            lowered.put(sofar.toLowerCase(Locale.ROOT), parent);
        }
        return parent;
    }

    private static String normalizePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split(">")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return String.join(CATEGORY_SEPARATOR, parts);
    }

    private static <T> Set<String> lower(List<T> things, Function<T, String> name) {
        Set<String> names = new HashSet<>();
        things.forEach(t -> names.add(name.apply(t).toLowerCase(Locale.ROOT)));
        return names;
    }

    private static <T, V> Map<String, V> index(List<T> things, Function<T, String> name, Function<T, V> value) {
        Map<String, V> map = new HashMap<>();
        things.forEach(t -> map.put(name.apply(t).toLowerCase(Locale.ROOT), value.apply(t)));
        return map;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String value(CSVRecord r, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String v = r.get(column).trim();
        return v.isEmpty() ? null : v;
    }

    private interface RecordWriter {
        void write(CSVPrinter printer) throws IOException;
    }

    private static String print(List<String> columns, RecordWriter writer) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get()
                .print(out)) {
            writer.write(printer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final class Rows {
        final List<CSVRecord> records = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        boolean fatal;
    }

    /** Reads the file; a missing required column or an unreadable file is a problem of line 1 that stops it. */
    private static Rows parse(String csv, List<String> required) {
        Rows rows = new Rows();
        String text = csv == null ? "" : csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        String header = text.lines().findFirst().orElse("");
        char delimiter = header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader()
                .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(text))) {
            Set<String> present = new HashSet<>();
            parser.getHeaderNames().forEach(h -> present.add(h.trim().toLowerCase(Locale.ROOT)));
            for (String column : required) {
                if (!present.contains(column)) {
                    rows.problems.add(new Problem(1, column, "import.missingColumn", List.of(column)));
                    rows.fatal = true;
                }
            }
            if (!rows.fatal) {
                parser.forEach(rows.records::add);
            }
        } catch (IOException | RuntimeException e) {
            rows.problems.add(new Problem(1, null, "import.unreadable", List.of()));
            rows.fatal = true;
        }
        return rows;
    }

    /** Checks of one row, each adding a problem and returning null when the value is bad. */
    private static final class Check {
        final long line;
        final List<Problem> problems;
        boolean failed;

        Check(long line, List<Problem> problems) {
            this.line = line;
            this.problems = problems;
        }

        void problem(String column, String key, Object... args) {
            problems.add(new Problem(line, column, key, List.of(args)));
            failed = true;
        }

        boolean ok() {
            return !failed;
        }

        String required(CSVRecord r, String column) {
            String v = value(r, column);
            if (v == null) {
                problem(column, "validation.required");
            } else if (v.length() > 200) {
                problem(column, "validation.tooLong", 200);
                return null;
            }
            return v;
        }

        Unit unit(CSVRecord r, String column) {
            String v = value(r, column);
            if (v == null) {
                problem(column, "validation.required");
                return null;
            }
            try {
                return Unit.parse(v);
            } catch (IllegalArgumentException e) {
                problem(column, "validation.unit");
                return null;
            }
        }

        MenuItem.Kind kind(CSVRecord r, String column) {
            String v = value(r, column);
            if (v == null) {
                problem(column, "validation.required");
                return null;
            }
            try {
                return MenuItem.Kind.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(column, "import.kindDishOrProduct");
                return null;
            }
        }

        /** A decimal with a point or a comma; {@code zeroAllowed} for money that may be 0. */
        BigDecimal decimal(CSVRecord r, String column, boolean required, boolean zeroAllowed) {
            String v = value(r, column);
            if (v == null) {
                if (required) {
                    problem(column, "validation.required");
                }
                return null;
            }
            BigDecimal d;
            try {
                d = new BigDecimal(v.replace(',', '.').replace(" ", ""));
            } catch (NumberFormatException e) {
                problem(column, "import.notANumber");
                return null;
            }
            if (d.signum() < 0 || (!zeroAllowed && d.signum() == 0)) {
                problem(column, zeroAllowed ? "validation.notNegative" : "validation.positive");
                return null;
            }
            if (d.compareTo(new BigDecimal("1000000000")) >= 0) {
                problem(column, "validation.tooLarge");
                return null;
            }
            return d;
        }

        Instant instant(CSVRecord r, String column) {
            String v = value(r, column);
            if (v == null) {
                return null;
            }
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException e2) {
                    problem(column, "import.notADate");
                    return null;
                }
            }
        }

        Map<String, BigDecimal> processing(CSVRecord r, String column) {
            Map<String, BigDecimal> methods = new LinkedHashMap<>();
            String v = value(r, column);
            if (v == null) {
                return methods;
            }
            for (String part : v.split("\\|")) {
                String[] nameAndLoss = part.split(":");
                try {
                    BigDecimal loss = new BigDecimal(nameAndLoss[1].trim().replace("%", "").replace(',', '.'));
                    if (nameAndLoss[0].isBlank() || loss.signum() < 0 || loss.compareTo(BigDecimal.valueOf(100)) >= 0) {
                        throw new NumberFormatException();
                    }
                    methods.put(nameAndLoss[0].trim(), loss);
                } catch (RuntimeException e) {
                    problem(column, "import.processingFormat");
                }
            }
            return methods;
        }
    }

    private static final class Card {
        final String key;
        final String name;
        final boolean dish;
        final BigDecimal yield;
        final Unit yieldUnit;
        final Instant validFrom;
        final long line;
        final List<CardLine> lines = new ArrayList<>();
        boolean failed;

        Card(String key, String name, boolean dish, BigDecimal yield, Unit yieldUnit, Instant validFrom, long line) {
            this.key = key;
            this.name = name;
            this.dish = dish;
            this.yield = yield;
            this.yieldUnit = yieldUnit;
            this.validFrom = validFrom;
            this.line = line;
        }
    }

    private record CardLine(TechCardLine.ComponentKind kind, UUID componentId, String componentKey,
                            BigDecimal quantity, Unit unit, boolean net, String processing) {
    }
}
