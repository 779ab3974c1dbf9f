package app.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a benchmark prints, as it goes, and keeps to write into its report file at the end. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    void line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(format, args);
        System.out.println(line);
        System.out.flush();
        text.append(line).append('\n');
    }

    void writeTo(Path file) throws IOException {
        Files.writeString(file, text);
    }

    /** The machine's load average as {@code /proc/loadavg} has it: the runs share the cores with everything else. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
