package app.larder.menu.web;

import app.larder.menu.Spreadsheets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** CSV import and export of ingredients, menu items and tech cards (formats in docs/import-export.md). */
@RestController
@Tag(name = "Import and export")
class SpreadsheetApi {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final Spreadsheets spreadsheets;
    private final MessageSource messages;

    SpreadsheetApi(Spreadsheets spreadsheets, MessageSource messages) {
        this.spreadsheets = spreadsheets;
        this.messages = messages;
    }

    /** One problem of a row: its line in the file (1 is the header), the column, and what is wrong. */
    record RowProblem(long line, String column, String message) {
    }

    record ReportResponse(int rows, int imported, boolean applied, List<RowProblem> problems) {
    }

    @PostMapping(value = "/api/v1/imports/{kind}", consumes = {"text/csv", "text/plain"})
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    @Operation(summary = "Import ingredients, menu-items or tech-cards from CSV. With any problem nothing is "
            + "imported (422, problems by line) unless onlyValid=true, which imports the valid rows and lists the rest.")
    ResponseEntity<?> importCsv(@PathVariable String kind, @RequestBody String csv,
                                @RequestParam(defaultValue = "false") boolean onlyValid) {
        Spreadsheets.Report report = switch (kind) {
            case "ingredients" -> spreadsheets.importIngredients(csv, onlyValid);
            case "menu-items" -> spreadsheets.importMenuItems(csv, onlyValid);
            case "tech-cards" -> spreadsheets.importTechCards(csv, onlyValid);
            default -> throw new app.larder.platform.NotFoundException("import", null);
        };
        ReportResponse body = response(report);
        if (report.applied()) {
            return ResponseEntity.ok(body);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                messages.getMessage("import.nothingImported", null, "Nothing was imported.", LocaleContextHolder.getLocale()));
        problem.setProperties(Map.of("errors", body.problems().stream().map(p -> Map.of(
                "field", "line " + p.line() + (p.column() == null ? "" : " " + p.column()),
                "message", p.message())).toList(), "rows", body.rows()));
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @GetMapping(value = "/api/v1/exports/{kind}", produces = "text/csv")
    @Operation(summary = "Export ingredients, menu-items or tech-cards as CSV, in the format the import reads")
    ResponseEntity<String> exportCsv(@PathVariable String kind) {
        String csv = switch (kind) {
            case "ingredients" -> spreadsheets.exportIngredients();
            case "menu-items" -> spreadsheets.exportMenuItems();
            case "tech-cards" -> spreadsheets.exportTechCards();
            default -> throw new app.larder.platform.NotFoundException("export", null);
        };
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + kind + ".csv\"")
                .body(csv);
    }

    ReportResponse response(Spreadsheets.Report report) {
        return new ReportResponse(report.rows(), report.imported(), report.applied(), report.problems().stream()
                .map(p -> new RowProblem(p.line(), p.column(), messages.getMessage(p.messageKey(),
                        p.args().toArray(), p.messageKey(), LocaleContextHolder.getLocale())))
                .toList());
    }
}
