package app.larder.report;

import app.larder.business.Business;
import app.larder.business.Businesses;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reports that can be exported, the checks of a request (report, format, period, venue), and the export itself
 * into a stream: PDF and XLSX through the compiled Jasper templates, CSV directly. Who may export which report is
 * the {@link Report.Audience}'s rule, applied by the caller that knows the user's role; venue limits apply through
 * the features' own services.
 */
@Service
public class Reports {

    private final Map<String, Report> byName = new TreeMap<>();
    private final Businesses businesses;
    private final Venues venues;
    private final Storages storages;
    private final ReportDocuments documents;
    private final MessageSource messages;
    private final Clock clock;

    Reports(List<Report> reports, Businesses businesses, Venues venues, Storages storages,
            ReportDocuments documents, MessageSource messages, Clock clock) {
        reports.forEach(r -> byName.put(r.name(), r));
        this.businesses = businesses;
        this.venues = venues;
        this.storages = storages;
        this.documents = documents;
        this.messages = messages;
        this.clock = clock;
    }

    /** Every report, by name. */
    public List<Report> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Report> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /**
     * A request that passed the checks, with what its document says at the top: the business, the venue, the
     * period, when it was made, in the business's language, zone and currency.
     */
    public record Checked(Report report, ReportFormat format, ReportRequest request, ReportScope scope,
                          Header header) {
    }

    /** The heading every document carries. */
    public record Header(String title, String business, String venue, String period, String generated,
                         Currency currency, Locale locale, ZoneId zone) {
    }

    /**
     * Checks a request: a known report and one of its formats, a period that ends on or after its start (required
     * where the report needs one), a venue and a storage the user sees, ids that are ids. Refuses with a {@link RuleViolation} (or not found).
     */
    @Transactional(readOnly = true)
    public Checked check(ReportRequest request) {
        Report report = find(request.report()).orElseThrow(() -> new RuleViolation("report", "report.unknown"));
        ReportFormat format = ReportFormat.of(request.format()).filter(f -> report.formats().contains(f))
                .orElseThrow(() -> new RuleViolation("format", "report.unknownFormat"));
        if (report.needsPeriod() && request.from() == null) {
            throw new RuleViolation("from", "validation.required");
        }
        if (report.needsPeriod() && request.to() == null) {
            throw new RuleViolation("to", "validation.required");
        }
        if (request.from() != null && request.to() != null && request.to().isBefore(request.from())) {
            throw new RuleViolation("to", "report.periodEndBeforeStart");
        }
        for (String parameter : report.parameters()) {
            if (parameter.endsWith("Id")) {
                request.id(parameter);
            }
        }
        if (report.parameters().contains("storageId") && request.id("storageId") != null) {
            storages.get(request.id("storageId"));
        }
        Business business = businesses.current();
        Locale locale = business.getLocale();
        Venue venue = request.venueId() == null ? null : venues.get(request.venueId());
        ZoneId zone = venue != null ? venue.getTimezone() : business.getTimezone();
        Instant start = request.from() == null ? null : request.from().atStartOfDay(zone).toInstant();
        Instant end = request.to() == null ? null : request.to().plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        Instant at = moment(request.param("at"), zone);
        if (at == null) {
            at = end != null && end.isBefore(now) ? end : now;
        }
        String venueName = venue != null ? venue.getName() : text("report.allVenues", locale);
        ReportScope scope = new ReportScope(zone, start, end, at, venueName, key -> text(key, locale));
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        DateTimeFormatter dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale);
        String period = report.needsPeriod()
                ? text("report.period", locale, date.format(request.from()), date.format(request.to()))
                : text("report.asOf", locale, dateTime.format(LocalDateTime.ofInstant(at, zone)));
        String generated = text("report.generated", locale,
                dateTime.format(LocalDateTime.ofInstant(now, business.getTimezone())),
                business.getTimezone().getId());
        Header header = new Header(text("report." + report.name(), locale), business.getName(), venueName, period,
                generated, business.getCurrency(), locale, zone);
        return new Checked(report, format, request, scope, header);
    }

    /**
     * Writes the document of a checked request to {@code out}, reading the rows as it goes (the report's services
     * open their own short transactions). Answers how many rows it held.
     */
    public long export(Checked checked, OutputStream out, ExportProgress progress) throws IOException {
        return export(checked, rows(checked), out, progress);
    }

    /** The rows of a checked request, not yet read: {@link Rows#expected()} tells how many are coming. */
    public Rows rows(Checked checked) {
        return checked.report().rows(checked.request(), checked.scope());
    }

    /** Writes the document of rows already opened with {@link #rows(Checked)}. */
    public long export(Checked checked, Rows rows, OutputStream out, ExportProgress progress) throws IOException {
        return documents.write(checked, rows, out, progress);
    }

    /** The file name a document is offered under: {@code sales-by-item-2026-01-01-2026-01-31.pdf}. */
    public static String fileName(Checked checked) {
        ReportRequest r = checked.request();
        String period = checked.report().needsPeriod() ? "-" + r.from() + "-" + r.to()
                : "-" + LocalDate.ofInstant(checked.scope().at(), checked.scope().zone());
        return checked.report().name() + period + "." + checked.format().extension();
    }

    /** Reports in the order a page lists them: by title. */
    public List<Report> sortedByTitle(Locale locale) {
        return byName.values().stream().sorted(Comparator.comparing(r -> text("report." + r.name(), locale)))
                .toList();
    }

    private static Instant moment(String value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() <= 10 ? LocalDate.parse(value).plusDays(1).atStartOfDay(zone).toInstant()
                    : LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new RuleViolation("at", "report.badParameter");
        }
    }

    String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
