package app.larder.report;

import app.larder.platform.tenancy.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An export run in the background: who asked for which report, how far it got, and the file it made. Only the user
 * who asked sees it; its file is deleted with it after a day.
 */
@Entity
@Table(name = "report_export")
public class ReportExport extends TenantOwned {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(nullable = false, updatable = false)
    private String report;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private ReportFormat format;

    @Column(name = "venue_id", updatable = false)
    private UUID venueId;

    @Column(name = "period_from", updatable = false)
    private LocalDate periodFrom;

    @Column(name = "period_to", updatable = false)
    private LocalDate periodTo;

    @Column(nullable = false, updatable = false)
    private String parameters;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(nullable = false)
    private int progress;

    @Column(name = "rows_done", nullable = false)
    private long rowsDone;

    @Column(name = "file_name")
    private String fileName;

    @Column(name = "file_size")
    private Long fileSize;

    private String error;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected ReportExport() {
    }

    /** {@code period}: whether the report has one (balances are as of a moment, whatever dates the form held). */
    ReportExport(UUID id, UUID userId, ReportRequest request, boolean period, ReportFormat format, String fileName,
                 Instant now) {
        super(id);
        this.userId = userId;
        this.report = request.report();
        this.format = format;
        this.venueId = request.venueId();
        this.periodFrom = period ? request.from() : null;
        this.periodTo = period ? request.to() : null;
        this.parameters = request.params().toString();
        this.status = Status.QUEUED;
        this.fileName = fileName;
        this.createdAt = now;
    }

    void running() {
        status = Status.RUNNING;
    }

    void progressed(long rows, int percent) {
        rowsDone = rows;
        progress = Math.max(progress, Math.min(99, percent));
    }

    void done(long rows, long size, Instant now) {
        status = Status.DONE;
        rowsDone = rows;
        progress = 100;
        fileSize = size;
        finishedAt = now;
    }

    void failed(String messageKey, Instant now) {
        status = Status.FAILED;
        error = messageKey;
        finishedAt = now;
    }

    public UUID getUserId() {
        return userId;
    }

    public String getReport() {
        return report;
    }

    public ReportFormat getFormat() {
        return format;
    }

    public UUID getVenueId() {
        return venueId;
    }

    public LocalDate getPeriodFrom() {
        return periodFrom;
    }

    public LocalDate getPeriodTo() {
        return periodTo;
    }

    public Status getStatus() {
        return status;
    }

    public int getProgress() {
        return progress;
    }

    public long getRowsDone() {
        return rowsDone;
    }

    public String getFileName() {
        return fileName;
    }

    public Long getFileSize() {
        return fileSize;
    }

    /** A message key saying why it failed. */
    public String getError() {
        return error;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
