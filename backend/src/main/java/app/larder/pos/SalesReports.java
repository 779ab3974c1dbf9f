package app.larder.pos;

import app.larder.business.Businesses;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.tenancy.TenantContext;
import app.larder.sales.SalesWriteOffs;
import app.larder.shared.Money;
import app.larder.shared.Unit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What terminals sold, as the web app reads it: receipts with filters and totals, one receipt with what it wrote off,
 * cash shifts, and the figures of one day. Read-only and set-based: a list is two statements whatever its size, a
 * receipt a fixed handful.
 * <p>
 * <b>Money.</b> Revenue is sales less refunds (a refund's total is stored positive and counts negative). The
 * <b>cost</b> of a receipt is what its document on the stock ledger is worth now: the movements booked under the
 * receipt's id (the SALE write-off and the corrections the ledger appended since, so a supply entered later into the
 * past moves it), summed by ingredient and storage. <b>Rounding happens once, there:</b> each such line's value is
 * rounded to the currency's minor unit, half-up (away from zero); a receipt's cost is the sum of its rounded lines,
 * its gross profit = revenue − that cost, and a list's or a day's cost is the sum of its receipts' costs. So the
 * lines of a receipt add up to its cost, and the rows of a list to its totals, to the cent.
 * <p>
 * <b>Days</b> are the venue's: a period or a day selects receipts by the local date of their closing in the time zone
 * of their own venue, and the revenue by hour uses the local hour. "Today", without a venue, is today in the
 * business's time zone.
 * <p>
 * A user limited to some venues sees only their receipts and shifts; another venue named in a filter, or another
 * venue's or business's receipt, is not found.
 */
@Service
public class SalesReports {

    /** Receipt sorts the list accepts (with {@code ,desc}), mapped to columns. */
    public static final Map<String, String> SORTS = Map.of("closedAt", "r.closed_at", "total", "r.total",
            "number", "r.number");
    public static final Set<String> PAYMENT_METHODS = Receipts.PAYMENT_METHODS;
    static final int TOP_ITEMS = 10;

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;
    private final Businesses businesses;
    private final CashShifts cashShifts;
    private final SalesWriteOffs writeOffs;
    private final Clock clock;

    SalesReports(NamedParameterJdbcTemplate jdbc, Venues venues, Businesses businesses, CashShifts cashShifts,
                 SalesWriteOffs writeOffs, Clock clock) {
        this.jdbc = jdbc;
        this.venues = venues;
        this.businesses = businesses;
        this.cashShifts = cashShifts;
        this.writeOffs = writeOffs;
        this.clock = clock;
    }

    /** Sales only, refunds only, or both. */
    public enum Kind { ALL, SALES, REFUNDS }

    /**
     * Filters of the receipt list; every one optional. {@code from} and {@code to} are local dates of the receipt's
     * venue, both inclusive; {@code amountFrom}/{@code amountTo} bound the receipt's total (inclusive); {@code waiter}
     * and {@code number} match a part, any case; {@code paymentMethod} is cash, card or other (any payment of it).
     */
    public record ReceiptQuery(UUID venueId, LocalDate from, LocalDate to, UUID deviceId, String waiter,
                               String paymentMethod, BigDecimal amountFrom, BigDecimal amountTo, Kind kind,
                               String number, UUID shiftId) {

        public static ReceiptQuery period(UUID venueId, LocalDate from, LocalDate to) {
            return new ReceiptQuery(venueId, from, to, null, null, null, null, null, Kind.ALL, null, null);
        }

        public boolean filtered() {
            return venueId != null || from != null || to != null || deviceId != null || present(waiter)
                    || present(paymentMethod) || amountFrom != null || amountTo != null
                    || (kind != null && kind != Kind.ALL) || present(number) || shiftId != null;
        }
    }

    /**
     * A receipt of the list. {@code total} as stored (positive for a refund too); {@code revenue} signed (a refund's
     * is negative); {@code cost} what its stock movements are worth now; {@code closedAtLocal} in the venue's zone.
     */
    public record ReceiptRow(UUID id, UUID venueId, String venueName, UUID deviceId, String deviceName, String number,
                             Instant closedAt, LocalDateTime closedAtLocal, String waiter, BigDecimal total,
                             UUID refundOf, List<String> paymentMethods, BigDecimal revenue, BigDecimal cost) {

        public boolean refund() {
            return refundOf != null;
        }

        public BigDecimal grossProfit() {
            return revenue.subtract(cost);
        }
    }

    /**
     * Sums over everything the filters find: revenue = sales − refunds, gross profit = revenue − cost. With a
     * payment method in the filters, {@code paidByMethod} is what the found receipts' payments of that method come
     * to (refunds' payments taken off): the money that went through that method, which the receipts' own totals are
     * not when a receipt was paid by several; null without that filter.
     */
    public record Totals(long receipts, long sales, long refunds, BigDecimal salesAmount, BigDecimal refundsAmount,
                         BigDecimal cost, BigDecimal paidByMethod) {

        public BigDecimal revenue() {
            return salesAmount.subtract(refundsAmount);
        }

        public BigDecimal grossProfit() {
            return revenue().subtract(cost);
        }
    }

    public record ReceiptPage(Page<ReceiptRow> rows, Totals totals) {
    }

    /** An option chosen on a line: its name and group now (null if deleted since), as charged then. */
    public record ModifierView(UUID optionId, String optionName, String groupName, BigDecimal quantity,
                               BigDecimal priceDelta) {

        public BigDecimal amount() {
            return quantity.multiply(priceDelta);
        }
    }

    public record LineView(int position, UUID menuItemId, String itemName, BigDecimal quantity, BigDecimal unitPrice,
                           BigDecimal discount, BigDecimal amount, List<ModifierView> modifiers) {
    }

    public record PaymentView(String method, BigDecimal amount) {
    }

    /** A receipt linked to this one: a refund of it, or the receipt it refunds. */
    public record ReceiptLink(UUID id, String number, Instant closedAt, LocalDateTime closedAtLocal,
                              BigDecimal total) {
    }

    /**
     * What the receipt took from one storage, in the ingredient's base unit, valued as the ledger values it now
     * (negative for what a refund brought back), rounded to the currency's minor unit: the receipt's cost is the sum
     * of these.
     */
    public record WrittenOffView(UUID ingredientId, String ingredientName, Unit unit, UUID storageId,
                                 String storageName, BigDecimal quantity, BigDecimal value) {
    }

    public record ReceiptDetail(UUID id, UUID venueId, String venueName, ZoneId zone, UUID deviceId,
                                String deviceName, String number, Instant openedAt, LocalDateTime openedAtLocal,
                                Instant closedAt, LocalDateTime closedAtLocal, UUID shiftId, String waiter,
                                UUID customerId, BigDecimal total, ReceiptLink refundOf, Instant receivedAt,
                                List<LineView> lines, List<PaymentView> payments, List<ReceiptLink> refunds,
                                List<WrittenOffView> writtenOff) {

        public boolean refund() {
            return refundOf != null;
        }

        public BigDecimal discount() {
            return lines.stream().map(LineView::discount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal revenue() {
            return refund() ? total.negate() : total;
        }

        public BigDecimal cost() {
            return writtenOff.stream().map(WrittenOffView::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal grossProfit() {
            return revenue().subtract(cost());
        }
    }

    /** A menu item's day: portions (or pieces) and revenue, refunds taken off. */
    public record TopItem(UUID menuItemId, String name, BigDecimal quantity, BigDecimal revenue) {
    }

    /** Revenue of one hour of the day (local hour of the venue, 0–23), refunds taken off. */
    public record HourRevenue(int hour, BigDecimal revenue, long receipts) {
    }

    /**
     * One day. {@code receipts} counts sales (refunds apart); the average check is the sales' total ÷ their number,
     * so a refund does not make a day's checks look smaller; revenue, cost and gross profit have refunds taken off.
     */
    public record Dashboard(LocalDate date, UUID venueId, Totals totals, BigDecimal averageCheck,
                            List<TopItem> topItems, List<HourRevenue> byHour) {

        public BigDecimal revenue() {
            return totals.revenue();
        }

        public BigDecimal grossProfit() {
            return totals.grossProfit();
        }

        /** The largest hourly revenue (at least zero): the scale of the chart. */
        public BigDecimal peakHour() {
            return byHour.stream().map(HourRevenue::revenue).reduce(BigDecimal.ZERO, BigDecimal::max);
        }
    }

    /** A cash shift with its venue's name. */
    public record ShiftRow(CashShifts.Shift shift, String venueName, LocalDateTime openedAtLocal,
                           LocalDateTime closedAtLocal) {
    }

    /** A terminal, for the device filter; {@code paired} while it is paired and not revoked. */
    public record DeviceOption(UUID id, String name, UUID venueId, boolean paired) {
    }

    // ---- the receipt list -------------------------------------------------------------------------------------

    /** A page of receipts and the totals of everything the filters find. */
    @Transactional(readOnly = true)
    public ReceiptPage receipts(ReceiptQuery query, Pageable pageable) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(query, params);
        Totals totals = totals(where, params, query.paymentMethod());
        if (totals.receipts() == 0 || pageable.getOffset() >= totals.receipts()) {
            return new ReceiptPage(new PageImpl<>(List.of(), pageable, totals.receipts()), totals);
        }
        params.addValue("limit", pageable.getPageSize()).addValue("offset", pageable.getOffset());
        List<ReceiptRow> rows = jdbc.query("""
                WITH page AS (
                    SELECT r.id, r.venue_id, v.name AS venue_name, v.timezone, r.device_id, r.number, r.closed_at,
                           r.waiter, r.total, r.refund_of
                    FROM receipt r JOIN venue v ON v.id = r.venue_id
                    WHERE %s
                    ORDER BY %s
                    LIMIT :limit OFFSET :offset
                )
                SELECT p.*, d.name AS device_name,
                       (SELECT string_agg(DISTINCT pay.method, ',') FROM receipt_payment pay
                        WHERE pay.receipt_id = p.id) AS methods,
                       COALESCE((SELECT SUM(c.cost) FROM (%s) c WHERE c.document_id = p.id), 0) AS cost
                FROM page p LEFT JOIN pos_device d ON d.id = p.device_id
                ORDER BY %s""".formatted(where, order(pageable.getSort(), "r."),
                        roundedLines("p.id"), order(pageable.getSort(), "p.")),
                params, (rs, n) -> row(rs));
        return new ReceiptPage(new PageImpl<>(rows, pageable, totals.receipts()), totals);
    }

    private String where(ReceiptQuery query, MapSqlParameterSource params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("TRUE");
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            if (scope.isEmpty()) {
                conditions.add("FALSE");
            } else {
                conditions.add("r.venue_id IN (:scope)");
                params.addValue("scope", scope);
            }
        }
        if (query.venueId() != null) {
            venues.get(query.venueId());
            conditions.add("r.venue_id = :venue");
            params.addValue("venue", query.venueId());
        }
        if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
            throw new RuleViolation("to", "sales.periodReversed");
        }
        // The local date in the venue's zone decides; the instant range around it (zones lie within a day of UTC)
        // lets the index on closed_at do the work.
        if (query.from() != null) {
            conditions.add("r.closed_at >= :coarseFrom AND (r.closed_at AT TIME ZONE v.timezone)::date >= :from");
            params.addValue("coarseFrom", Timestamp.from(query.from().minusDays(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant())).addValue("from", query.from());
        }
        if (query.to() != null) {
            conditions.add("r.closed_at < :coarseTo AND (r.closed_at AT TIME ZONE v.timezone)::date <= :to");
            params.addValue("coarseTo", Timestamp.from(query.to().plusDays(2).atStartOfDay(ZoneOffset.UTC)
                    .toInstant())).addValue("to", query.to());
        }
        if (query.deviceId() != null) {
            conditions.add("r.device_id = :device");
            params.addValue("device", query.deviceId());
        }
        if (query.shiftId() != null) {
            conditions.add("r.shift_id = :shift");
            params.addValue("shift", query.shiftId());
        }
        if (present(query.waiter())) {
            conditions.add("lower(r.waiter) LIKE :waiter ESCAPE '\\'");
            params.addValue("waiter", contains(query.waiter()));
        }
        if (present(query.number())) {
            conditions.add("lower(r.number) LIKE :number ESCAPE '\\'");
            params.addValue("number", contains(query.number()));
        }
        if (present(query.paymentMethod())) {
            if (!PAYMENT_METHODS.contains(query.paymentMethod())) {
                throw new RuleViolation("paymentMethod", "pos.paymentMethod");
            }
            conditions.add("EXISTS (SELECT 1 FROM receipt_payment p WHERE p.receipt_id = r.id AND p.method = :method)");
            params.addValue("method", query.paymentMethod());
        }
        if (query.amountFrom() != null) {
            conditions.add("r.total >= :amountFrom");
            params.addValue("amountFrom", query.amountFrom());
        }
        if (query.amountTo() != null) {
            conditions.add("r.total <= :amountTo");
            params.addValue("amountTo", query.amountTo());
        }
        if (query.kind() == Kind.SALES) {
            conditions.add("r.refund_of IS NULL");
        } else if (query.kind() == Kind.REFUNDS) {
            conditions.add("r.refund_of IS NOT NULL");
        }
        return String.join("\n AND ", conditions);
    }

    private static String order(Sort sort, String prefix) {
        List<String> parts = new ArrayList<>();
        for (Sort.Order o : sort) {
            String column = o.getProperty().equals("id") ? "r.id" : SORTS.get(o.getProperty());
            if (column == null) {
                throw new RuleViolation("sort", "validation.sort", String.join(", ", SORTS.keySet()));
            }
            parts.add(prefix + column.substring(2) + (o.isDescending() ? " DESC" : " ASC")
                    + (column.equals("r.number") ? " NULLS LAST" : ""));
        }
        if (parts.isEmpty()) {
            parts.add(prefix + "closed_at DESC");
        }
        if (sort.getOrderFor("id") == null) {
            parts.add(prefix + "id DESC");
        }
        return String.join(", ", parts);
    }

    private static ReceiptRow row(ResultSet rs) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("timezone"));
        Instant closedAt = rs.getTimestamp("closed_at").toInstant();
        UUID refundOf = rs.getObject("refund_of", UUID.class);
        BigDecimal total = rs.getBigDecimal("total");
        String methods = rs.getString("methods");
        return new ReceiptRow(rs.getObject("id", UUID.class), rs.getObject("venue_id", UUID.class),
                rs.getString("venue_name"), rs.getObject("device_id", UUID.class), rs.getString("device_name"),
                rs.getString("number"), closedAt, LocalDateTime.ofInstant(closedAt, zone), rs.getString("waiter"),
                total, refundOf, methods == null ? List.of() : Arrays.stream(methods.split(",")).sorted().toList(),
                refundOf == null ? total : total.negate(), rs.getBigDecimal("cost"));
    }

    /**
     * The totals of the receipts a condition finds. The cost is one uncorrelated sub-select over the ledger (run
     * once: index lookups per receipt, or one hash join), never joined back row by row, so it stays linear whatever
     * the planner thinks of fresh tables. It sums the same rounded lines as each row's cost, so the rows add up to it.
     */
    private Totals totals(String where, MapSqlParameterSource params, String paymentMethod) {
        params.addValue("digits", digits());
        boolean byMethod = present(paymentMethod);
        return jdbc.queryForObject("""
                WITH found AS (
                    SELECT r.id, r.total, r.refund_of FROM receipt r JOIN venue v ON v.id = r.venue_id
                    WHERE %s
                )
                SELECT COUNT(*) AS receipts,
                       COUNT(*) FILTER (WHERE f.refund_of IS NULL) AS sales,
                       COUNT(*) FILTER (WHERE f.refund_of IS NOT NULL) AS refunds,
                       COALESCE(SUM(f.total) FILTER (WHERE f.refund_of IS NULL), 0) AS sales_amount,
                       COALESCE(SUM(f.total) FILTER (WHERE f.refund_of IS NOT NULL), 0) AS refunds_amount,
                       (SELECT COALESCE(SUM(c.cost), 0) FROM (%s) c) AS cost,
                       %s AS paid_by_method
                FROM found f""".formatted(where, roundedLines("SELECT id FROM found"), byMethod ? """
                (SELECT COALESCE(SUM(CASE WHEN pf.refund_of IS NULL THEN pay.amount ELSE -pay.amount END), 0)
                 FROM receipt_payment pay JOIN found pf ON pf.id = pay.receipt_id
                 WHERE pay.method = :method)""" : "NULL::numeric"), params, (rs, n) -> totals(rs));
    }

    private static Totals totals(ResultSet rs) throws SQLException {
        return new Totals(rs.getLong("receipts"), rs.getLong("sales"), rs.getLong("refunds"),
                rs.getBigDecimal("sales_amount"), rs.getBigDecimal("refunds_amount"), rs.getBigDecimal("cost"),
                rs.getBigDecimal("paid_by_method"));
    }

    /**
     * The written-off lines of the receipts a sub-select names, as {@link #writtenOff} shows them: by receipt,
     * ingredient and storage, lines whose quantity came to nothing left out, each value rounded to the currency's
     * minor unit ({@code :digits}). PostgreSQL's {@code round} rounds half away from zero, as {@link #ROUNDING} does.
     */
    private static String roundedLines(String receipts) {
        return """
                SELECT m.document_id, ROUND(-SUM(m.value), :digits) AS cost
                FROM stock_movement m WHERE m.document_id IN (%s)
                GROUP BY m.document_id, m.storage_id, m.item_id HAVING SUM(m.quantity) <> 0""".formatted(receipts);
    }

    /** Money here is rounded once, half-up, to the digits of the business's currency. */
    static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    private int digits() {
        return Money.minorDigits(businesses.current().getCurrency());
    }

    // ---- one receipt ------------------------------------------------------------------------------------------

    /** A receipt with its lines, options, payments, linked receipts and what it wrote off. */
    @Transactional(readOnly = true)
    public ReceiptDetail receipt(UUID id) {
        List<Map<String, Object>> found = jdbc.queryForList("""
                SELECT r.*, v.name AS venue_name, v.timezone, d.name AS device_name,
                       o.number AS original_number, o.closed_at AS original_closed_at, o.total AS original_total
                FROM receipt r JOIN venue v ON v.id = r.venue_id
                     LEFT JOIN pos_device d ON d.id = r.device_id
                     LEFT JOIN receipt o ON o.id = r.refund_of
                WHERE r.id = :id""", Map.of("id", id));
        if (found.isEmpty()) {
            throw new NotFoundException("receipt", id);
        }
        Map<String, Object> r = found.get(0);
        UUID venueId = (UUID) r.get("venue_id");
        boolean visible = TenantContext.current().map(a -> a.seesVenue(venueId)).orElse(false);
        if (!visible) {
            throw new NotFoundException("receipt", id);
        }
        ZoneId zone = ZoneId.of((String) r.get("timezone"));
        Map<Integer, List<ModifierView>> modifiers = new HashMap<>();
        jdbc.query("""
                SELECT m.line_position, m.option_id, m.quantity, m.price_delta, o.name AS option_name,
                       g.name AS group_name
                FROM receipt_modifier m LEFT JOIN modifier_option o ON o.id = m.option_id
                     LEFT JOIN modifier_group g ON g.id = o.group_id
                WHERE m.receipt_id = :id ORDER BY m.line_position, m.position""", Map.of("id", id), rs -> {
            modifiers.computeIfAbsent(rs.getInt("line_position"), k -> new ArrayList<>()).add(new ModifierView(
                    rs.getObject("option_id", UUID.class), rs.getString("option_name"), rs.getString("group_name"),
                    rs.getBigDecimal("quantity"), rs.getBigDecimal("price_delta")));
        });
        List<LineView> lines = jdbc.query("""
                SELECT l.position, l.menu_item_id, i.name, l.quantity, l.unit_price, l.discount, l.amount
                FROM receipt_line l LEFT JOIN menu_item i ON i.id = l.menu_item_id
                WHERE l.receipt_id = :id ORDER BY l.position""", Map.of("id", id), (rs, n) -> new LineView(
                rs.getInt("position"), rs.getObject("menu_item_id", UUID.class), rs.getString("name"),
                rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"), rs.getBigDecimal("discount"),
                rs.getBigDecimal("amount"), modifiers.getOrDefault(rs.getInt("position"), List.of())));
        List<PaymentView> payments = jdbc.query("""
                SELECT method, amount FROM receipt_payment WHERE receipt_id = :id ORDER BY position""",
                Map.of("id", id), (rs, n) -> new PaymentView(rs.getString("method"), rs.getBigDecimal("amount")));
        List<ReceiptLink> refunds = jdbc.query("""
                SELECT id, number, closed_at, total FROM receipt WHERE refund_of = :id ORDER BY closed_at, id""",
                Map.of("id", id), (rs, n) -> link(rs.getObject("id", UUID.class), rs.getString("number"),
                        rs.getTimestamp("closed_at"), rs.getBigDecimal("total"), zone));
        UUID refundOf = (UUID) r.get("refund_of");
        ReceiptLink original = refundOf == null ? null : link(refundOf, (String) r.get("original_number"),
                (Timestamp) r.get("original_closed_at"), (BigDecimal) r.get("original_total"), zone);
        Instant closedAt = ((Timestamp) r.get("closed_at")).toInstant();
        Instant openedAt = r.get("opened_at") == null ? null : ((Timestamp) r.get("opened_at")).toInstant();
        return new ReceiptDetail(id, venueId, (String) r.get("venue_name"), zone, (UUID) r.get("device_id"),
                (String) r.get("device_name"), (String) r.get("number"), openedAt,
                openedAt == null ? null : LocalDateTime.ofInstant(openedAt, zone), closedAt,
                LocalDateTime.ofInstant(closedAt, zone), (UUID) r.get("shift_id"), (String) r.get("waiter"),
                (UUID) r.get("customer_id"), (BigDecimal) r.get("total"), original,
                ((Timestamp) r.get("received_at")).toInstant(), lines, payments, refunds, writtenOff(id));
    }

    /** {@link SalesWriteOffs#writtenOff} (values as corrected since), with names, by ingredient and storage. */
    private List<WrittenOffView> writtenOff(UUID receiptId) {
        List<SalesWriteOffs.WrittenOff> taken = writeOffs.writtenOff(receiptId);
        if (taken.isEmpty()) {
            return List.of();
        }
        Map<UUID, String[]> ingredients = new HashMap<>();
        Map<UUID, String> storages = new HashMap<>();
        Set<UUID> ingredientIds = new java.util.HashSet<>();
        Set<UUID> storageIds = new java.util.HashSet<>();
        taken.forEach(t -> {
            ingredientIds.add(t.ingredientId());
            storageIds.add(t.storageId());
        });
        jdbc.query("SELECT id, name, dimension FROM ingredient WHERE id IN (:ids)", Map.of("ids", ingredientIds),
                rs -> {
                    ingredients.put(rs.getObject("id", UUID.class),
                            new String[]{rs.getString("name"), rs.getString("dimension")});
                });
        jdbc.query("SELECT id, name FROM storage WHERE id IN (:ids)", Map.of("ids", storageIds), rs -> {
            storages.put(rs.getObject("id", UUID.class), rs.getString("name"));
        });
        int digits = digits();
        return taken.stream().map(t -> {
            String[] ingredient = ingredients.getOrDefault(t.ingredientId(), new String[]{null, "COUNT"});
            return new WrittenOffView(t.ingredientId(), ingredient[0],
                    Unit.Dimension.valueOf(ingredient[1]).base(), t.storageId(), storages.get(t.storageId()),
                    t.quantity(), t.value().setScale(digits, ROUNDING));
        }).sorted(java.util.Comparator.comparing((WrittenOffView w) -> w.ingredientName() == null ? ""
                : w.ingredientName().toLowerCase(Locale.ROOT)).thenComparing(w -> String.valueOf(w.storageName())))
                .toList();
    }

    private static ReceiptLink link(UUID id, String number, Timestamp closedAt, BigDecimal total, ZoneId zone) {
        Instant at = closedAt == null ? null : closedAt.toInstant();
        return new ReceiptLink(id, number, at, at == null ? null : LocalDateTime.ofInstant(at, zone), total);
    }

    // ---- the day ----------------------------------------------------------------------------------------------

    /**
     * The figures of one day of a venue (or of every venue the user sees): {@code date} null is today, in the
     * venue's time zone (the business's, without a venue).
     */
    @Transactional(readOnly = true)
    public Dashboard dashboard(UUID venueId, LocalDate date) {
        LocalDate day = date != null ? date : today(venueId);
        ReceiptQuery query = ReceiptQuery.period(venueId, day, day);
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(query, params);
        Totals totals = totals(where, params, null);
        BigDecimal averageCheck = totals.sales() == 0 ? BigDecimal.ZERO
                : totals.salesAmount().divide(BigDecimal.valueOf(totals.sales()), 4, RoundingMode.HALF_UP);
        List<TopItem> top = jdbc.query("""
                SELECT l.menu_item_id, i.name,
                       SUM(CASE WHEN r.refund_of IS NULL THEN l.quantity ELSE -l.quantity END) AS quantity,
                       SUM(CASE WHEN r.refund_of IS NULL THEN l.amount ELSE -l.amount END) AS revenue
                FROM receipt r JOIN venue v ON v.id = r.venue_id
                     JOIN receipt_line l ON l.receipt_id = r.id
                     LEFT JOIN menu_item i ON i.id = l.menu_item_id
                WHERE %s
                GROUP BY l.menu_item_id, i.name
                ORDER BY revenue DESC, quantity DESC, i.name
                LIMIT %d""".formatted(where, TOP_ITEMS), params, (rs, n) -> new TopItem(
                rs.getObject("menu_item_id", UUID.class), rs.getString("name"), rs.getBigDecimal("quantity"),
                rs.getBigDecimal("revenue")));
        Map<Integer, HourRevenue> hours = new LinkedHashMap<>();
        for (int h = 0; h < 24; h++) {
            hours.put(h, new HourRevenue(h, BigDecimal.ZERO, 0));
        }
        jdbc.query("""
                SELECT EXTRACT(HOUR FROM r.closed_at AT TIME ZONE v.timezone)::int AS hour,
                       SUM(CASE WHEN r.refund_of IS NULL THEN r.total ELSE -r.total END) AS revenue,
                       COUNT(*) FILTER (WHERE r.refund_of IS NULL) AS receipts
                FROM receipt r JOIN venue v ON v.id = r.venue_id
                WHERE %s
                GROUP BY 1""".formatted(where), params, rs -> {
            int hour = rs.getInt("hour");
            hours.put(hour, new HourRevenue(hour, rs.getBigDecimal("revenue"), rs.getLong("receipts")));
        });
        return new Dashboard(day, venueId, totals, averageCheck, top, List.copyOf(hours.values()));
    }

    /** Today in the venue's time zone, or the business's without a venue. */
    @Transactional(readOnly = true)
    public LocalDate today(UUID venueId) {
        return LocalDate.now(clock.withZone(zone(venueId)));
    }

    /** The time zone of a venue the user sees, or the business's. */
    @Transactional(readOnly = true)
    public ZoneId zone(UUID venueId) {
        return venueId != null ? venues.get(venueId).getTimezone() : businesses.current().getTimezone();
    }

    // ---- cash shifts ------------------------------------------------------------------------------------------

    /**
     * Shifts of a venue (or of every venue the user sees) that were open at some time between the start of
     * {@code from} and the end of {@code to}, in the venue's time zone (the business's without a venue), newest
     * first.
     */
    @Transactional(readOnly = true)
    public List<ShiftRow> shifts(UUID venueId, LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new RuleViolation("to", "sales.periodReversed");
        }
        ZoneId zone = zone(venueId);
        Map<UUID, Venue> visible = new HashMap<>();
        venues.search(new Venues.VenueQuery(null, true), Pageable.unpaged())
                .forEach(v -> visible.put(v.getId(), v));
        return cashShifts.shifts(venueId, from.atStartOfDay(zone).toInstant(),
                        to.plusDays(1).atStartOfDay(zone).toInstant()).stream()
                .filter(s -> visible.containsKey(s.venueId()))
                .map(s -> {
                    ZoneId venueZone = visible.get(s.venueId()).getTimezone();
                    return new ShiftRow(s, visible.get(s.venueId()).getName(), local(s.openedAt(), venueZone),
                            local(s.closedAt(), venueZone));
                }).toList();
    }

    /** One event of a shift, at the local time of its venue. */
    public record ShiftEventRow(CashShifts.ShiftEvent event, LocalDateTime atLocal) {
    }

    /** A shift with its events, for its own page. */
    public record ShiftDetail(ShiftRow row, List<ShiftEventRow> events) {
    }

    /** A shift of a venue the user sees, with its events; empty when there is none such (another business's too). */
    @Transactional(readOnly = true)
    public Optional<ShiftDetail> shift(UUID shiftId) {
        return cashShifts.shift(shiftId).flatMap(s -> {
            Optional<Venue> venue = venues.search(new Venues.VenueQuery(null, true), Pageable.unpaged()).stream()
                    .filter(v -> v.getId().equals(s.venueId())).findFirst();
            return venue.map(v -> new ShiftDetail(new ShiftRow(s, v.getName(), local(s.openedAt(), v.getTimezone()),
                    local(s.closedAt(), v.getTimezone())), cashShifts.events(shiftId).stream()
                    .map(e -> new ShiftEventRow(e, local(e.at(), v.getTimezone()))).toList()));
        });
    }

    private static LocalDateTime local(Instant instant, ZoneId zone) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
    }

    /** The terminals of the venues the user sees (revoked ones too: they sold before), by name. */
    @Transactional(readOnly = true)
    public List<DeviceOption> devices() {
        return jdbc.query("""
                        SELECT id, name, venue_id, paired_at IS NOT NULL AND revoked_at IS NULL AS paired
                        FROM pos_device ORDER BY lower(name), id""", Map.of(),
                (rs, n) -> new DeviceOption(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getObject("venue_id", UUID.class), rs.getBoolean("paired"))).stream()
                .filter(d -> TenantContext.current().map(a -> a.seesVenue(d.venueId())).orElse(false)).toList();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String contains(String text) {
        return "%" + text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
    }
}
