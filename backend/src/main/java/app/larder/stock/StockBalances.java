package app.larder.stock;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.shared.Unit;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockLedger.Level;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What is in stock and how it moved, read from the ledger: balances of a storage (or of every storage the user may
 * see) as of any moment, and movement reports for a period. Quantities come in base units (g, ml, pcs) and, for
 * people, in the item's stock unit (kg, l, pcs); unit costs per stock unit; values in the business's currency.
 * <p>
 * A correction (a revaluation appended when something was posted before a movement) and a reversal (a
 * cancellation) keep the kind and the moment of the movement they set right, so sums by kind include them: a
 * cancelled supply adds nothing to "in by supply", a revalued write-off counts at its value now.
 */
@Service
public class StockBalances {

    /** Sortable columns of a balance list. */
    public static final Set<String> SORTS = Set.of("name", "category", "storage", "quantity", "unitCost", "value");

    private static final MathContext DIVISION = MathContext.DECIMAL128;

    private final NamedParameterJdbcTemplate jdbc;
    private final StockSnapshots snapshots;
    private final Storages storages;

    StockBalances(NamedParameterJdbcTemplate jdbc, StockSnapshots snapshots, Storages storages) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.storages = storages;
    }

    /** {@code storageId} null: every storage the user may see. {@code text} matches the item's name. */
    public record BalanceQuery(UUID storageId, Instant at, String text, String category) {
    }

    /** What an item is, as reports show it. */
    public record Item(UUID id, String name, String category, Unit stockUnit, boolean archived) {
    }

    /** Quantity and value; the quantity in base units. */
    public record Amount(BigDecimal quantity, BigDecimal value) {
        public static final Amount ZERO = new Amount(BigDecimal.ZERO, BigDecimal.ZERO);

        public Amount plus(Amount other) {
            return new Amount(quantity.add(other.quantity), value.add(other.value));
        }

        public Amount plus(BigDecimal q, BigDecimal v) {
            return new Amount(quantity.add(q), value.add(v));
        }

        public Amount negate() {
            return new Amount(quantity.negate(), value.negate());
        }
    }

    /**
     * One item at one storage as of a moment. {@code quantity} in base units; {@link #stockQuantity()} in the stock
     * unit; {@link #unitCost()} per stock unit, null when nothing is in stock.
     */
    public record BalanceRow(UUID storageId, String storageName, Item item, BigDecimal quantity, BigDecimal value) {

        public BigDecimal stockQuantity() {
            return quantity.divide(item.stockUnit().baseUnits(), DIVISION);
        }

        public BigDecimal unitCost() {
            return quantity.signum() > 0 ? value.multiply(item.stockUnit().baseUnits()).divide(quantity, DIVISION)
                    .setScale(4, java.math.RoundingMode.HALF_EVEN) : null;
        }

        public boolean negative() {
            return quantity.signum() < 0;
        }
    }

    /** A page of balances with the totals of every row that matched, not only the page's. */
    public record Balances(Instant at, Page<BalanceRow> rows, BigDecimal totalValue, long negativeRows) {
    }

    /**
     * Balances as of a moment (movements at or before it), one row per storage and item with anything left (a
     * quantity or a value other than zero). Sorted by {@link #SORTS}.
     */
    @Transactional(readOnly = true)
    public Balances balances(BalanceQuery query, Pageable page) {
        Instant at = query.at() == null ? Instant.now() : query.at();
        Map<UUID, String> names = visibleStorages(query.storageId());
        List<Level> levels = snapshots.levels(names.keySet(), at, true);
        Map<UUID, Item> items = items(levels.stream().map(Level::itemId).distinct().toList());
        String text = blankToNull(query.text());
        String category = blankToNull(query.category());
        List<BalanceRow> rows = new ArrayList<>();
        for (Level level : levels) {
            Item item = items.get(level.itemId());
            if (item == null || (level.quantity().signum() == 0 && level.value().signum() == 0)) {
                continue;
            }
            if (text != null && !item.name().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (category != null && !category.equalsIgnoreCase(item.category())) {
                continue;
            }
            rows.add(new BalanceRow(level.storageId(), names.get(level.storageId()), item, level.quantity(),
                    level.value()));
        }
        rows.sort(order(page.getSort()));
        BigDecimal total = rows.stream().map(BalanceRow::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        long negative = rows.stream().filter(BalanceRow::negative).count();
        return new Balances(at, pageOf(rows, page), total, negative);
    }

    /** Opening, what came in and went out by kind, and closing, of one item over a period. */
    public record ItemReport(Item item, Amount opening, Map<Kind, Amount> byKind, Amount closing) {

        public Amount in() {
            return byKind.entrySet().stream().filter(e -> e.getKey().incoming()).map(Map.Entry::getValue)
                    .reduce(Amount.ZERO, Amount::plus);
        }

        /** What went out, as a positive quantity and value. */
        public Amount out() {
            return byKind.entrySet().stream().filter(e -> !e.getKey().incoming()).map(Map.Entry::getValue)
                    .reduce(Amount.ZERO, Amount::plus).negate();
        }

        public Amount of(Kind kind) {
            return byKind.getOrDefault(kind, Amount.ZERO);
        }
    }

    /**
     * One movement of the list, its corrections added to its value, with the balance after it. Cancelled movements
     * are left out of the list (with their reversal they come to nothing).
     */
    public record Line(UUID movementId, UUID storageId, Instant moment, Kind kind, String documentKind,
                       UUID documentId, BigDecimal quantity, BigDecimal value, boolean revalued, Amount balance) {
    }

    /** A movement report: per item, and the movements of the item when the report is of one item. */
    public record MovementReport(UUID storageId, String storageName, Instant from, Instant to, List<ItemReport> items,
                                 List<Line> lines) {

        public Amount openingTotal() {
            return items.stream().map(ItemReport::opening).reduce(Amount.ZERO, Amount::plus);
        }

        public Amount closingTotal() {
            return items.stream().map(ItemReport::closing).reduce(Amount.ZERO, Amount::plus);
        }
    }

    /**
     * The movements of one item ({@code itemId}) or of every item, at one storage or at every storage the user may
     * see (null), over {@code from} (inclusive) to {@code to} (exclusive). Opening is the balance just before
     * {@code from}, closing the balance just before {@code to}.
     */
    @Transactional(readOnly = true)
    public MovementReport movements(UUID storageId, UUID itemId, Instant from, Instant to) {
        if (from == null) {
            throw new RuleViolation("from", "validation.required");
        }
        if (to == null) {
            throw new RuleViolation("to", "validation.required");
        }
        if (!to.isAfter(from)) {
            throw new RuleViolation("to", "balance.periodEndBeforeStart");
        }
        Map<UUID, String> names = visibleStorages(storageId);
        if (itemId != null && items(List.of(itemId)).isEmpty()) {
            throw new NotFoundException("ingredient", itemId);
        }
        List<Level> opening = snapshots.levels(names.keySet(), itemId, from, false);
        MapSqlParameterSource params = new MapSqlParameterSource("storages", names.keySet())
                .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)).addValue("item", itemId);
        Map<UUID, Map<Kind, Amount>> byKind = new HashMap<>();
        jdbc.query("""
                SELECT l.item_id, p.kind, SUM(p.quantity) AS quantity, SUM(p.value) AS value
                FROM stock_level l
                JOIN LATERAL (
                    SELECT m.kind, SUM(m.quantity) AS quantity, SUM(m.value) AS value FROM stock_movement m
                    WHERE m.tenant_id = l.tenant_id AND m.storage_id = l.storage_id AND m.item_id = l.item_id
                      AND m.moment >= :from AND m.moment < :to
                    GROUP BY m.kind) p ON true
                WHERE l.storage_id IN (:storages) AND (CAST(:item AS uuid) IS NULL OR l.item_id = :item)
                GROUP BY l.item_id, p.kind""", params, rs -> {
            byKind.computeIfAbsent(rs.getObject("item_id", UUID.class), k -> new EnumMap<>(Kind.class))
                    .put(Kind.valueOf(rs.getString("kind")),
                            new Amount(rs.getBigDecimal("quantity"), rs.getBigDecimal("value")));
        });
        Map<UUID, Amount> openings = new HashMap<>();
        for (Level level : opening) {
            if (itemId == null || itemId.equals(level.itemId())) {
                openings.merge(level.itemId(), new Amount(level.quantity(), level.value()), Amount::plus);
            }
        }
        List<UUID> itemIds = new ArrayList<>(openings.keySet());
        byKind.keySet().stream().filter(id -> !openings.containsKey(id)).forEach(itemIds::add);
        if (itemId != null && !itemIds.contains(itemId)) {
            itemIds.add(itemId);
        }
        Map<UUID, Item> items = items(itemIds);
        List<ItemReport> reports = new ArrayList<>();
        for (UUID id : itemIds) {
            Amount open = openings.getOrDefault(id, Amount.ZERO);
            Map<Kind, Amount> kinds = byKind.getOrDefault(id, Map.of());
            Amount close = kinds.values().stream().reduce(open, Amount::plus);
            boolean nothing = open.quantity().signum() == 0 && open.value().signum() == 0 && kinds.isEmpty();
            if (items.containsKey(id) && (!nothing || id.equals(itemId))) {
                reports.add(new ItemReport(items.get(id), open, kinds, close));
            }
        }
        reports.sort(Comparator.comparing((ItemReport r) -> r.item().name()).thenComparing(r -> r.item().id()));
        List<Line> lines = itemId == null ? List.of()
                : lines(params, openings.getOrDefault(itemId, Amount.ZERO));
        return new MovementReport(storageId, storageId == null ? null : names.get(storageId), from, to, reports,
                lines);
    }

    /**
     * The item's movements in the period, in the ledger's order (moment, then booking), corrections folded into
     * the movement they correct and cancelled movements left out with their reversals.
     */
    private List<Line> lines(MapSqlParameterSource params, Amount opening) {
        record Raw(UUID id, UUID storageId, Instant moment, Kind kind, String documentKind, UUID documentId,
                   BigDecimal quantity, BigDecimal value, UUID correctsId, UUID reversesId) {
        }
        List<Raw> raw = jdbc.query("""
                SELECT id, storage_id, moment, kind, document_kind, document_id, quantity, value, corrects_id,
                       reverses_id
                FROM stock_movement
                WHERE storage_id IN (:storages) AND item_id = :item AND moment >= :from AND moment < :to
                ORDER BY moment, seq""", params, (rs, n) -> new Raw(rs.getObject("id", UUID.class),
                rs.getObject("storage_id", UUID.class), rs.getTimestamp("moment").toInstant(),
                Kind.valueOf(rs.getString("kind")), rs.getString("document_kind"),
                rs.getObject("document_id", UUID.class), rs.getBigDecimal("quantity"), rs.getBigDecimal("value"),
                rs.getObject("corrects_id", UUID.class), rs.getObject("reverses_id", UUID.class)));
        Map<UUID, BigDecimal> corrections = new HashMap<>();
        Set<UUID> cancelled = new java.util.HashSet<>();
        for (Raw r : raw) {
            if (r.correctsId() != null) {
                corrections.merge(r.correctsId(), r.value(), BigDecimal::add);
            } else if (r.reversesId() != null) {
                cancelled.add(r.reversesId());
            }
        }
        List<Line> lines = new ArrayList<>();
        Amount balance = opening;
        for (Raw r : raw) {
            if (r.correctsId() != null || r.reversesId() != null || cancelled.contains(r.id())) {
                continue;
            }
            BigDecimal correction = corrections.get(r.id());
            BigDecimal value = correction == null ? r.value() : r.value().add(correction);
            balance = balance.plus(r.quantity(), value);
            lines.add(new Line(r.id(), r.storageId(), r.moment(), r.kind(), r.documentKind(), r.documentId(),
                    r.quantity(), value, correction != null && correction.signum() != 0, balance));
        }
        return lines;
    }

    /** The storages of the query, by id with their names: one (404 outside the user's venues) or all visible. */
    Map<UUID, String> visibleStorages(UUID storageId) {
        Map<UUID, String> names = new LinkedHashMap<>();
        if (storageId != null) {
            Storage storage = storages.get(storageId);
            names.put(storage.getId(), storage.getName());
        } else {
            storages.search(new Storages.StorageQuery(null, null, true), Pageable.unpaged(Sort.by("name")))
                    .forEach(s -> names.put(s.getId(), s.getName()));
        }
        return names;
    }

    /** The items named, as reports show them; unknown ids are absent. */
    Map<UUID, Item> items(Collection<UUID> ids) {
        Map<UUID, Item> items = new HashMap<>();
        if (ids.isEmpty()) {
            return items;
        }
        // Many ids: read every ingredient of the business rather than bind thousands of parameters.
        boolean many = ids.size() > 200;
        Set<UUID> wanted = many ? new HashSet<>(ids) : null;
        jdbc.query("SELECT id, name, category, dimension, archived FROM ingredient"
                        + (many ? "" : " WHERE id IN (:ids)"),
                Map.of("ids", ids), rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    if (wanted != null && !wanted.contains(id)) {
                        return;
                    }
                    items.put(id, new Item(id, rs.getString("name"), rs.getString("category"),
                            Unit.Dimension.valueOf(rs.getString("dimension")).stockUnit(),
                            rs.getBoolean("archived")));
                });
        return items;
    }

    private static Comparator<BalanceRow> order(Sort sort) {
        Comparator<BalanceRow> order = null;
        for (Sort.Order o : sort) {
            Function<BalanceRow, Comparable> key = switch (o.getProperty()) {
                case "category" -> r -> r.item().category() == null ? "" : r.item().category();
                case "storage" -> r -> r.storageName() == null ? "" : r.storageName();
                case "quantity" -> BalanceRow::stockQuantity;
                case "unitCost" -> r -> r.unitCost() == null ? BigDecimal.valueOf(Long.MIN_VALUE) : r.unitCost();
                case "value" -> BalanceRow::value;
                case "id" -> r -> r.item().id().toString() + r.storageId();
                default -> r -> r.item().name();
            };
            @SuppressWarnings("unchecked")
            Comparator<BalanceRow> c = Comparator.comparing(r -> (Comparable<Object>) key.apply(r));
            if (o.isDescending()) {
                c = c.reversed();
            }
            order = order == null ? c : order.thenComparing(c);
        }
        Comparator<BalanceRow> tie = Comparator.comparing((BalanceRow r) -> r.item().name())
                .thenComparing(r -> r.storageName() == null ? "" : r.storageName())
                .thenComparing(r -> r.item().id());
        return order == null ? tie : order.thenComparing(tie);
    }

    private static <T> Page<T> pageOf(List<T> all, Pageable page) {
        if (page.isUnpaged()) {
            return new PageImpl<>(all, page, all.size());
        }
        int start = (int) Math.min(page.getOffset(), all.size());
        int end = Math.min(start + page.getPageSize(), all.size());
        return new PageImpl<>(all.subList(start, end), page, all.size());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
