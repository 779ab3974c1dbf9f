package app.larder.report;

import net.sf.jasperreports.engine.JRDataSource;
import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JRField;
import net.sf.jasperreports.engine.JRParameter;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.export.ooxml.JRXlsxExporter;
import net.sf.jasperreports.engine.fill.JRSwapFileVirtualizer;
import net.sf.jasperreports.engine.util.JRLoader;
import net.sf.jasperreports.engine.util.JRSwapFile;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleOutputStreamExporterOutput;
import net.sf.jasperreports.export.SimpleXlsxReportConfiguration;
import net.sf.jasperreports.pdf.JRPdfExporter;
import net.sf.jasperreports.pdf.SimplePdfExporterConfiguration;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.support.MessageSourceResourceBundle;
import org.springframework.stereotype.Component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns rows into documents. PDF and XLSX: the template compiled at build time ({@code /reports/<name>.jasper},
 * loaded once and kept), filled from the rows as they stream in, with pages beyond a few swapped to a file
 * (Jasper's virtualizer) so a year of receipts never sits in memory. CSV: written row by row, no Jasper.
 */
@Component
class ReportDocuments {

    static final int PROGRESS_EVERY = 500;
    /** Filled pages kept in memory; the rest wait in the swap file until the exporter reads them. */
    private static final int PAGES_IN_MEMORY = 10;

    private final Map<String, JasperReport> templates = new ConcurrentHashMap<>();
    private final MessageSource messages;
    private final Path swapDirectory;

    ReportDocuments(MessageSource messages,
                    @Value("${larder.reports.directory:${java.io.tmpdir}/larder-reports}") Path directory) {
        this.messages = messages;
        this.swapDirectory = directory.resolve("swap");
    }

    long write(Reports.Checked checked, Rows rows, OutputStream out, ExportProgress progress) throws IOException {
        return switch (checked.format()) {
            case CSV -> csv(checked, rows, out, progress);
            case PDF, XLSX -> jasper(checked, rows, out, progress);
        };
    }

    /** The compiled template of a report; a report without one is a mistake of the build, not of the user. */
    JasperReport template(String name) {
        return templates.computeIfAbsent(name, n -> {
            try (InputStream in = ReportDocuments.class.getResourceAsStream("/reports/" + n + ".jasper")) {
                if (in == null) {
                    throw new IllegalStateException("No compiled template /reports/" + n + ".jasper: is "
                            + n + ".jrxml in backend/src/main/reports?");
                }
                return (JasperReport) JRLoader.loadObject(in);
            } catch (IOException | JRException e) {
                throw new IllegalStateException("Cannot load the report template " + n, e);
            }
        });
    }

    private long jasper(Reports.Checked checked, Rows rows, OutputStream out, ExportProgress progress) throws IOException {
        Reports.Header header = checked.header();
        Files.createDirectories(swapDirectory);
        JRSwapFileVirtualizer virtualizer = new JRSwapFileVirtualizer(PAGES_IN_MEMORY,
                new JRSwapFile(swapDirectory.toString(), 4096, 256), true);
        RowSource source = new RowSource(rows, progress);
        try {
            // Jasper writes into the map it is given, so it must be mutable.
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("TITLE", header.title());
            parameters.put("BUSINESS", header.business());
            parameters.put("VENUE", header.venue());
            parameters.put("PERIOD", header.period());
            parameters.put("GENERATED", header.generated());
            parameters.put("CURRENCY_NOTE", messages.getMessage("report.currency",
                    new Object[]{header.currency().getCurrencyCode()}, "report.currency", header.locale()));
            parameters.put("MONEY_PATTERN", moneyPattern(header.currency().getDefaultFractionDigits()));
            parameters.put("QUANTITY_PATTERN", "#,##0.###");
            parameters.put(JRParameter.REPORT_LOCALE, header.locale());
            parameters.put(JRParameter.REPORT_TIME_ZONE, TimeZone.getTimeZone(header.zone()));
            parameters.put(JRParameter.REPORT_RESOURCE_BUNDLE,
                    new MessageSourceResourceBundle(messages, header.locale()));
            parameters.put(JRParameter.REPORT_VIRTUALIZER, virtualizer);
            JasperPrint print = JasperFillManager.fillReport(template(checked.report().name()), parameters, source);
            // Filled: the exporter only reads pages back now.
            virtualizer.setReadOnly(true);
            if (checked.format() == ReportFormat.PDF) {
                JRPdfExporter exporter = new JRPdfExporter();
                exporter.setExporterInput(new SimpleExporterInput(print));
                exporter.setExporterOutput(new SimpleOutputStreamExporterOutput(out));
                SimplePdfExporterConfiguration configuration = new SimplePdfExporterConfiguration();
                configuration.setMetadataTitle(header.title());
                configuration.setMetadataAuthor(header.business());
                configuration.setMetadataCreator("Larder");
                exporter.setConfiguration(configuration);
                exporter.exportReport();
            } else {
                JRXlsxExporter exporter = new JRXlsxExporter();
                exporter.setExporterInput(new SimpleExporterInput(print));
                exporter.setExporterOutput(new SimpleOutputStreamExporterOutput(out));
                SimpleXlsxReportConfiguration configuration = new SimpleXlsxReportConfiguration();
                configuration.setDetectCellType(true);
                configuration.setOnePagePerSheet(false);
                configuration.setRemoveEmptySpaceBetweenRows(true);
                configuration.setRemoveEmptySpaceBetweenColumns(true);
                configuration.setWhitePageBackground(false);
                exporter.setConfiguration(configuration);
                exporter.exportReport();
            }
        } catch (JRException e) {
            throw new IOException("Cannot make the " + checked.format() + " of " + checked.report().name(), e);
        } finally {
            virtualizer.cleanup();
        }
        progress.rows(source.done, Math.max(source.done, rows.expected()));
        return source.done;
    }

    private long csv(Reports.Checked checked, Rows rows, OutputStream out, ExportProgress progress) throws IOException {
        List<Report.Column> columns = checked.report().columns();
        int moneyDigits = checked.header().currency().getDefaultFractionDigits();
        // A byte-order mark, so that spreadsheet programs read the UTF-8 (Cyrillic names) as UTF-8.
        out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        CSVPrinter printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
                CSVFormat.DEFAULT);
        List<String> headings = new ArrayList<>();
        columns.forEach(c -> headings.add(messages.getMessage(c.labelKey(), null, c.labelKey(),
                checked.header().locale())));
        printer.printRecord(headings);
        long done = 0;
        while (rows.hasNext()) {
            Map<String, Object> row = rows.next();
            List<String> values = new ArrayList<>(columns.size());
            for (Report.Column column : columns) {
                values.add(csvValue(row.get(column.field()), column.kind(), moneyDigits));
            }
            printer.printRecord(values);
            if (++done % PROGRESS_EVERY == 0) {
                progress.rows(done, rows.expected());
            }
        }
        printer.flush();
        progress.rows(done, Math.max(done, rows.expected()));
        return done;
    }

    /** Money rounded to the currency's digits (half-even), as the documents show it; quantities exact. */
    static String csvValue(Object value, Report.Column.Kind kind, int moneyDigits) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal number) {
            return kind == Report.Column.Kind.MONEY
                    ? number.setScale(moneyDigits, RoundingMode.HALF_EVEN).toPlainString()
                    : number.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    static String moneyPattern(int digits) {
        return digits <= 0 ? "#,##0" : "#,##0." + "0".repeat(digits);
    }

    /** The rows as Jasper reads them, counting for the progress. */
    private static final class RowSource implements JRDataSource {

        private final Rows rows;
        private final ExportProgress progress;
        private Map<String, Object> current;
        private long done;

        RowSource(Rows rows, ExportProgress progress) {
            this.rows = rows;
            this.progress = progress;
        }

        @Override
        public boolean next() {
            if (!rows.hasNext()) {
                return false;
            }
            current = rows.next();
            if (++done % PROGRESS_EVERY == 0) {
                progress.rows(done, rows.expected());
            }
            return true;
        }

        @Override
        public Object getFieldValue(JRField field) {
            return current.get(field.getName());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
