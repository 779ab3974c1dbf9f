package app.larder.report.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.report.ExportProgress;
import app.larder.report.ReportExport;
import app.larder.report.ReportExports;
import app.larder.report.ReportFormat;
import app.larder.report.ReportRequest;
import app.larder.report.Reports;
import app.larder.report.Rows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.context.MessageSource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Report export: the reports a user may export, exports started in the background and followed to their file, and
 * small exports answered at once. Owners and accountants export every report; managers the operational ones, of
 * their venues. Another user's or business's export, or a venue the user does not see, is not found.
 */
@RestController
@Tag(name = "Reports")
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER', 'ACCOUNTANT')")
class ReportApi {

    private static final Set<String> REQUEST_PARAMETERS = Set.of("format", "from", "to", "venueId");
    /** The most rows a report answered at once may have. */
    static final int DIRECT_ROWS = 5_000;

    private final Reports reports;
    private final ReportExports exports;
    private final MessageSource messages;

    ReportApi(Reports reports, ReportExports exports, MessageSource messages) {
        this.reports = reports;
        this.exports = exports;
        this.messages = messages;
    }

    /** {@code audience}: OPERATIONAL or FINANCIAL; {@code parameters}: what {@code params} may hold. */
    record ReportResponse(String name, String title, String audience, List<String> formats, boolean needsPeriod,
                          List<String> parameters) {
    }

    /**
     * What to export: {@code from} and {@code to} are local dates, both inclusive (not needed by stock balances);
     * {@code venueId} null for every venue the user sees; {@code params} as the report lists them
     * ({@code storageId}, {@code itemId}, {@code supplierId}, {@code at}).
     */
    record ExportRequest(@NotBlank String report, @NotBlank String format, LocalDate from, LocalDate to,
                         UUID venueId, Map<String, String> params) {
    }

    /**
     * An export: {@code status} QUEUED, RUNNING, DONE or FAILED; {@code progress} in percent; {@code file} the
     * download's path once DONE; {@code error} why it failed.
     */
    record ExportResponse(UUID id, String report, String format, LocalDate from, LocalDate to, UUID venueId,
                          String status, int progress, long rows, String fileName, Long fileSize, String file,
                          String error, Instant createdAt, Instant finishedAt) {
    }

    @GetMapping("/api/v1/reports")
    @Operation(summary = "The reports the user may export, with their formats and parameters")
    List<ReportResponse> list(CurrentUser me) {
        return ReportAccess.visible(reports, me).stream().map(r -> new ReportResponse(r.name(),
                messages.getMessage("report." + r.name(), null, r.name(), me.locale()), r.audience().name(),
                r.formats().stream().sorted().map(Enum::name).toList(), r.needsPeriod(),
                r.parameters().stream().sorted().toList())).toList();
    }

    @PostMapping("/api/v1/report-exports")
    @Operation(summary = "Starts an export in the background and answers 202 with the job to follow "
            + "(GET /api/v1/report-exports/{id}) and download when DONE (…/{id}/file)")
    ResponseEntity<ExportResponse> start(@Valid @RequestBody ExportRequest body, CurrentUser me) {
        ReportAccess.check(reports, body.report(), me);
        ReportExport export = exports.start(new ReportRequest(body.report(), body.format(), body.from(), body.to(),
                body.venueId(), body.params()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/report-exports/" + export.getId())).body(response(export, me));
    }

    @GetMapping("/api/v1/report-exports")
    @Operation(summary = "The user's exports of the last day, newest first")
    List<ExportResponse> mine(CurrentUser me) {
        return exports.mine(50).stream().map(e -> response(e, me)).toList();
    }

    @GetMapping("/api/v1/report-exports/{id}")
    @Operation(summary = "An export's status and progress")
    ExportResponse get(@PathVariable UUID id, CurrentUser me) {
        return response(exports.get(id), me);
    }

    @GetMapping("/api/v1/report-exports/{id}/file")
    @Operation(summary = "The file of a finished export (404 while it runs, after it failed or was deleted)")
    ResponseEntity<Resource> file(@PathVariable UUID id) {
        ReportExports.ExportFile file = exports.file(id);
        return download(new FileSystemResource(file.path()), file.fileName(), file.format());
    }

    @GetMapping("/api/v1/reports/{name}/export")
    @Operation(summary = "A small report answered at once, as PDF, XLSX or CSV (format); the same parameters as a "
            + "background export, the report's own ones (storageId, itemId, supplierId, at) as query parameters; "
            + "more than 5,000 rows is refused (422): start a background export")
    ResponseEntity<byte[]> direct(@PathVariable String name, @RequestParam String format,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                  LocalDate from,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                  LocalDate to,
                                  @RequestParam(required = false) UUID venueId,
                                  @RequestParam Map<String, String> all, CurrentUser me) throws IOException {
        ReportAccess.check(reports, name, me);
        Map<String, String> params = new HashMap<>(all);
        params.keySet().removeAll(REQUEST_PARAMETERS);
        Reports.Checked checked = reports.check(new ReportRequest(name, format, from, to, venueId, params));
        Rows rows = reports.rows(checked);
        // Answered at once means built in memory: a large report belongs in a background export.
        if (rows.expected() > DIRECT_ROWS) {
            throw new RuleViolation("report", "report.tooLargeForDirect", DIRECT_ROWS);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.export(checked, rows, out, ExportProgress.NONE);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(Reports.fileName(checked)))
                .contentType(MediaType.parseMediaType(checked.format().contentType())).body(out.toByteArray());
    }

    static <T> ResponseEntity<T> download(T body, String fileName, ReportFormat format) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName))
                .contentType(MediaType.parseMediaType(format.contentType())).body(body);
    }

    private static String attachment(String fileName) {
        return ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString();
    }

    private ExportResponse response(ReportExport e, CurrentUser me) {
        return new ExportResponse(e.getId(), e.getReport(), e.getFormat().name(), e.getPeriodFrom(),
                e.getPeriodTo(), e.getVenueId(), e.getStatus().name(), e.getProgress(), e.getRowsDone(),
                e.getFileName(), e.getFileSize(), e.getStatus() == ReportExport.Status.DONE
                ? "/api/v1/report-exports/" + e.getId() + "/file" : null,
                e.getError() == null ? null : messages.getMessage(e.getError(), null, e.getError(), me.locale()),
                e.getCreatedAt(), e.getFinishedAt());
    }
}
