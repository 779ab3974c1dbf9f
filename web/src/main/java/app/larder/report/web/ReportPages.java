package app.larder.report.web;

import app.larder.business.Storages;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.report.ReportExport;
import app.larder.report.ReportExports;
import app.larder.report.ReportRequest;
import app.larder.report.Reports;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The reports page: choose a report, a format, a period and a venue (a storage for stock reports), start the export,
 * and watch it run (htmx asks for the row again every second until it is done) to download it. The latest exports of
 * the user stay listed for a day.
 */
@Controller
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER', 'ACCOUNTANT')")
class ReportPages {

    private final Reports reports;
    private final ReportExports exports;
    private final Venues venues;
    private final Storages storages;

    ReportPages(Reports reports, ReportExports exports, Venues venues, Storages storages) {
        this.reports = reports;
        this.exports = exports;
        this.venues = venues;
        this.storages = storages;
    }

    /** The form as submitted; {@code at} is a local date-time for stock balances. */
    record ExportForm(String report, String format,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      UUID venueId, UUID storageId, String at) {

        ReportRequest request() {
            Map<String, String> params = new HashMap<>();
            if (storageId != null) {
                params.put("storageId", storageId.toString());
            }
            if (at != null && !at.isBlank()) {
                params.put("at", at);
            }
            return new ReportRequest(report, format, from, to, venueId, params);
        }
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/reports")
    String page(CurrentUser me, Model model) {
        LocalDate today = LocalDate.now(me.timezone());
        model.addAttribute("reports", ReportAccess.visible(reports, me));
        model.addAttribute("venues", venues.active());
        model.addAttribute("storages", storages.search(new Storages.StorageQuery(null, null, false),
                Pageable.unpaged(Sort.by("name"))).getContent());
        model.addAttribute("from", today.withDayOfMonth(1));
        model.addAttribute("to", today);
        model.addAttribute("exports", exports.mine(20));
        return "report/reports";
    }

    /** Starts an export; to htmx answers the new row (or the reason it was refused), else back to the page. */
    @PostMapping("/reports/exports")
    String start(@ModelAttribute ExportForm form, CurrentUser me, Model model, HttpServletResponse response,
                 @RequestHeader(value = "HX-Request", required = false) String htmx, RedirectAttributes redirect) {
        try {
            ReportAccess.check(reports, form.report(), me);
            ReportExport export = exports.start(form.request());
            if (htmx == null) {
                redirect.addFlashAttribute("success", "report.started");
                return "redirect:/reports";
            }
            model.addAttribute("export", export);
            return "report/reports :: job";
        } catch (RuleViolation e) {
            if (htmx == null) {
                redirect.addFlashAttribute("failure", e.messageKey());
                redirect.addFlashAttribute("failureArgs", e.args());
                return "redirect:/reports";
            }
            response.setHeader("HX-Retarget", "#export-failure");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("failure", e.messageKey());
            model.addAttribute("failureArgs", e.args());
            return "report/reports :: failure";
        }
    }

    /** One export's row, which htmx asks for again while the export runs. */
    @GetMapping("/reports/exports/{id}")
    String job(@PathVariable UUID id, Model model) {
        model.addAttribute("export", exports.get(id));
        return "report/reports :: job";
    }

    @GetMapping("/reports/exports/{id}/file")
    ResponseEntity<Resource> file(@PathVariable UUID id) {
        ReportExports.ExportFile file = exports.file(id);
        return ReportApi.download(new FileSystemResource(file.path()), file.fileName(), file.format());
    }
}
