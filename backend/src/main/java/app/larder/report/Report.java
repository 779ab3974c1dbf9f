package app.larder.report;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One report that can be exported: a Spring bean in this package and a template {@code <name>.jrxml} in
 * {@code backend/src/main/reports} whose fields are the keys of the rows (docs/reports.md says how to add one).
 * The report reads its rows from the feature that owns the data, through that feature's public services, within
 * the user's tenant and venues; it never reads another feature's tables.
 */
public interface Report {

    /** Who may export it. */
    enum Audience {
        /** The day's work of venues: owners and accountants, and managers for their venues. */
        OPERATIONAL,
        /** The business's money (P&L, cash flow): owners and accountants only. */
        FINANCIAL;

        public boolean allows(String role) {
            return switch (role) {
                case "OWNER", "ACCOUNTANT" -> true;
                case "MANAGER" -> this == OPERATIONAL;
                default -> false;
            };
        }
    }

    /** A column of the table: a key of the rows, and the message key of its heading. */
    record Column(String field, String labelKey, Kind kind) {

        /** How the value is shown: money rounded to the currency's digits, quantities to three places. */
        public enum Kind { TEXT, MONEY, QUANTITY, NUMBER }

        public static Column text(String field, String labelKey) {
            return new Column(field, labelKey, Kind.TEXT);
        }

        public static Column money(String field, String labelKey) {
            return new Column(field, labelKey, Kind.MONEY);
        }

        public static Column quantity(String field, String labelKey) {
            return new Column(field, labelKey, Kind.QUANTITY);
        }

        public static Column number(String field, String labelKey) {
            return new Column(field, labelKey, Kind.NUMBER);
        }
    }

    /** The name in URLs and requests, and of the template: {@code sales-by-item}. Its title is {@code report.<name>}. */
    String name();

    Audience audience();

    /** The columns in order: the CSV's, and the fields the template prints. */
    List<Column> columns();

    /** The rows for a request already checked (period, venue), each a map from the columns' fields to values. */
    Rows rows(ReportRequest request, ReportScope scope);

    /** Whether {@code from} and {@code to} are required; a report as of a moment needs none. */
    default boolean needsPeriod() {
        return true;
    }

    /** The parameters it reads besides period and venue ({@code storageId}, {@code itemId}, {@code at}). */
    default Set<String> parameters() {
        return Set.of();
    }

    default Set<ReportFormat> formats() {
        return EnumSet.allOf(ReportFormat.class);
    }
}
