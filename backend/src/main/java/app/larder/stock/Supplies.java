package app.larder.stock;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.platform.tenancy.TenantContext;
import app.larder.shared.Unit;
import app.larder.stock.StockLedger.Entry;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Posting;
import app.larder.stock.Supply.Status;
import app.larder.stock.SupplyLine.LineUnit;
import app.larder.stock.SupplyLine.PricedBy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Root;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Supplies: deliveries from suppliers into storages. A draft moves nothing. Posting books one SUPPLY movement per
 * line into the stock ledger, valued at the line's total; editing a posted supply reverses its movements and posts
 * them again under the same id; cancelling reverses them. After each of these the unit costs of the items follow
 * their stock ({@link Ingredients#followStock}), and with them the cost prices of tech cards.
 * <p>
 * A line's quantity is entered in a unit of the ingredient's dimension or in its purchase unit, and converted
 * exactly into base units. Its price per that unit or its total is entered; the other is worked out: total = price
 * × quantity rounded to 6 decimals half-even (the ledger's scale), or price = total ÷ quantity rounded to 10
 * decimals half-even. The total includes VAT; the VAT inside it is total × rate ÷ (100 + rate), 6 decimals
 * half-even; the stock value is the whole total.
 */
@Service
public class Supplies {

    public static final String DOCUMENT_KIND = "SUPPLY";
    static final int TOTAL_SCALE = StockLedger.VALUE_SCALE;
    static final int PRICE_SCALE = 10;
    static final BigDecimal MAX_MONEY = new BigDecimal("1000000000000");
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final SupplyRepository supplies;
    private final Suppliers.SupplierRepository suppliers;
    private final Storages storages;
    private final Venues venues;
    private final Ingredients ingredients;
    private final StockLedger ledger;
    private final SupplyPrices prices;
    private final SupplySettingsService settings;
    private final AuditLog audit;
    private final EntityManager entityManager;

    Supplies(SupplyRepository supplies, Suppliers.SupplierRepository suppliers, Storages storages, Venues venues,
             Ingredients ingredients, StockLedger ledger, SupplyPrices prices, SupplySettingsService settings,
             AuditLog audit, EntityManager entityManager) {
        this.supplies = supplies;
        this.suppliers = suppliers;
        this.storages = storages;
        this.venues = venues;
        this.ingredients = ingredients;
        this.ledger = ledger;
        this.prices = prices;
        this.settings = settings;
        this.audit = audit;
        this.entityManager = entityManager;
    }

    /**
     * A line as entered. {@code unit}: g, kg, ml, l, pcs or {@code purchase} (the ingredient's purchase unit); blank
     * means the base unit (g, ml, pcs). Exactly one of {@code price} (per that unit) and {@code total}.
     * {@code vatRate} in percent, optional, included in the price.
     */
    public record LineInput(UUID ingredientId, BigDecimal quantity, String unit, BigDecimal price, BigDecimal total,
                            BigDecimal vatRate) {
    }

    /**
     * A supply as entered. The moment is {@code suppliedAt}, or {@code localSuppliedAt} read in the time zone of the
     * storage's venue. {@code amountPaid}, if given, is what was paid; else {@code paid} means paid in full.
     */
    public record SupplyInput(Instant suppliedAt, LocalDateTime localSuppliedAt, UUID storageId, UUID supplierId,
                              String invoiceNumber, String comment, Boolean paid, BigDecimal amountPaid,
                              List<LineInput> lines) {
    }

    /** Filters of the list; each optional. {@code from} inclusive, {@code to} exclusive. */
    public record SupplyQuery(Instant from, Instant to, UUID storageId, UUID supplierId, Status status, Boolean paid,
                              String invoice) {
    }

    /** Sums over every supply a query finds (not only the page shown). */
    public record Totals(long count, BigDecimal total, BigDecimal vat, BigDecimal paid, BigDecimal payable) {
    }

    /**
     * A line as shown: its price per stock unit, the last price it is compared with (the supplier's, else any
     * supplier's, before this supply) and how far it is from it, in percent with one decimal; {@code deviates} when
     * that is more than the business's threshold.
     */
    public record LineView(SupplyLine line, String ingredientName, Unit stockUnit, String purchaseUnitName,
                           BigDecimal pricePerStockUnit, BigDecimal lastPrice, BigDecimal deviationPercent,
                           boolean deviates) {
    }

    /** A supply with what its page and the API show besides it. */
    public record SupplyView(Supply supply, String storageName, String supplierName, ZoneId zone,
                             List<LineView> lines, BigDecimal threshold) {

        public LocalDateTime localSuppliedAt() {
            return LocalDateTime.ofInstant(supply.getSuppliedAt(), zone);
        }
    }

    /** Lines priced without saving anything: what an editor shows as it is typed. */
    public record Preview(List<SupplyLine> lines, BigDecimal total, BigDecimal vatTotal) {
    }

    @Transactional(readOnly = true)
    public Page<Supply> search(SupplyQuery query, Pageable page) {
        return supplies.findAll(spec(query), page);
    }

    @Transactional(readOnly = true)
    public Totals totals(SupplyQuery query) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
        Root<Supply> r = q.from(Supply.class);
        Expression<BigDecimal> total = r.get("total");
        Expression<BigDecimal> paid = r.get("amountPaid");
        Expression<BigDecimal> payable = cb.<BigDecimal>selectCase()
                .when(cb.equal(r.get("status"), Status.POSTED), cb.diff(total, paid))
                .otherwise(cb.literal(BigDecimal.ZERO));
        q.multiselect(cb.count(r), cb.sum(total), cb.sum(r.<BigDecimal>get("vatTotal")), cb.sum(paid),
                cb.sum(payable));
        q.where(spec(query).toPredicate(r, q, cb));
        Object[] row = entityManager.createQuery(q).getSingleResult();
        return new Totals((Long) row[0], orZero(row[1]), orZero(row[2]), orZero(row[3]), orZero(row[4]));
    }

    /** The latest supplies of a supplier, newest first. */
    @Transactional(readOnly = true)
    public Page<Supply> ofSupplier(UUID supplierId, Pageable page) {
        return search(new SupplyQuery(null, null, null, supplierId, null, null, null), page);
    }

    @Transactional(readOnly = true)
    public SupplyView get(UUID id) {
        return view(find(id));
    }

    /** The time zone a supply into this storage is entered in: its venue's. Unknown storages are not found. */
    @Transactional(readOnly = true)
    public ZoneId zoneOf(UUID storageId) {
        return venues.get(storages.get(storageId).getVenueId()).getTimezone();
    }

    /** Prices lines as they would be saved, without saving; a line that breaks a rule is refused by its index. */
    @Transactional(readOnly = true)
    public Preview preview(List<LineInput> lines) {
        List<SupplyLine> priced = priced(lines == null ? List.of() : lines);
        return new Preview(priced, sum(priced, SupplyLine::getTotal), sum(priced, SupplyLine::getVatAmount));
    }

    /** Saves a new supply as a draft, or posts it at once. */
    @Transactional
    public Supply create(SupplyInput input, boolean post) {
        Supply supply = new Supply(Ids.next());
        Storage storage = describe(supply, input);
        supplies.save(supply);
        audit.record("created", "supply", supply.getId(), summary("Supply", supply, storage));
        if (post) {
            post(supply, storage);
        }
        return supply;
    }

    /**
     * Changes a draft or a posted supply (a posted one is reversed and posted again, in one transaction), and posts
     * a draft if {@code post}. {@code expectedVersion}, when given, is the version the person edited: a supply saved
     * by someone else in between is refused as a concurrent edit.
     */
    @Transactional
    public Supply change(UUID id, Long expectedVersion, SupplyInput input, boolean post) {
        Supply supply = locked(id, expectedVersion);
        if (supply.getStatus() == Status.CANCELLED) {
            throw new RuleViolation(null, "supply.cancelledReadOnly");
        }
        Set<UUID> before = items(supply);
        Storage storage = describe(supply, input);
        audit.record("updated", "supply", id, summary("Supply", supply, storage));
        if (supply.getStatus() == Status.POSTED) {
            ledger.reverse(id);
            ledger.post(posting(supply));
            Set<UUID> touched = new LinkedHashSet<>(before);
            touched.addAll(items(supply));
            followStock(touched);
        } else if (post) {
            post(supply, storage);
        }
        return supply;
    }

    /** Posts a draft into the stock ledger. Posting twice is refused. */
    @Transactional
    public Supply post(UUID id, Long expectedVersion) {
        Supply supply = locked(id, expectedVersion);
        switch (supply.getStatus()) {
            case POSTED -> throw new RuleViolation(null, "supply.alreadyPosted");
            case CANCELLED -> throw new RuleViolation(null, "supply.cancelledReadOnly");
            default -> post(supply, storages.get(supply.getStorageId()));
        }
        return supply;
    }

    /**
     * Cancels a supply: a posted one's movements are reversed, as if it had never been posted, and the later
     * movements set right; a draft is simply cancelled. Cancelling twice is refused.
     */
    @Transactional
    public Supply cancel(UUID id, Long expectedVersion) {
        Supply supply = locked(id, expectedVersion);
        Status was = supply.getStatus();
        if (was == Status.CANCELLED) {
            throw new RuleViolation(null, "supply.alreadyCancelled");
        }
        // Money paid for goods that are then sent back is owed by the supplier now: nothing here could say where it
        // went, so the payments are taken back first (in finance, or by editing what was paid).
        if (was == Status.POSTED && supply.getAmountPaid() != null && supply.getAmountPaid().signum() > 0) {
            throw new RuleViolation(null, "supply.paidCannotBeCancelled", supply.getAmountPaid().stripTrailingZeros()
                    .toPlainString());
        }
        supply.cancelled();
        supplies.flush();
        if (was == Status.POSTED) {
            ledger.reverse(id);
            followStock(items(supply));
        }
        audit.record("cancelled", "supply", id, summary("Supply", supply, null) + " cancelled");
        return supply;
    }

    private void post(Supply supply, Storage storage) {
        if (supply.getLines().isEmpty()) {
            throw new RuleViolation("lines", "stock.noLines");
        }
        supply.posted();
        supplies.flush();
        ledger.post(posting(supply));
        followStock(items(supply));
        audit.record("posted", "supply", supply.getId(), summary("Supply", supply, storage) + " posted");
    }

    private Posting posting(Supply supply) {
        List<Entry> entries = supply.getLines().stream().map(l -> Entry.in(Kind.SUPPLY, supply.getStorageId(),
                l.getIngredientId(), l.getBaseQuantity(), l.getTotal())).toList();
        return new Posting(DOCUMENT_KIND, supply.getId(), supply.getSuppliedAt(), entries);
    }

    private void followStock(Collection<UUID> items) {
        supplies.flush();
        Map<UUID, BigDecimal> latest = new HashMap<>();
        prices.latest(items).forEach((item, price) -> latest.put(item, price.pricePerStockUnit()));
        ingredients.followStock(items, ledger.currentLevels(items), latest, "supply");
    }

    private static Set<UUID> items(Supply supply) {
        return supply.getLines().stream().map(SupplyLine::getIngredientId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Checks the input and puts it onto the supply: every field, and each line by its index. */
    private Storage describe(Supply supply, SupplyInput input) {
        Storage storage = storage(input.storageId());
        if (input.supplierId() == null) {
            throw new RuleViolation("supplierId", "validation.required");
        }
        Supplier supplier = suppliers.findById(input.supplierId())
                .orElseThrow(() -> new RuleViolation("supplierId", "supply.unknownSupplier"));
        Instant moment = input.suppliedAt();
        if (moment == null && input.localSuppliedAt() != null) {
            moment = input.localSuppliedAt().atZone(venues.get(storage.getVenueId()).getTimezone()).toInstant();
        }
        if (moment == null) {
            throw new RuleViolation("suppliedAt", "validation.required");
        }
        List<SupplyLine> lines = priced(input.lines() == null ? List.of() : input.lines());
        if (lines.isEmpty()) {
            throw new RuleViolation("lines", "stock.noLines");
        }
        BigDecimal total = sum(lines, SupplyLine::getTotal);
        // An edit that says nothing of payment keeps what was paid (finance may have paid part of it since).
        BigDecimal amountPaid = input.amountPaid() != null ? input.amountPaid()
                : input.paid() != null ? (input.paid() ? total : BigDecimal.ZERO)
                : supply.getAmountPaid() != null ? supply.getAmountPaid() : BigDecimal.ZERO;
        if (amountPaid.signum() < 0) {
            throw new RuleViolation("amountPaid", "validation.notNegative");
        }
        if (amountPaid.compareTo(total) > 0) {
            throw new RuleViolation("amountPaid", "supply.overpaid");
        }
        supply.describe(moment, storage.getId(), supplier.getId(), text("invoiceNumber", input.invoiceNumber(), 100),
                text("comment", input.comment(), 4000), lines,
                amountPaid.setScale(TOTAL_SCALE, RoundingMode.HALF_EVEN));
        return storage;
    }

    private Storage storage(UUID storageId) {
        if (storageId == null) {
            throw new RuleViolation("storageId", "validation.required");
        }
        try {
            return storages.get(storageId);
        } catch (NotFoundException e) {
            throw new RuleViolation("storageId", "supply.unknownStorage");
        }
    }

    /** Each line checked and priced; a rule broken is reported under {@code lines[i].field}. */
    private List<SupplyLine> priced(List<LineInput> inputs) {
        Set<UUID> ids = inputs.stream().filter(l -> l != null && l.ingredientId() != null)
                .map(LineInput::ingredientId).collect(Collectors.toSet());
        Map<UUID, Ingredient> known = new HashMap<>();
        if (!ids.isEmpty()) {
            ingredients.items(ids).keySet().forEach(id -> known.put(id, ingredients.get(id).ingredient()));
        }
        List<SupplyLine> lines = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            LineInput in = inputs.get(i);
            String at = "lines[" + i + "].";
            if (in == null || in.ingredientId() == null) {
                throw new RuleViolation(at + "ingredientId", "validation.required");
            }
            Ingredient ingredient = known.get(in.ingredientId());
            if (ingredient == null) {
                throw new RuleViolation(at + "ingredientId", "supply.unknownIngredient");
            }
            BigDecimal quantity = in.quantity();
            if (quantity == null) {
                throw new RuleViolation(at + "quantity", "validation.required");
            }
            if (quantity.signum() <= 0) {
                throw new RuleViolation(at + "quantity", "validation.positive");
            }
            LineUnit unit = unit(at, in.unit(), ingredient);
            BigDecimal perUnit = unit == LineUnit.PURCHASE ? ingredient.getPurchaseUnitSize()
                    : Unit.valueOf(unit.name()).baseUnits();
            BigDecimal base = quantity.multiply(perUnit);
            if (base.compareTo(StockLedger.MAX_QUANTITY) >= 0) {
                throw new RuleViolation(at + "quantity", "validation.tooLarge");
            }
            if (quantity.stripTrailingZeros().scale() > 6 || base.stripTrailingZeros().scale() > 6) {
                throw new RuleViolation(at + "quantity", "supply.quantityPrecision",
                        ingredient.getDimension().base().symbol());
            }
            if (in.price() == null && in.total() == null) {
                throw new RuleViolation(at + "price", "supply.priceOrTotal");
            }
            if (in.price() != null && in.total() != null) {
                throw new RuleViolation(at + "total", "supply.priceOrTotal");
            }
            PricedBy pricedBy = in.price() != null ? PricedBy.PRICE : PricedBy.TOTAL;
            String amountField = at + (pricedBy == PricedBy.PRICE ? "price" : "total");
            BigDecimal amount = pricedBy == PricedBy.PRICE ? in.price() : in.total();
            if (amount.signum() < 0) {
                throw new RuleViolation(amountField, "validation.notNegative");
            }
            if (amount.compareTo(MAX_MONEY) >= 0) {
                throw new RuleViolation(amountField, "validation.tooLarge");
            }
            BigDecimal price;
            BigDecimal total;
            if (pricedBy == PricedBy.PRICE) {
                price = amount.stripTrailingZeros().scale() > PRICE_SCALE
                        ? amount.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN) : amount;
                total = price.multiply(quantity).setScale(TOTAL_SCALE, RoundingMode.HALF_EVEN);
                if (total.compareTo(MAX_MONEY) >= 0) {
                    throw new RuleViolation(amountField, "validation.tooLarge");
                }
            } else {
                total = amount.setScale(TOTAL_SCALE, RoundingMode.HALF_EVEN);
                price = total.divide(quantity, MathContext.DECIMAL128).setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
            }
            BigDecimal rate = in.vatRate();
            BigDecimal vat = BigDecimal.ZERO;
            if (rate != null) {
                if (rate.signum() < 0 || rate.compareTo(HUNDRED) >= 0 || rate.stripTrailingZeros().scale() > 2) {
                    throw new RuleViolation(at + "vatRate", "supply.vatRange");
                }
                vat = total.multiply(rate).divide(HUNDRED.add(rate), MathContext.DECIMAL128)
                        .setScale(TOTAL_SCALE, RoundingMode.HALF_EVEN);
            }
            lines.add(new SupplyLine(ingredient.getId(), quantity, unit, base, pricedBy, price, total, rate, vat));
        }
        return lines;
    }

    private static LineUnit unit(String at, String symbol, Ingredient ingredient) {
        if (symbol == null || symbol.isBlank()) {
            return LineUnit.valueOf(ingredient.getDimension().base().name());
        }
        LineUnit unit;
        try {
            unit = LineUnit.valueOf(symbol.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleViolation(at + "unit", "supply.lineUnit");
        }
        if (unit == LineUnit.PURCHASE) {
            if (ingredient.getPurchaseUnitSize() == null) {
                throw new RuleViolation(at + "unit", "supply.noPurchaseUnit", ingredient.getName());
            }
        } else if (Unit.valueOf(unit.name()).dimension() != ingredient.getDimension()) {
            throw new RuleViolation(at + "unit", "supply.unitDimension", ingredient.getName(),
                    ingredient.getStockUnit().symbol());
        }
        return unit;
    }

    private SupplyView view(Supply supply) {
        Storage storage = storages.get(supply.getStorageId());
        ZoneId zone = venues.get(storage.getVenueId()).getTimezone();
        String supplierName = suppliers.findById(supply.getSupplierId()).map(Supplier::getName).orElse("");
        List<SupplyLine> lines = supply.getLines();
        Set<UUID> ids = lines.stream().map(SupplyLine::getIngredientId).collect(Collectors.toSet());
        Map<UUID, Ingredient> byId = new HashMap<>();
        ids.forEach(id -> byId.put(id, ingredients.get(id).ingredient()));
        Map<UUID, SupplyPrices.LastPrice> ofSupplier = prices.before(ids, supply.getSupplierId(),
                supply.getSuppliedAt(), supply.getId());
        Map<UUID, SupplyPrices.LastPrice> ofAnyone = prices.before(ids, null, supply.getSuppliedAt(), supply.getId());
        BigDecimal threshold = settings.priceDeviationThreshold();
        List<LineView> views = new ArrayList<>();
        for (SupplyLine line : lines) {
            Ingredient ingredient = byId.get(line.getIngredientId());
            BigDecimal price = SupplyPrices.perStockUnit(line.getTotal(), line.getBaseQuantity(),
                    ingredient.getDimension());
            SupplyPrices.LastPrice last = Optional.ofNullable(ofSupplier.get(line.getIngredientId()))
                    .orElse(ofAnyone.get(line.getIngredientId()));
            BigDecimal lastPrice = last == null ? null : last.pricePerStockUnit();
            BigDecimal deviation = null;
            boolean deviates = false;
            if (lastPrice != null && lastPrice.signum() > 0) {
                BigDecimal exact = price.subtract(lastPrice).multiply(HUNDRED).divide(lastPrice,
                        MathContext.DECIMAL128);
                deviation = exact.setScale(1, RoundingMode.HALF_UP);
                deviates = exact.abs().compareTo(threshold) > 0;
            }
            views.add(new LineView(line, ingredient.getName(), ingredient.getStockUnit(),
                    ingredient.getPurchaseUnitName(), price, lastPrice, deviation, deviates));
        }
        return new SupplyView(supply, storage.getName(), supplierName, zone, views, threshold);
    }

    private Supply find(UUID id) {
        Supply supply = supplies.findById(id).orElseThrow(() -> new NotFoundException("supply", id));
        visible(supply);
        return supply;
    }

    /** The supply, locked against concurrent posting and cancelling, at the version the person saw. */
    private Supply locked(UUID id, Long expectedVersion) {
        Supply supply = supplies.lockById(id).orElseThrow(() -> new NotFoundException("supply", id));
        visible(supply);
        if (expectedVersion != null && !expectedVersion.equals(supply.getVersion())) {
            throw new ObjectOptimisticLockingFailureException(Supply.class, id);
        }
        return supply;
    }

    /** A supply into a storage of a venue the user may not see is not found, like one that does not exist. */
    private void visible(Supply supply) {
        try {
            storages.get(supply.getStorageId());
        } catch (NotFoundException e) {
            throw new NotFoundException("supply", supply.getId());
        }
    }

    private Specification<Supply> spec(SupplyQuery query) {
        Specification<Supply> spec = (r, q, cb) -> cb.conjunction();
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            Set<UUID> visible = storages.search(new Storages.StorageQuery(null, null, true), Pageable.unpaged())
                    .map(Storage::getId).toSet();
            spec = spec.and((r, q, cb) -> visible.isEmpty() ? cb.disjunction() : r.get("storageId").in(visible));
        }
        if (query.from() != null) {
            spec = spec.and((r, q, cb) -> cb.greaterThanOrEqualTo(r.get("suppliedAt"), query.from()));
        }
        if (query.to() != null) {
            spec = spec.and((r, q, cb) -> cb.lessThan(r.get("suppliedAt"), query.to()));
        }
        if (query.storageId() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("storageId"), query.storageId()));
        }
        if (query.supplierId() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("supplierId"), query.supplierId()));
        }
        if (query.status() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("status"), query.status()));
        }
        if (query.paid() != null) {
            spec = spec.and((r, q, cb) -> cb.equal(r.get("paid"), query.paid()));
        }
        if (query.invoice() != null && !query.invoice().isBlank()) {
            String like = "%" + query.invoice().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            spec = spec.and((r, q, cb) -> cb.like(cb.lower(r.get("invoiceNumber")), like, '\\'));
        }
        return spec;
    }

    private String summary(String what, Supply supply, Storage storage) {
        return what + (supply.getInvoiceNumber() == null ? "" : " \"" + supply.getInvoiceNumber() + "\"")
                + (storage == null ? "" : " into \"" + storage.getName() + "\"") + ", total "
                + supply.getTotal().stripTrailingZeros().toPlainString();
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new RuleViolation(field, "validation.tooLong", max);
        }
        return trimmed;
    }

    private static BigDecimal sum(List<SupplyLine> lines, java.util.function.Function<SupplyLine, BigDecimal> f) {
        return lines.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal orZero(Object value) {
        return value == null ? BigDecimal.ZERO : (BigDecimal) value;
    }

    interface SupplyRepository extends JpaRepository<Supply, UUID>, JpaSpecificationExecutor<Supply> {
        @Lock(LockModeType.PESSIMISTIC_WRITE)
        @Query("select s from Supply s where s.id = :id")
        Optional<Supply> lockById(@org.springframework.data.repository.query.Param("id") UUID id);
    }
}
