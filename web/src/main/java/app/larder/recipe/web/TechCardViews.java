package app.larder.recipe.web;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.recipe.Costing;
import app.larder.recipe.SemiFinishedProduct;
import app.larder.recipe.SemiFinishedProducts;
import app.larder.recipe.TechCard;
import app.larder.recipe.TechCard.ProductKind;
import app.larder.recipe.TechCardLine;
import app.larder.recipe.TechCardLine.ComponentKind;
import app.larder.recipe.TechCards;
import app.larder.shared.Money;
import app.larder.shared.Quantity;
import app.larder.shared.Unit;
import app.larder.stock.Ingredients;
import app.larder.stock.ProcessingMethod;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tech card part of a product's page, for a semi-finished product or a dish of the menu: a version priced as a
 * tree down through the semi-finished products it uses, its versions and cost history, and the form of a new version,
 * which has a fixed number of rows (blank ones are ignored) and is priced live as it is edited. The pages that show a
 * card call it; the templates are the fragments of {@code recipe/tech-card.html}.
 */
@Component
public class TechCardViews {

    /** Nested semi-finished products are shown this many levels deep; saving refuses loops, this guards the page. */
    static final int MAX_DEPTH = 6;
    static final int EMPTY_ROWS = 8;
    static final int HISTORY = 20;
    static final List<Unit> LINE_UNITS = List.of(Unit.G, Unit.KG, Unit.ML, Unit.L, Unit.PCS);
    private static final Pattern LINE_FIELD = Pattern.compile("lines\\[(\\d+)]\\.(\\w+)");

    private final TechCards techCards;
    private final SemiFinishedProducts semis;
    private final Ingredients ingredients;
    private final Costing costing;
    private final MessageSource messages;

    TechCardViews(TechCards techCards, SemiFinishedProducts semis, Ingredients ingredients, Costing costing,
                  MessageSource messages) {
        this.techCards = techCards;
        this.semis = semis;
        this.ingredients = ingredients;
        this.costing = costing;
        this.messages = messages;
    }

    /**
     * One row of the form. {@code component} is {@code INGREDIENT:<id>} or {@code SEMI:<id>}; {@code quantity} in
     * {@code unit}, gross unless {@code net}.
     */
    public record LineForm(String component, BigDecimal quantity, Unit unit, Boolean net, UUID processingMethodId) {

        static LineForm blank() {
            return new LineForm("", null, Unit.G, false, null);
        }

        boolean isBlank() {
            return (component == null || component.isBlank()) && quantity == null;
        }
    }

    /**
     * The form of a new version. {@code validFrom} as a datetime-local input gives it, in the business's time zone;
     * blank means now. A semi-finished product's card has a yield; a dish's makes one portion, of
     * {@code portionOutput} grams if given.
     */
    public record VersionForm(String validFrom, BigDecimal yieldQuantity, Unit yieldUnit, BigDecimal portionOutput,
                              @Size(max = 4000) String notes, List<LineForm> lines) {

        List<LineForm> rows() {
            return lines == null ? List.of() : lines;
        }
    }

    /**
     * A line as shown: quantities formatted in the component's base unit, money in the business's currency;
     * {@code lossPercent} null when nothing is lost.
     */
    public record Line(int depth, ComponentKind kind, UUID componentId, String name, Unit baseUnit, String gross,
                       String lossPercent, String net, Money unitCost, Money cost, boolean deeper) {

        public Unit stockUnit() {
            return baseUnit.dimension().stockUnit();
        }

        public boolean isSemi() {
            return kind == ComponentKind.SEMI;
        }
    }

    /**
     * A version priced: its lines (nested ones with depth above 0), the total, and the cost of one stock unit; for a
     * dish ({@code perPortion}) the total is the cost of a portion and there is no yield.
     */
    public record Costed(List<Line> lines, Money total, Money perUnit, Unit unit, String yield, boolean complete,
                         boolean perPortion) {

        public boolean nested() {
            return lines.stream().anyMatch(l -> l.depth() > 0);
        }
    }

    /** A component to choose in a row. */
    public record Option(String value, String name, Unit unit, boolean archived) {
    }

    /** A version as the service takes it, and the form row of each of its lines. */
    public record Draft(TechCards.NewVersion version, List<Integer> rows) {
    }

    /** A version in the list of versions. */
    public record Version(UUID id, Instant validFrom, Instant createdAt, int lines, boolean inForce, boolean upcoming,
                          boolean shown) {
    }

    /** A change of the product's cost price, and what caused it. */
    public record CostChange(Instant changedAt, Money before, Money after, String cause, String causeName) {
    }

    /**
     * Puts the tech card part of a product's page into the model: the version in force, or {@code version} if given
     * ({@code card}, {@code inForce}, {@code costed}), the {@code versions} and the cost {@code history}. A version
     * of another product is not found.
     *
     * @return the version shown, null when the product has no card yet
     */
    public TechCard showCard(UUID productId, UUID version, Model model, CurrentUser me) {
        Optional<TechCard> inForce = techCards.inForce(productId, Instant.now());
        TechCard shown = version == null ? inForce.orElse(null) : techCards.get(version);
        if (shown != null && !shown.getProductId().equals(productId)) {
            throw new NotFoundException("tech card", version);
        }
        model.addAttribute("card", shown);
        model.addAttribute("inForce", shown != null && inForce.isPresent() && inForce.get().getId()
                .equals(shown.getId()));
        model.addAttribute("costed", shown == null ? null : tree(shown, me));
        model.addAttribute("versions", versions(productId, inForce.orElse(null), shown));
        model.addAttribute("history", history(productId, me));
        return shown;
    }

    /** The latest changes of a product's cost price, newest first, for the {@code history} fragment. */
    public List<CostChange> history(UUID productId, CurrentUser me) {
        return costing.history(productId, HISTORY).stream()
                .map(c -> new CostChange(c.changedAt(), money(c.before(), me), money(c.after(), me), c.cause(),
                        c.causeName())).toList();
    }

    /**
     * Puts the form of a new version into the model, with what its rows offer: the form sent back with its errors if
     * the model has it already, else one filled from {@code from} (or empty) and priced.
     *
     * @param stockUnit what a semi-finished product is counted in; ignored for a dish
     */
    public void showForm(ProductKind kind, UUID productId, TechCard from, Unit stockUnit, Model model,
                         CurrentUser me) {
        VersionForm form;
        if (model.containsAttribute("versionForm")) {
            form = (VersionForm) model.getAttribute("versionForm");
        } else {
            form = form(kind, from, stockUnit, me);
            model.addAttribute("versionForm", form);
            price(kind, productId, form, false, model, me);
        }
        Set<UUID> used = used(form);
        List<Option> ingredientOptions = ingredientOptions(used);
        Set<UUID> known = new HashSet<>();
        ingredientOptions.forEach(o -> known.add(UUID.fromString(o.value().substring(o.value().indexOf(':') + 1))));
        model.addAttribute("ingredientOptions", ingredientOptions);
        model.addAttribute("semiOptions", semiOptions(productId, used));
        model.addAttribute("rowMethods", methodsByRow(form, known));
        model.addAttribute("lineUnits", LINE_UNITS);
    }

    /** A saved version, with the lines of the semi-finished products it uses nested below theirs. */
    Costed tree(TechCard card, CurrentUser me) {
        TechCards.Breakdown breakdown = techCards.breakdown(card);
        List<Line> lines = new ArrayList<>();
        Instant now = Instant.now();
        Map<UUID, Optional<Nested>> nested = new HashMap<>();
        addLines(lines, breakdown.lines(), BigDecimal.ONE, 0, Set.of(card.getProductId()), now, nested, me);
        return costed(card.getProductKind(), breakdown, lines, card.getYieldQuantity(), me);
    }

    /** A draft priced line by line, nothing nested: what the page shows as the form changes. */
    Costed flat(ProductKind kind, TechCards.Breakdown breakdown, BigDecimal yieldInBase, CurrentUser me) {
        List<Line> lines = breakdown.lines().stream()
                .map(l -> line(l, BigDecimal.ONE, 0, false, me)).toList();
        return costed(kind, breakdown, lines, yieldInBase, me);
    }

    private record Nested(TechCard card, TechCards.Breakdown breakdown) {
    }

    private void addLines(List<Line> into, List<TechCards.CostedLine> lines, BigDecimal share, int depth,
                          Set<UUID> path, Instant now, Map<UUID, Optional<Nested>> nested, CurrentUser me) {
        for (TechCards.CostedLine line : lines) {
            Optional<Nested> sub = line.kind() == ComponentKind.SEMI && !path.contains(line.componentId())
                    ? nested.computeIfAbsent(line.componentId(), id -> techCards.inForce(id, now)
                    .map(card -> new Nested(card, techCards.breakdown(card))))
                    : Optional.empty();
            boolean expand = sub.isPresent() && depth + 1 < MAX_DEPTH;
            into.add(line(line, share, depth, sub.isPresent() && !expand, me));
            if (expand) {
                // The part of the nested card this line takes: 300 g of a sauce whose card makes 1200 g is a quarter.
                BigDecimal part = share.multiply(line.gross()).divide(sub.get().card().getYieldQuantity(),
                        MathContext.DECIMAL64);
                Set<UUID> deeper = new HashSet<>(path);
                deeper.add(line.componentId());
                addLines(into, sub.get().breakdown().lines(), part, depth + 1, deeper, now, nested, me);
            }
        }
    }

    private static Line line(TechCards.CostedLine l, BigDecimal share, int depth, boolean deeper, CurrentUser me) {
        return new Line(depth, l.kind(), l.componentId(), l.componentName(), l.baseUnit(),
                number(l.gross().multiply(share)), l.lossPercent().signum() == 0 ? null : number(l.lossPercent()),
                number(l.net().multiply(share)),
                money(l.unitCost(), me), l.cost() == null ? null : money(l.cost().multiply(share), me), deeper);
    }

    private static Costed costed(ProductKind kind, TechCards.Breakdown b, List<Line> lines, BigDecimal yieldInBase,
                                 CurrentUser me) {
        Unit unit = b.unit();
        boolean portion = kind == ProductKind.DISH;
        String yield = portion || yieldInBase == null ? null
                : number(yieldInBase.divide(unit.baseUnits(), MathContext.DECIMAL64));
        return new Costed(lines, money(b.total(), me), money(b.perUnit(), me), unit, yield, b.complete(), portion);
    }

    /** The form for a new version, filled from a saved one (or empty), with blank rows to add lines. */
    VersionForm form(ProductKind kind, TechCard card, Unit stockUnit, CurrentUser me) {
        String now = LocalDateTime.now(me.timezone()).truncatedTo(ChronoUnit.MINUTES).toString();
        List<LineForm> rows = new ArrayList<>();
        boolean semi = kind == ProductKind.SEMI;
        BigDecimal yield = semi ? BigDecimal.ONE : null;
        BigDecimal portionOutput = null;
        if (card != null) {
            TechCards.Breakdown b = techCards.breakdown(card);
            List<TechCardLine> lines = card.getLines();
            for (int i = 0; i < lines.size(); i++) {
                rows.add(row(lines.get(i), b.lines().get(i).baseUnit()));
            }
            if (semi) {
                yield = card.getYieldQuantity().divide(stockUnit.baseUnits(), MathContext.DECIMAL64);
            }
            portionOutput = card.getPortionOutput();
        }
        for (int i = 0; i < EMPTY_ROWS; i++) {
            rows.add(LineForm.blank());
        }
        return new VersionForm(now, plain(yield), semi ? stockUnit : null, plain(portionOutput),
                card == null ? "" : card.getNotes(), rows);
    }

    /** A saved line as a row: the gross in the unit it was entered in where that converts exactly. */
    private static LineForm row(TechCardLine line, Unit baseUnit) {
        Unit entered = line.getEnteredUnit();
        Unit unit = entered != null && entered.dimension() == baseUnit.dimension() ? entered : baseUnit;
        BigDecimal quantity = line.getGrossQuantity().divide(unit.baseUnits(), MathContext.DECIMAL64);
        return new LineForm(line.getComponentKind() + ":" + line.getComponentId(), plain(quantity), unit, false,
                line.getProcessingMethodId());
    }

    /** The form as a new version; a date that cannot be read goes onto the form and gives nothing. */
    public Optional<Draft> draft(VersionForm form, CurrentUser me, BindingResult result) {
        Instant validFrom = null;
        if (form.validFrom() != null && !form.validFrom().isBlank()) {
            try {
                LocalDateTime entered = LocalDateTime.parse(form.validFrom().trim());
                // The form offers the current minute; taken as it stands, it means now, to the instant, so a version
                // saved a few seconds earlier does not stay in force.
                boolean thisMinute = entered.truncatedTo(ChronoUnit.MINUTES)
                        .equals(LocalDateTime.now(me.timezone()).truncatedTo(ChronoUnit.MINUTES));
                validFrom = thisMinute ? null : entered.atZone(me.timezone()).toInstant();
            } catch (DateTimeParseException e) {
                result.rejectValue("validFrom", "validation.dateTime", "validation.dateTime");
                return Optional.empty();
            }
        }
        List<TechCards.LineInput> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<LineForm> all = form.rows();
        for (int i = 0; i < all.size(); i++) {
            LineForm row = all.get(i);
            if (row == null || row.isBlank()) {
                continue;
            }
            ComponentKind kind = null;
            UUID id = null;
            String component = row.component() == null ? "" : row.component().trim();
            int colon = component.indexOf(':');
            if (colon > 0) {
                try {
                    kind = ComponentKind.valueOf(component.substring(0, colon));
                    id = UUID.fromString(component.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    kind = null;
                    id = null;
                }
            }
            lines.add(new TechCards.LineInput(kind, id, row.quantity(), row.unit(), Boolean.TRUE.equals(row.net()),
                    kind == ComponentKind.INGREDIENT ? row.processingMethodId() : null));
            rows.add(i);
        }
        return Optional.of(new Draft(new TechCards.NewVersion(validFrom, form.yieldQuantity(), form.yieldUnit(),
                form.portionOutput(), form.notes(), lines), rows));
    }

    /** Puts a rule the service refused under the row and input it is about: lines[2].quantity of the draft. */
    public static void reject(BindingResult result, RuleViolation e, Draft draft) {
        Matcher m = e.field() == null ? null : LINE_FIELD.matcher(e.field());
        if (m != null && m.matches() && Integer.parseInt(m.group(1)) < draft.rows().size()) {
            String property = switch (m.group(2)) {
                case "kind", "componentId" -> "component";
                default -> m.group(2);
            };
            result.rejectValue("lines[" + draft.rows().get(Integer.parseInt(m.group(1))) + "]." + property,
                    e.messageKey(), e.args(), e.messageKey());
        } else {
            Forms.reject(result, e);
        }
    }

    /** The form row a violation of the draft is about, counted from 1 for people, or null. */
    static Integer rowOf(RuleViolation e, Draft draft) {
        Matcher m = e.field() == null ? null : LINE_FIELD.matcher(e.field());
        if (m != null && m.matches() && Integer.parseInt(m.group(1)) < draft.rows().size()) {
            return draft.rows().get(Integer.parseInt(m.group(1))) + 1;
        }
        return null;
    }

    /**
     * Prices the form into the model as {@code preview}, says there is nothing to price yet with
     * {@code previewEmpty}, or says why it cannot as {@code previewError}. Nothing is saved.
     *
     * @param unreadable whether a number of the form could not even be read
     */
    public void price(ProductKind kind, UUID productId, VersionForm form, boolean unreadable, Model model,
                      CurrentUser me) {
        if (unreadable || form == null) {
            model.addAttribute("previewError", message("techCard.previewUnreadable"));
            return;
        }
        boolean semi = kind == ProductKind.SEMI;
        if (semi && (form.yieldQuantity() == null || form.yieldQuantity().signum() <= 0)) {
            model.addAttribute("previewError", message("techCard.yieldPositive"));
            return;
        }
        BindingResult scratch = new BeanPropertyBindingResult(form, "versionForm");
        Optional<Draft> draft = draft(form, me, scratch);
        if (draft.isEmpty()) {
            model.addAttribute("previewError", message("validation.dateTime"));
            return;
        }
        if (draft.get().version().lines().isEmpty()) {
            model.addAttribute("previewEmpty", true);
            return;
        }
        try {
            TechCards.Breakdown breakdown = techCards.preview(kind, productId, draft.get().version());
            BigDecimal yield = null;
            if (semi) {
                SemiFinishedProduct product = semis.get(productId);
                Unit yieldUnit = form.yieldUnit() == null ? product.getStockUnit() : form.yieldUnit();
                yield = new Quantity(form.yieldQuantity(), yieldUnit).inBaseOf(product.getDimension(),
                        product.getPieceSize());
            }
            model.addAttribute("preview", flat(kind, breakdown, yield, me));
        } catch (RuleViolation e) {
            String text = messages.getMessage(e.messageKey(), e.args(), e.messageKey(),
                    LocaleContextHolder.getLocale());
            Integer row = rowOf(e, draft.get());
            model.addAttribute("previewError", row == null ? text : message("techCard.previewLine", row, text));
        } catch (Quantity.IncompatibleUnits e) {
            // Only a semi-finished product's yield converts here: lines that do not are refused above, by row.
            SemiFinishedProduct product = semis.get(productId);
            model.addAttribute("previewError", message("techCard.incompatibleUnit", product.getName(),
                    product.getDimension().base().symbol()));
        }
    }

    /**
     * When a value could not be converted, Spring builds the form with a null in its place but leaves the model's
     * attribute empty; puts the form back with its errors, so the page shows what was typed and what is wrong.
     */
    public static BindingResult keepOnPage(VersionForm form, BindingResult result, Model model) {
        if (model.getAttribute("versionForm") != null) {
            return result;
        }
        BindingResult kept = new BeanPropertyBindingResult(form, "versionForm");
        for (FieldError e : result.getFieldErrors()) {
            kept.addError(new FieldError("versionForm", e.getField(), e.getRejectedValue(), e.isBindingFailure(),
                    e.getCodes(), e.getArguments(), e.getDefaultMessage()));
        }
        result.getGlobalErrors().forEach(kept::addError);
        model.addAttribute("versionForm", form);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "versionForm", kept);
        return kept;
    }

    /** Whether a value sent could not even be converted (a number that is not one), rather than breaking a rule. */
    public static boolean unreadable(BindingResult result) {
        return result.getFieldErrors().stream().anyMatch(FieldError::isBindingFailure);
    }

    private List<Version> versions(UUID productId, TechCard inForce, TechCard shown) {
        Instant now = Instant.now();
        List<Version> versions = new ArrayList<>();
        for (TechCard card : techCards.versions(productId)) {
            versions.add(new Version(card.getId(), card.getValidFrom(), card.getCreatedAt(), card.getLines().size(),
                    inForce != null && inForce.getId().equals(card.getId()), card.getValidFrom().isAfter(now),
                    shown != null && shown.getId().equals(card.getId())));
        }
        return versions;
    }

    /** Ingredients to choose from: the active ones, and archived ones the form already uses. */
    List<Option> ingredientOptions(Set<UUID> used) {
        return ingredients.all().stream()
                .filter(i -> !i.isArchived() || used.contains(i.getId()))
                .map(i -> new Option(ComponentKind.INGREDIENT + ":" + i.getId(), i.getName(), i.getStockUnit(),
                        i.isArchived()))
                .toList();
    }

    /** Semi-finished products to choose from, except the one the card is for. */
    List<Option> semiOptions(UUID productId, Set<UUID> used) {
        return semis.all().stream()
                .filter(p -> !p.getId().equals(productId) && (!p.isArchived() || used.contains(p.getId())))
                .map(p -> new Option(ComponentKind.SEMI + ":" + p.getId(), p.getName(), p.getStockUnit(),
                        p.isArchived()))
                .toList();
    }

    /** The components the rows name, by id. */
    static Set<UUID> used(VersionForm form) {
        Set<UUID> ids = new HashSet<>();
        for (LineForm row : form.rows()) {
            UUID id = row == null ? null : ingredientOrSemi(row.component());
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The processing methods each row may choose: those of its ingredient, if it has one among {@code known}
     * (ingredient ids offered by the page, so nothing else is looked up).
     */
    List<List<ProcessingMethod>> methodsByRow(VersionForm form, Set<UUID> known) {
        Map<UUID, List<ProcessingMethod>> byIngredient = new HashMap<>();
        List<List<ProcessingMethod>> result = new ArrayList<>();
        for (LineForm row : form.rows()) {
            UUID id = row == null ? null : ingredientOf(row.component());
            result.add(id != null && known.contains(id)
                    ? byIngredient.computeIfAbsent(id, ingredients::methodsOf) : List.of());
        }
        return result;
    }

    /** The methods of the ingredient a component value names, for one row that has just changed. */
    List<ProcessingMethod> methodsOf(String component) {
        UUID id = ingredientOf(component);
        if (id == null || ingredients.items(Set.of(id)).isEmpty()) {
            return List.of();
        }
        return ingredients.methodsOf(id);
    }

    private static UUID ingredientOf(String component) {
        return component != null && component.startsWith(ComponentKind.INGREDIENT + ":")
                ? ingredientOrSemi(component) : null;
    }

    private static UUID ingredientOrSemi(String component) {
        if (component == null || component.indexOf(':') < 0) {
            return null;
        }
        try {
            return UUID.fromString(component.substring(component.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** An amount in the signed-in business's currency, or null. */
    public static Money money(BigDecimal amount, CurrentUser me) {
        return amount == null ? null : new Money(amount, me.currency());
    }

    /** A quantity as the page's language writes it, to three decimals at most: 1,500 or 0.125. */
    static String number(BigDecimal value) {
        if (value == null) {
            return null;
        }
        NumberFormat format = NumberFormat.getNumberInstance(LocaleContextHolder.getLocale());
        format.setMaximumFractionDigits(3);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    /** As a person would type it: 1.2 rather than 1.200000, and never 1E+3. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
