package app.larder.platform.web;

import app.larder.platform.audit.AuditLog;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** The owner reads who changed what, filtered by user, kind of thing, action, dates and text. */
@Controller
class AuditPage {

    private final AuditLog audit;
    private final Formats formats;

    AuditPage(AuditLog audit, Formats formats) {
        this.audit = audit;
        this.formats = formats;
    }

    @GetMapping("/settings/audit")
    @PreAuthorize("hasRole('OWNER')")
    String audit(@RequestParam(required = false) UUID userId,
                 @RequestParam(required = false) String entityType,
                 @RequestParam(required = false) String action,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                 @RequestParam(required = false) String q,
                 @RequestParam(required = false) Integer page, Model model) {
        var filter = new AuditLog.Filter(userId, entityType, action,
                from == null ? null : from.atStartOfDay(formats.zone()).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(formats.zone()).toInstant(), q);
        model.addAttribute("entries", audit.search(filter,
                Paging.of(page, 50, "occurredAt,desc", Set.of("occurredAt"), "occurredAt,desc")));
        model.addAttribute("entityTypes", audit.entityTypes());
        model.addAttribute("filter", filter);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "platform/audit";
    }
}
