package app.larder.report;

/** Told how many rows of an export are done: every few hundred rows and at the end. */
@FunctionalInterface
public interface ExportProgress {

    ExportProgress NONE = (done, expected) -> {
    };

    void rows(long done, long expected);
}
