package app.larder.report;

import java.util.Locale;
import java.util.Optional;

/** What a report is exported as. */
public enum ReportFormat {

    PDF("application/pdf", "pdf"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    CSV("text/csv", "csv");

    private final String contentType;
    private final String extension;

    ReportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** {@code pdf}, {@code XLSX}…; empty for anything else. */
    public static Optional<ReportFormat> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ReportFormat format : values()) {
            if (format.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
