package app.larder.report.web;

import app.larder.platform.security.CurrentUser;
import app.larder.report.Report;
import app.larder.report.Reports;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;

/**
 * Who may export what: owners and accountants every report, managers the operational ones (of the venues they are
 * limited to, which the features' services enforce). A report the role may not export is forbidden; an unknown
 * one is left to {@link Reports#check} to refuse.
 */
final class ReportAccess {

    private ReportAccess() {
    }

    static void check(Reports reports, String name, CurrentUser me) {
        reports.find(name).filter(r -> !r.audience().allows(me.role())).ifPresent(r -> {
            throw new AccessDeniedException("Report " + name + " is not for " + me.role());
        });
    }

    static List<Report> visible(Reports reports, CurrentUser me) {
        return reports.sortedByTitle(me.locale()).stream().filter(r -> r.audience().allows(me.role())).toList();
    }
}
