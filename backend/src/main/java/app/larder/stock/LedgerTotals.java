package app.larder.stock;

import app.larder.business.Venues;
import app.larder.platform.tenancy.TenantContext;
import app.larder.stock.StockLedger.Kind;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the stock ledger's movements of a period are worth, per kind, for the P&L: the cost of goods sold (sales
 * write-offs less what refunds brought back), write-offs (also by reason) and stocktake shortages and surpluses, of a
 * venue's storages or of every venue the user sees.
 * <p>
 * A period is {@code [from, to)} in local dates, each storage's movements in the time zone of its venue. The figures
 * come from {@code stock_movement_total}: the value of the movements per storage, kind and quarter hour, derived from
 * the ledger, kept in the transaction of every posting (see {@link StockLedger}), checked by {@link #check()} and made
 * again by {@link #rebuild()}. A quarter hour lies within one local day in every time zone, so changing a venue's
 * zone needs no rebuild. {@link #fromLedger} sums the movements themselves, for checks and tie-outs.
 * <p>
 * A storage's kind and quarter hour is striped: each transaction adds to the row of its connection's stripe
 * ({@code pg_backend_pid() % 64}), so concurrent postings seldom wait on the same row, and every reader sums the
 * stripes. {@link #foldStripes} merges the stripes of older quarter hours into stripe 0.
 * <p>
 * Values are as the ledger has them now: a supply posted later into the past corrects the sales it revalues, at the
 * sales' own moments, so a closed month's cost of goods can still move; nothing here is rounded.
 */
@Service
public class LedgerTotals {

    /** Movements are summed per quarter hour of their moment; every zone's midnight is on one. */
    static final long QUARTER_SECONDS = 900;
    /**
     * The stripe a transaction adds to: its connection's server process, so concurrent transactions (on different
     * connections) mostly add to different rows, and one transaction always to the same stripe.
     */
    static final String STRIPE_SQL = "pg_backend_pid() % 64";

    private final NamedParameterJdbcTemplate jdbc;
    private final Venues venues;

    LedgerTotals(NamedParameterJdbcTemplate jdbc, Venues venues) {
        this.jdbc = jdbc;
        this.venues = venues;
    }

    /** The value of a period's movements per kind, signed as booked (what went out is negative). */
    public record Totals(Map<Kind, BigDecimal> byKind) {

        public Totals {
            EnumMap<Kind, BigDecimal> all = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                all.put(kind, byKind.getOrDefault(kind, BigDecimal.ZERO));
            }
            byKind = java.util.Collections.unmodifiableMap(all);
        }

        public BigDecimal of(Kind kind) {
            return byKind.get(kind);
        }

        /** The cost of goods sold: what sales wrote off, less what refunds brought back into stock. Positive. */
        public BigDecimal costOfGoodsSold() {
            return of(Kind.SALE).add(of(Kind.RETURN)).negate();
        }

        /** The value of sales write-offs alone (corrections included), positive. */
        public BigDecimal salesWriteOffs() {
            return of(Kind.SALE).negate();
        }

        /** What refunds brought back into stock, positive. */
        public BigDecimal returnedByRefunds() {
            return of(Kind.RETURN);
        }

        /** Write-offs (spoilage, staff meals...), positive. */
        public BigDecimal writeOffs() {
            return of(Kind.WRITE_OFF).negate();
        }

        /** Stocktake shortages, positive. */
        public BigDecimal shortages() {
            return of(Kind.SHORTAGE).negate();
        }

        /** Stocktake surpluses, positive. */
        public BigDecimal surpluses() {
            return of(Kind.SURPLUS);
        }
    }

    /** One movement's contribution, as {@link StockLedger} appends it. */
    record Booked(UUID storageId, Kind kind, Instant moment, BigDecimal value) {
    }

    private record Key(UUID storageId, String kind, Instant quarter) {
    }

    /**
     * Adds appended movements to the totals, in the caller's transaction (a rolled-back savepoint takes them back
     * with the movements), to the stripe of its connection. One statement; rows in one order, so two postings that
     * share a stripe never wait for each other in a circle over the totals.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(Collection<Booked> movements) {
        Map<Key, BigDecimal> sums = new TreeMap<>(Comparator.comparing(Key::quarter)
                .thenComparing(Key::storageId, StockLedger.UUID_ORDER).thenComparing(Key::kind));
        for (Booked m : movements) {
            if (m.value().signum() != 0) {
                sums.merge(new Key(m.storageId(), m.kind().name(), quarter(m.moment())), m.value(), BigDecimal::add);
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO stock_movement_total (tenant_id, storage_id, kind, quarter, stripe, value)
                VALUES (larder_current_tenant(), :storage, :kind, :quarter, %s, :value)
                ON CONFLICT (tenant_id, quarter, storage_id, kind, stripe) DO UPDATE
                SET value = stock_movement_total.value + EXCLUDED.value""".formatted(STRIPE_SQL),
                sums.entrySet().stream().map(e -> (SqlParameterSource) new MapSqlParameterSource()
                        .addValue("storage", e.getKey().storageId()).addValue("kind", e.getKey().kind())
                        .addValue("quarter", Timestamp.from(e.getKey().quarter())).addValue("value", e.getValue()))
                        .toArray(SqlParameterSource[]::new));
    }

    static Instant quarter(Instant moment) {
        return Instant.ofEpochSecond(Math.floorDiv(moment.getEpochSecond(), QUARTER_SECONDS) * QUARTER_SECONDS);
    }

    /**
     * The totals of {@code [from, to)} (local dates) of a venue's storages, or of every venue the user sees when
     * {@code venueId} is null, from the derived totals.
     */
    @Transactional(readOnly = true)
    public Totals totals(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "t.quarter", params);
        return byKind("""
                SELECT t.kind, SUM(t.value) AS value
                FROM stock_movement_total t JOIN storage s ON s.id = t.storage_id JOIN venue v ON v.id = s.venue_id
                WHERE %s GROUP BY t.kind""".formatted(where), params);
    }

    /** The same totals summed from the ledger's movements themselves: slower, for checks and tie-outs. */
    @Transactional(readOnly = true)
    public Totals fromLedger(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "m.moment", params);
        return byKind("""
                SELECT m.kind, SUM(m.value) AS value
                FROM stock_movement m JOIN storage s ON s.id = m.storage_id JOIN venue v ON v.id = s.venue_id
                WHERE %s GROUP BY m.kind""".formatted(where), params);
    }

    /**
     * Write-offs of the period by reason, positive, from the write-offs' own movements (a few per day, so no
     * derived totals). A movement is one line; when a write-off has the same ingredient on lines of different
     * reasons, the value of that ingredient is shared between them by quantity.
     */
    @Transactional(readOnly = true)
    public Map<String, BigDecimal> writeOffsByReason(UUID venueId, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(venueId, from, to, "m.moment", params);
        params.addValue("docFrom", Timestamp.from(from.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("docTo", Timestamp.from(to.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant()));
        Map<String, BigDecimal> reasons = new LinkedHashMap<>();
        jdbc.query("""
                WITH docs AS MATERIALIZED (
                    SELECT id FROM write_off WHERE written_off_at >= :docFrom AND written_off_at < :docTo
                ), valued AS (
                    SELECT m.document_id, m.item_id, SUM(m.value) AS value
                    FROM docs d
                    CROSS JOIN LATERAL (SELECT * FROM stock_movement x
                                        WHERE x.document_id = d.id AND x.kind = 'WRITE_OFF') m
                    JOIN storage s ON s.id = m.storage_id JOIN venue v ON v.id = s.venue_id
                    WHERE %s
                    GROUP BY m.document_id, m.item_id
                ), lines AS (
                    SELECT write_off_id, ingredient_id, reason, SUM(base_quantity) AS quantity,
                           SUM(SUM(base_quantity)) OVER (PARTITION BY write_off_id, ingredient_id) AS of_item
                    FROM write_off_line WHERE write_off_id IN (SELECT id FROM docs)
                    GROUP BY write_off_id, ingredient_id, reason
                )
                SELECT l.reason, -SUM(CASE WHEN l.quantity = l.of_item THEN x.value
                                           ELSE x.value * l.quantity / l.of_item END) AS value
                FROM valued x JOIN lines l ON l.write_off_id = x.document_id AND l.ingredient_id = x.item_id
                GROUP BY l.reason ORDER BY l.reason""".formatted(where), params, rs -> {
            reasons.put(rs.getString("reason"), rs.getBigDecimal("value"));
        });
        return reasons;
    }

    /**
     * The derived totals compared with the ledger: the storages, kinds and quarter hours whose total (all stripes
     * together) differs from the sum of their movements. Empty when all is well.
     */
    @Transactional(readOnly = true)
    public List<String> check() {
        return jdbc.queryForList("""
                SELECT COALESCE(t.storage_id, m.storage_id) || '/' || COALESCE(t.kind, m.kind) || '/'
                       || COALESCE(t.quarter, m.quarter) || ': ' || COALESCE(t.value, 0) || ' <> ' || COALESCE(m.value, 0)
                FROM (SELECT storage_id, kind, quarter, SUM(value) AS value
                      FROM stock_movement_total GROUP BY 1, 2, 3) t
                FULL JOIN (SELECT storage_id, kind, %s AS quarter, SUM(value) AS value
                           FROM stock_movement GROUP BY 1, 2, 3) m
                  ON m.storage_id = t.storage_id AND m.kind = t.kind AND m.quarter = t.quarter
                WHERE COALESCE(t.value, 0) <> COALESCE(m.value, 0)""".formatted(QUARTER_SQL.formatted("moment")),
                Map.of(), String.class);
    }

    /**
     * Makes the business's derived totals again from the ledger (after loading movements by SQL, or a repair), all
     * in stripe 0. Run it while nothing posts: a posting that commits during the rebuild may be counted twice or not
     * at all.
     */
    @Transactional
    public int rebuild() {
        jdbc.update("DELETE FROM stock_movement_total", Map.of());
        return jdbc.update("""
                INSERT INTO stock_movement_total (tenant_id, storage_id, kind, quarter, value)
                SELECT tenant_id, storage_id, kind, %s, SUM(value)
                FROM stock_movement GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0"""
                .formatted(QUARTER_SQL.formatted("moment")), Map.of());
    }

    /**
     * Merges the business's stripes of the quarter hours that began before {@code before} into stripe 0, so the
     * stripes of busy hours do not pile up (a scheduled job runs it for every business). One statement: the other
     * stripes' rows are locked in key order, deleted, and their sums added to stripe 0 in the order postings take
     * rows, so a posting into those quarter hours meanwhile either waits and is folded with it or adds to a row of
     * its own. Sums, {@link #check()} and every reader are unchanged. Returns the number of stripe-0 rows written.
     */
    @Transactional
    public int foldStripes(Instant before) {
        // kind in byte order, as add() sorts it in Java.
        return jdbc.update("""
                WITH doomed AS (
                    SELECT tenant_id, quarter, storage_id, kind, stripe FROM stock_movement_total
                    WHERE stripe <> 0 AND quarter < :before
                    ORDER BY quarter, storage_id, kind COLLATE "C", stripe
                    FOR UPDATE
                ), moved AS (
                    DELETE FROM stock_movement_total t USING doomed d
                    WHERE t.tenant_id = d.tenant_id AND t.quarter = d.quarter AND t.storage_id = d.storage_id
                      AND t.kind = d.kind AND t.stripe = d.stripe
                    RETURNING t.tenant_id, t.storage_id, t.kind, t.quarter, t.value
                )
                INSERT INTO stock_movement_total (tenant_id, storage_id, kind, quarter, stripe, value)
                SELECT tenant_id, storage_id, kind, quarter, 0, SUM(value)
                FROM moved GROUP BY tenant_id, quarter, storage_id, kind
                ORDER BY quarter, storage_id, kind COLLATE "C"
                ON CONFLICT (tenant_id, quarter, storage_id, kind, stripe) DO UPDATE
                SET value = stock_movement_total.value + EXCLUDED.value""",
                Map.of("before", Timestamp.from(before)));
    }

    /** The quarter hour of a moment in SQL, as {@link #quarter(Instant)} works it out. */
    static final String QUARTER_SQL = "date_bin('15 minutes', %s, TIMESTAMPTZ '2000-01-01 00:00:00+00')";

    private Totals byKind(String sql, MapSqlParameterSource params) {
        Map<Kind, BigDecimal> sums = new EnumMap<>(Kind.class);
        jdbc.query(sql, params, rs -> {
            sums.put(Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("value"));
        });
        return new Totals(sums);
    }

    /**
     * The conditions of a period and venue: the local date of {@code moment} in the venue's zone within
     * {@code [from, to)}, with a range of instants around it (zones lie within a day of UTC) for the index; the
     * user's venues only. A venue of another business or out of the user's reach is not found.
     */
    private String where(UUID venueId, LocalDate from, LocalDate to, String moment, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("""
                %1$s >= :coarseFrom AND %1$s < :coarseTo
                AND (%1$s AT TIME ZONE v.timezone)::date >= :from AND (%1$s AT TIME ZONE v.timezone)::date < :to"""
                .formatted(moment));
        params.addValue("coarseFrom", Timestamp.from(from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("coarseTo", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("from", from).addValue("to", to);
        if (venueId != null) {
            venues.get(venueId);
            where.append(" AND s.venue_id = :venue");
            params.addValue("venue", venueId);
        }
        Set<UUID> scope = TenantContext.current().map(TenantContext.Actor::venueScope).orElse(null);
        if (scope != null) {
            if (scope.isEmpty()) {
                where.append(" AND FALSE");
            } else {
                where.append(" AND s.venue_id IN (:scope)");
                params.addValue("scope", scope);
            }
        }
        return where.toString();
    }
}
