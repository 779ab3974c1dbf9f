package app.larder.report;

import app.larder.platform.tenancy.TenantContext;
import app.larder.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Report export through the API and the page: every report as PDF, XLSX and CSV, read back (PDFBox, POI) for the
 * totals worked out by hand; the background job's progress and file; roles, venues, tenants and bad input.
 * <p>
 * Figures by hand. The business «Кафе Ромашка» (UAH, Europe/Kyiv, en-GB) has its first venue and a second one,
 * «Кофейня на Подоле», whose storage «Склад» gets everything:
 * <ul>
 * <li>5 Jan: a supply from «Молочна ферма», invoice INV-7: 1 kg of coffee for 800.00 (0.80 a gram) and 10 l of
 *   milk for 500.00 (0.05 a ml); total 1,300.00, 1,000.00 paid, 300.00 payable.</li>
 * <li>6 Jan: a write-off of 1 l of milk, spoiled: 1,000 × 0.05 = 50.00.</li>
 * <li>10 Jan, at the till of that venue: K-1, two lattes (2 × 65.00 = 130.00, cash), each 18 g of coffee and
 *   200 ml of milk: 2 × (14.40 + 10.00) = 48.80; K-2, an espresso (40.00, card), 18 g: 14.40; R-1, a refund of
 *   one latte of K-1 (65.00), which takes nothing from stock.</li>
 * </ul>
 * Receipts: revenue 130 + 40 − 65 = 105.00, cost 48.80 + 14.40 = 63.20, gross profit 41.80. By item: Latte 2 sold −
 * 1 refunded = 1, 130.00 − 65.00 = 65.00; Espresso 1, 40.00. By category: Coffee 2, 170.00 − 65.00 = 105.00.
 * Balances at the end of January: coffee 1,000 − 36 − 18 = 946 g = 0.946 kg worth 800 − 28.80 − 14.40 = 756.80;
 * milk 10,000 − 1,000 − 400 = 8,600 ml = 8.6 l worth 500 − 50 − 20 = 430.00; together 1,186.80. Movement in January:
 * in 1,300.00, out 50 + 28.80 + 14.40 + 20 = 113.20, closing 1,186.80.
 */
class ReportExportTest extends IntegrationTest {

    private static final String JANUARY = "\"from\": \"2026-01-01\", \"to\": \"2026-01-31\"";
    private static final String VENUE_NAME = "Кофейня на Подоле";

    @Autowired
    ReportExports exports;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private TestBusiness cafe;
    private UUID podil;
    private UUID podilStorage;

    @BeforeEach
    void aMonthOfACafe() throws Exception {
        cafe = signUp("Кафе Ромашка " + UUID.randomUUID().toString().substring(0, 4));
        podil = created("/api/v1/venues", "{\"name\": \"" + VENUE_NAME + "\", \"timezone\": \"Europe/Kyiv\"}");
        podilStorage = uuid(mvc.perform(get("/api/v1/storages?venueId=" + podil).with(bearer(cafe.ownerToken())))
                .andReturn().getResponse().getContentAsString(), "$.items[0].id");
        mvc.perform(json(put("/api/v1/storages/{id}", podilStorage).with(bearer(cafe.ownerToken())),
                "{\"name\": \"Склад\"}")).andExpect(status().isOk());
        UUID coffee = created("/api/v1/ingredients", "{\"name\": \"Coffee beans\", \"unit\": \"kg\"}");
        UUID milk = created("/api/v1/ingredients", "{\"name\": \"Milk\", \"unit\": \"l\"}");
        UUID farm = created("/api/v1/suppliers", "{\"name\": \"Молочна ферма\"}");
        created("/api/v1/supplies", """
                {"suppliedAt": "2026-01-05T08:00:00Z", "storageId": "%s", "supplierId": "%s", "invoiceNumber": "INV-7",
                 "post": true, "amountPaid": "1000", "lines": [
                   {"ingredientId": "%s", "quantity": "1", "unit": "kg", "total": "800"},
                   {"ingredientId": "%s", "quantity": "10", "unit": "l", "total": "500"}]}"""
                .formatted(podilStorage, farm, coffee, milk));
        created("/api/v1/write-offs", """
                {"writtenOffAt": "2026-01-06T10:00:00Z", "storageId": "%s", "comment": "Скисло", "post": true,
                 "lines": [{"ingredientId": "%s", "quantity": "1", "unit": "l", "reason": "SPOILED"}]}"""
                .formatted(podilStorage, milk));
        UUID category = created("/api/v1/categories", "{\"name\": \"Coffee\"}");
        UUID latte = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Latte", "price": "65"}""".formatted(category));
        UUID espresso = created("/api/v1/menu-items", """
                {"kind": "DISH", "categoryId": "%s", "name": "Espresso", "price": "40"}""".formatted(category));
        techCard(latte, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"},
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "200", "unit": "ml"}""".formatted(coffee, milk));
        techCard(espresso, """
                {"kind": "INGREDIENT", "componentId": "%s", "quantity": "18", "unit": "g"}""".formatted(coffee));
        String till = pairedDevice(podil);
        UUID k1 = UUID.randomUUID();
        push(till, receipt(k1, "K-1", "2026-01-10T09:30:00+02:00", "cash", "130.00",
                line(latte, "2", "65.00"), null));
        push(till, receipt(UUID.randomUUID(), "K-2", "2026-01-10T12:00:00+02:00", "card", "40.00",
                line(espresso, "1", "40.00"), null));
        push(till, receipt(UUID.randomUUID(), "R-1", "2026-01-10T15:00:00+02:00", "cash", "65.00",
                line(latte, "1", "65.00"), k1));
    }

    // ---- every report, every format ---------------------------------------------------------------------------

    @Test
    void receiptsInPdfHoldTheRevenueCostAndGrossProfitAndTheCyrillicNamesIntact() throws Exception {
        byte[] document = direct("receipts", "PDF", "from=2026-01-01&to=2026-01-31");
        // Kept for a person to look at, like the browser tests' screenshots.
        Files.createDirectories(Path.of("target/report-samples"));
        Files.write(Path.of("target/report-samples/receipts.pdf"), document);
        PdfText pdf = pdf(document);
        assertThat(pdf.text()).contains("Receipts", "Кафе Ромашка", "Period: 1 Jan 2026 – 31 Jan 2026",
                "Amounts in UAH", "Page 1 / 1", "K-1", "K-2", "R-1", VENUE_NAME, "Олена", "Cash", "Card", "Refund");
        // The totals row: revenue, cost, gross profit of three receipts.
        assertThat(pdf.text()).containsPattern("Total \\(3\\)\\s+105\\.00\\s+63\\.20\\s+41\\.80");
        assertThat(pdf.text()).contains("-65.00");
        assertThat(pdf.fonts()).allMatch(f -> f.contains("DejaVuSans"));
        assertThat(pdf.embedded()).isTrue();
        // The venue named in the request heads the document.
        assertThat(pdf(direct("receipts", "PDF", "from=2026-01-01&to=2026-01-31&venueId=" + podil)).text())
                .contains("Кафе Ромашка", "· " + VENUE_NAME);
    }

    @Test
    void salesByItemAndByCategoryAddUpToTheReceiptsRevenue() throws Exception {
        String january = "from=2026-01-01&to=2026-01-31";
        assertThat(pdf(direct("sales-by-item", "PDF", january)).text())
                .containsPattern("Latte\\s+Coffee\\s+1\\s+130\\.00\\s+65\\.00\\s+65\\.00")
                .containsPattern("Espresso\\s+Coffee\\s+1\\s+40\\.00\\s+0\\.00\\s+40\\.00")
                .containsPattern("Total \\(2\\)\\s+170\\.00\\s+65\\.00\\s+105\\.00");
        List<List<String>> cells = xlsx(direct("sales-by-item", "XLSX", january));
        assertThat(cells).anySatisfy(row -> assertThat(row).containsSubsequence("Latte", "Coffee", "1.00", "130.00",
                "65.00", "65.00"));
        assertThat(cells).anySatisfy(row -> assertThat(row).contains("170.00", "105.00"));
        assertThat(csv(direct("sales-by-category", "CSV", january))).containsExactly(
                "Category,Quantity,Sales,Refunds,Revenue",
                "Coffee,2,170.00,65.00,105.00");
        assertThat(pdf(direct("sales-by-category", "PDF", january)).text())
                .containsPattern("Total \\(1\\)\\s+170\\.00\\s+65\\.00\\s+105\\.00");
    }

    @Test
    void stockBalancesAndMovementTieOut() throws Exception {
        // As of the end of January (the "at" date is the last day included).
        String atEndOfJanuary = "at=2026-01-31";
        assertThat(csv(direct("stock-balances", "CSV", atEndOfJanuary))).containsExactly(
                "Storage,Item,Category,Quantity,Unit,Unit cost,Value",
                "Склад,Coffee beans,,0.946,kg,800.00,756.80",
                "Склад,Milk,,8.6,l,50.00,430.00");
        PdfText balances = pdf(direct("stock-balances", "PDF", atEndOfJanuary));
        assertThat(balances.text()).contains("As of 1 Feb 2026", "Склад")
                .containsPattern("Total \\(2\\)\\s+1,186\\.80");
        assertThat(xlsx(direct("stock-balances", "XLSX", atEndOfJanuary)))
                .anySatisfy(row -> assertThat(row).contains("1186.80"));

        String january = "from=2026-01-01&to=2026-01-31";
        assertThat(csv(direct("stock-movement", "CSV", january))).containsExactly(
                "Item,Unit,Opening,Opening value,In,\"In, value\",Out,\"Out, value\",Closing,Closing value",
                "Coffee beans,kg,0,0.00,1,800.00,0.054,43.20,0.946,756.80",
                "Milk,l,0,0.00,10,500.00,1.4,70.00,8.6,430.00");
        assertThat(pdf(direct("stock-movement", "PDF", january)).text())
                .containsPattern("Total \\(2\\)\\s+0\\.00\\s+1,300\\.00\\s+113\\.20\\s+1,186\\.80");
        assertThat(xlsx(direct("stock-movement", "XLSX", january)))
                .anySatisfy(row -> assertThat(row).containsSubsequence("1300.00", "113.20", "1186.80"));
    }

    @Test
    void suppliesAndWriteOffsOfThePeriod() throws Exception {
        String january = "from=2026-01-01&to=2026-01-31";
        assertThat(csv(direct("supplies", "CSV", january))).containsExactly(
                "Date,Invoice,Supplier,Storage,Total,VAT,Paid,Payable",
                "2026-01-05 10:00,INV-7,Молочна ферма,Склад,1300.00,0.00,1000.00,300.00");
        assertThat(pdf(direct("supplies", "PDF", january)).text()).contains("Молочна ферма")
                .containsPattern("Total \\(1\\)\\s+1,300\\.00\\s+0\\.00\\s+1,000\\.00\\s+300\\.00");
        assertThat(xlsx(direct("supplies", "XLSX", january)))
                .anySatisfy(row -> assertThat(row).containsSubsequence("1300.00", "0.00", "1000.00", "300.00"));
        assertThat(csv(direct("write-offs", "CSV", january))).containsExactly(
                "Date,Storage,Comment,Lines,Cost",
                "2026-01-06 12:00,Склад,Скисло,1,50.00");
        assertThat(pdf(direct("write-offs", "PDF", january)).text()).contains("Скисло")
                .containsPattern("Total \\(1\\)\\s+50\\.00");
        // Nothing in February: the document still says what it is, with zero totals.
        assertThat(pdf(direct("write-offs", "PDF", "from=2026-02-01&to=2026-02-28")).text())
                .contains("Write-offs").containsPattern("Total \\(0\\)\\s+0\\.00");
    }

    // ---- in the background --------------------------------------------------------------------------------------

    @Test
    void aBackgroundExportReportsItsProgressAndOffersItsFileWhenDone() throws Exception {
        String started = mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), """
                        {"report": "receipts", "format": "XLSX", %s}""".formatted(JANUARY)))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.report", is("receipts")))
                .andReturn().getResponse().getContentAsString();
        UUID id = uuid(started, "$.id");
        String done = awaitDone(id, cafe.ownerToken());
        assertThat((Integer) JsonPath.read(done, "$.progress")).isEqualTo(100);
        assertThat((Integer) JsonPath.read(done, "$.rows")).isEqualTo(3);
        assertThat((String) JsonPath.read(done, "$.fileName")).isEqualTo("receipts-2026-01-01-2026-01-31.xlsx");
        MockHttpServletResponse file = mvc.perform(get("/api/v1/report-exports/{id}/file", id)
                .with(bearer(cafe.ownerToken()))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(file.getContentType()).startsWith(ReportFormat.XLSX.contentType());
        assertThat(file.getHeader("Content-Disposition")).contains("receipts-2026-01-01-2026-01-31.xlsx");
        assertThat(xlsx(file.getContentAsByteArray())).anySatisfy(row -> assertThat(row)
                .containsSubsequence("105.00", "63.20", "41.80"));
        mvc.perform(get("/api/v1/report-exports").with(bearer(cafe.ownerToken())))
                .andExpect(jsonPath("$[*].id", hasItem(id.toString())));
    }

    @Test
    void aLargeReportStreamsPageByPageInTheBackgroundAndIsRefusedAtOnce() throws Exception {
        // 5,001 more receipts of 10.00 each, a minute apart from 15 January: six pages of 1,000 with the three.
        TenantContext.runAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null), () ->
                new TransactionTemplate(transactions).executeWithoutResult(s -> jdbc.update("""
                        WITH made AS (
                            INSERT INTO receipt (tenant_id, id, venue_id, device_id, number, closed_at, total,
                                                 content_hash, received_at)
                            SELECT ?, gen_random_uuid(), ?, (SELECT id FROM pos_device LIMIT 1), 'G-' || n,
                                   timestamptz '2026-01-15 08:00+02' + n * interval '1 minute', 10, md5(n::text), now()
                            FROM generate_series(1, 5001) AS n
                            RETURNING id, total)
                        INSERT INTO receipt_payment (receipt_id, position, method, amount)
                        SELECT id, 0, 'card', total FROM made""", cafe.id(), podil)));
        mvc.perform(get("/api/v1/reports/receipts/export?format=CSV&from=2026-01-01&to=2026-01-31")
                        .with(bearer(cafe.ownerToken())))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field", is("report")));

        UUID job = uuid(mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), """
                        {"report": "receipts", "format": "CSV", %s}""".formatted(JANUARY)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");
        String done = awaitDone(job, cafe.ownerToken());
        assertThat((Integer) JsonPath.read(done, "$.rows")).isEqualTo(5004);
        List<String> lines = csv(mvc.perform(get("/api/v1/report-exports/{id}/file", job)
                .with(bearer(cafe.ownerToken()))).andReturn().getResponse().getContentAsByteArray());
        // A heading and every receipt once, in the order they were closed.
        assertThat(lines).hasSize(1 + 5004);
        assertThat(lines.get(1)).contains("K-1");
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[1]).distinct()).hasSize(5004);
        assertThat(lines.get(5004)).contains("G-5001");
        // Revenue: 105.00 of the three + 5,001 × 10.00 = 50,115.00.
        assertThat(lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[6])).reduce(BigDecimal.ZERO,
                BigDecimal::add)).isEqualByComparingTo("50115.00");
    }

    @Test
    void exportsOlderThanADayAreDeletedWithTheirFiles() throws Exception {
        UUID job = uuid(mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), """
                        {"report": "sales-by-category", "format": "CSV", %s}""".formatted(JANUARY)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");
        awaitDone(job, cafe.ownerToken());
        Path file = TenantContext.callAs(new TenantContext.Actor(cafe.id(), cafe.ownerId(), "owner", null),
                () -> exports.file(job)).path();
        UUID fresh = uuid(mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), """
                        {"report": "sales-by-category", "format": "CSV", %s}""".formatted(JANUARY)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");
        awaitDone(fresh, cafe.ownerToken());
        // The first one was made 25 hours ago.
        TenantContext.runAs(TenantContext.Actor.system(cafe.id()), () -> new TransactionTemplate(transactions)
                .executeWithoutResult(s -> jdbc.update("UPDATE report_export SET created_at = now() - interval"
                        + " '25 hours' WHERE id = ?", job)));
        assertThat(file).exists();

        exports.deleteOld();

        assertThat(file).doesNotExist();
        mvc.perform(get("/api/v1/report-exports/{id}", job).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/report-exports/{id}/file", fresh).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk());
    }

    @Test
    void thePageStartsAnExportAndPollsItsRowUntilTheDownloadIsThere() throws Exception {
        MockHttpSession session = login(cafe.ownerEmail(), PASSWORD);
        String page = mvc.perform(get("/reports").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContainPattern("\\?\\?[^?]+\\?\\?");
        Document form = Jsoup.parse(page);
        assertThat(form.select("#report option").eachAttr("value")).contains("receipts", "stock-balances",
                "sales-by-item", "sales-by-category", "supplies", "write-offs", "stock-movement");
        String row = mvc.perform(post("/reports/exports").session(session).with(csrf()).header("HX-Request", "true")
                        .param("report", "sales-by-item").param("format", "PDF").param("from", "2026-01-01")
                        .param("to", "2026-01-31").param("venueId", podil.toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document started = Jsoup.parse(row, "", org.jsoup.parser.Parser.xmlParser());
        String poll = started.selectFirst("tr").attr("hx-get");
        assertThat(poll).startsWith("/reports/exports/");
        String last = row;
        for (int i = 0; i < 600 && !last.contains("/file"); i++) {
            Thread.sleep(100);
            last = mvc.perform(get(poll).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
        }
        Document finished = Jsoup.parse(last, "", org.jsoup.parser.Parser.xmlParser());
        assertThat(finished.selectFirst("tr").hasAttr("hx-get")).as("stops polling when done").isFalse();
        String download = finished.selectFirst("a").attr("href");
        byte[] pdf = mvc.perform(get(download).session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsByteArray();
        assertThat(pdf(pdf).text()).contains(VENUE_NAME).containsPattern("Total \\(2\\)\\s+170\\.00");

        // Refused input comes back as a message in place, not as a row.
        String refused = mvc.perform(post("/reports/exports").session(session).with(csrf())
                        .header("HX-Request", "true").param("report", "receipts").param("format", "PDF")
                        .param("from", "2026-01-31").param("to", "2026-01-01"))
                .andExpect(status().isOk()).andExpect(header().string("HX-Retarget", "#export-failure"))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("The period ends before it starts.");
    }

    // ---- who may see what -----------------------------------------------------------------------------------------

    @Test
    void aManagerExportsOnlyTheirVenuesAndNobodyElsesJobIsFound() throws Exception {
        InvitedUser firstVenueManager = invite(cafe, "MANAGER", "[\"" + cafe.venueId() + "\"]");
        // Their own venue sold nothing; the other venue's receipts are not theirs to export.
        assertThat(csv(mvc.perform(get("/api/v1/reports/receipts/export?format=CSV&from=2026-01-01&to=2026-01-31")
                .with(bearer(firstVenueManager.token()))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray())).hasSize(1);
        mvc.perform(get("/api/v1/reports/receipts/export?format=CSV&from=2026-01-01&to=2026-01-31&venueId="
                + podil).with(bearer(firstVenueManager.token()))).andExpect(status().isNotFound());
        mvc.perform(json(post("/api/v1/report-exports").with(bearer(firstVenueManager.token())), """
                {"report": "receipts", "format": "PDF", %s, "venueId": "%s"}""".formatted(JANUARY, podil)))
                .andExpect(status().isNotFound());
        // The manager of the venue exports its receipts.
        InvitedUser podilManager = invite(cafe, "MANAGER", "[\"" + podil + "\"]");
        assertThat(csv(mvc.perform(get("/api/v1/reports/receipts/export?format=CSV&from=2026-01-01&to=2026-01-31")
                .with(bearer(podilManager.token()))).andReturn().getResponse().getContentAsByteArray())).hasSize(4);
        // An accountant sees every report.
        InvitedUser accountant = invite(cafe, "ACCOUNTANT", "[]");
        mvc.perform(get("/api/v1/reports").with(bearer(accountant.token())))
                .andExpect(jsonPath("$[*].name", hasItem("receipts")))
                .andExpect(jsonPath("$[?(@.name == 'receipts')].formats[*]", hasItem("CSV")));

        // A job is its starter's: not another user's of the business, nor another business's.
        UUID job = uuid(mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), """
                        {"report": "receipts", "format": "CSV", %s}""".formatted(JANUARY)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");
        awaitDone(job, cafe.ownerToken());
        mvc.perform(get("/api/v1/report-exports/{id}", job).with(bearer(accountant.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/report-exports/{id}/file", job).with(bearer(podilManager.token())))
                .andExpect(status().isNotFound());
        TestBusiness other = signUp("Other Bistro " + UUID.randomUUID().toString().substring(0, 4));
        mvc.perform(get("/api/v1/report-exports/{id}", job).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/report-exports/{id}/file", job).with(bearer(other.ownerToken())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/report-exports").with(bearer(other.ownerToken())))
                .andExpect(jsonPath("$[*].id", not(hasItem(job.toString()))));
        MockHttpSession otherSession = login(other.ownerEmail(), PASSWORD);
        mvc.perform(get("/reports/exports/{id}", job).session(otherSession)).andExpect(status().isNotFound());
        mvc.perform(get("/reports/exports/{id}/file", job).session(otherSession)).andExpect(status().isNotFound());
        // Another business's venue and storage are unknown here.
        mvc.perform(get("/api/v1/reports/receipts/export?format=PDF&from=2026-01-01&to=2026-01-31&venueId="
                + podil).with(bearer(other.ownerToken()))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/reports/stock-balances/export?format=CSV&storageId=" + podilStorage)
                .with(bearer(other.ownerToken()))).andExpect(status().isNotFound());
        // Their own receipts export finds none of ours.
        assertThat(csv(mvc.perform(get("/api/v1/reports/receipts/export?format=CSV&from=2026-01-01&to=2026-01-31")
                .with(bearer(other.ownerToken()))).andReturn().getResponse().getContentAsByteArray())).hasSize(1);
    }

    /**
     * The month above plus, by hand: a bank account «Банк» opened with 5,000.00 on 1 Dec 2025, and rent of 1,000.00
     * paid from it for the Podil venue on 15 Jan. P&L of Podil in January: revenue 105.00 (sales 170.00, refunds
     * 65.00), cost of goods sold 63.20, gross profit 41.80, the spoiled milk 50.00, rent 1,000.00: net profit
     * 41.80 − 50.00 − 1,000.00 = −1,008.20. Cash flow of January: the bank 5,000.00 → 4,000.00 (out 1,000.00), the
     * venue's cash desk in 130.00 (K-1) and out 65.00, its acquiring in 40.00 (K-2): in 170.00, out 1,065.00.
     */
    @Test
    void theProfitAndLossAndTheCashFlowOfTheMonthComeOutInEveryFormatWithTheirTotals() throws Exception {
        UUID bank = created("/api/v1/accounts", """
                {"name": "Банк", "kind": "BANK", "openingBalance": "5000", "openingDate": "2025-12-01"}""");
        UUID rent = created("/api/v1/finance-categories", """
                {"name": "Оренда", "direction": "EXPENSE"}""");
        mvc.perform(json(post("/api/v1/transactions").with(bearer(cafe.ownerToken())), """
                {"kind": "EXPENSE", "accountId": "%s", "categoryId": "%s", "amount": "1000", "date": "2026-01-15",
                 "venueId": "%s", "counterparty": "Landlord"}""".formatted(bank, rent, podil)))
                .andExpect(status().isCreated());
        String podilJanuary = "from=2026-01-01&to=2026-01-31&venueId=" + podil;

        PdfText pnl = pdf(direct("profit-and-loss", "PDF", podilJanuary));
        assertThat(pnl.text()).contains("Profit and loss", "Кафе Ромашка", "· " + VENUE_NAME,
                        "Period: 1 Jan 2026 – 31 Jan 2026", "Page 1 / 1", "Оренда")
                .containsPattern("Sales before discounts\\s+170\\.00")
                .containsPattern("Refunds\\s+-65\\.00")
                .containsPattern("Revenue\\s+Revenue\\s+105\\.00")
                .containsPattern("Cost of goods sold\\s+-63\\.20")
                .containsPattern("Gross profit\\s+41\\.80")
                .containsPattern("Write-offs\\s+-50\\.00")
                .containsPattern("Оренда\\s+-1,000\\.00")
                .containsPattern("Net profit\\s+Net profit\\s+-1,008\\.20");
        assertThat(xlsx(direct("profit-and-loss", "XLSX", podilJanuary)))
                .anySatisfy(row -> assertThat(row).containsExactly("Net profit", "Net profit", "-1008.20"))
                .anySatisfy(row -> assertThat(row).containsExactly("Cost of goods sold", "Gross profit", "41.80"));
        assertThat(csv(direct("profit-and-loss", "CSV", podilJanuary)))
                .startsWith("Section,Line,Amount").contains("Net profit,Net profit,-1008.20");

        String january = "from=2026-01-01&to=2026-01-31";
        List<String> flow = csv(direct("cash-flow", "CSV", january));
        assertThat(flow).first().isEqualTo("Account,Type,Opening,In,Out,Closing");
        assertThat(flow).contains("Банк,Bank account,5000.00,0.00,1000.00,4000.00");
        assertThat(flow).anySatisfy(row -> assertThat(row).endsWith(",Cash desk,0.00,130.00,65.00,65.00"));
        assertThat(flow).anySatisfy(row -> assertThat(row).endsWith(",Card acquiring,0.00,40.00,0.00,40.00"));
        assertThat(pdf(direct("cash-flow", "PDF", january)).text()).contains("Cash flow by account", "Банк")
                .containsPattern("Total \\(\\d+\\)\\s+5,000\\.00\\s+170\\.00\\s+1,065\\.00\\s+4,105\\.00");
        assertThat(xlsx(direct("cash-flow", "XLSX", january)))
                .anySatisfy(row -> assertThat(row).containsSubsequence("5000.00", "170.00", "1065.00", "4105.00"));
        // The closing ties out with the account's balance at the end of January.
        String account = mvc.perform(get("/api/v1/accounts/{id}", bank).param("at", "2026-01-31T22:00:00Z")
                .with(bearer(cafe.ownerToken()))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(new BigDecimal(JsonPath.<String>read(account, "$.balance"))).isEqualByComparingTo("4000");

        // Managers do not export the business's money.
        InvitedUser manager = invite(cafe, "MANAGER", "[\"" + podil + "\"]");
        mvc.perform(get("/api/v1/reports/profit-and-loss/export?format=PDF&" + podilJanuary)
                .with(bearer(manager.token()))).andExpect(status().isForbidden());
    }

    @Test
    void financialReportsAreForOwnersAndAccountantsOnly() {
        assertThat(Report.Audience.FINANCIAL.allows("OWNER")).isTrue();
        assertThat(Report.Audience.FINANCIAL.allows("ACCOUNTANT")).isTrue();
        assertThat(Report.Audience.FINANCIAL.allows("MANAGER")).isFalse();
        assertThat(Report.Audience.OPERATIONAL.allows("MANAGER")).isTrue();
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        start("{\"report\": \"profit-of-the-moon\", \"format\": \"PDF\", " + JANUARY + "}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field", is("report")));
        start("{\"report\": \"receipts\", \"format\": \"DOCX\", " + JANUARY + "}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field", is("format")));
        start("{\"report\": \"receipts\", \"format\": \"PDF\", \"from\": \"2026-01-31\", \"to\": \"2026-01-01\"}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field", is("to")))
                .andExpect(jsonPath("$.detail", is("The period ends before it starts.")));
        start("{\"report\": \"receipts\", \"format\": \"PDF\"}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field", is("from")));
        start("{\"format\": \"PDF\"}").andExpect(status().isBadRequest());
        start("{\"report\": \"stock-balances\", \"format\": \"PDF\", \"params\": {\"storageId\": \"shelf\"}}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field", is("storageId")));
        mvc.perform(get("/api/v1/reports/receipts/export?format=PDF&from=2026-02-01&to=2026-01-01")
                .with(bearer(cafe.ownerToken()))).andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/v1/report-exports/{id}", UUID.randomUUID()).with(bearer(cafe.ownerToken())))
                .andExpect(status().isNotFound());
    }

    /** Column headings and page labels in the templates are message keys; each must exist. */
    @Test
    void everyKeyATemplateNamesExists() throws IOException {
        Properties messages = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/messages.properties"))) {
            messages.load(in);
        }
        Set<String> missing = new TreeSet<>();
        Pattern key = Pattern.compile("\\$R\\{([^}]+)}");
        try (Stream<Path> templates = Files.list(Path.of("../backend/src/main/reports"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".jrxml")).toList()) {
                Matcher m = key.matcher(Files.readString(template));
                while (m.find()) {
                    if (!messages.containsKey(m.group(1))) {
                        missing.add(template.getFileName() + ": " + m.group(1));
                    }
                }
                String name = template.getFileName().toString().replace(".jrxml", "");
                if (!messages.containsKey("report." + name)) {
                    missing.add("report." + name);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private ResultActions start(String body) throws Exception {
        return mvc.perform(json(post("/api/v1/report-exports").with(bearer(cafe.ownerToken())), body));
    }

    private byte[] direct(String report, String format, String query) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/reports/" + report + "/export?format=" + format
                        + "&" + query).with(bearer(cafe.ownerToken())))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith(ReportFormat.of(format).orElseThrow().contentType());
        return response.getContentAsByteArray();
    }

    private String awaitDone(UUID id, String token) throws Exception {
        String body = "";
        for (int i = 0; i < 600; i++) {
            body = mvc.perform(get("/api/v1/report-exports/{id}", id).with(bearer(token)))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            String state = JsonPath.read(body, "$.status");
            if (state.equals("DONE") || state.equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat((String) JsonPath.read(body, "$.status")).as(body).isEqualTo("DONE");
        return body;
    }

    record PdfText(String text, List<String> fonts, boolean embedded) {
    }

    private static PdfText pdf(byte[] bytes) throws IOException {
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(bytes)) {
            List<String> fonts = new ArrayList<>();
            boolean embedded = true;
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    fonts.add(font.getName());
                    embedded &= font.isEmbedded();
                }
            }
            return new PdfText(new PDFTextStripper().getText(document), fonts, embedded);
        }
    }

    /** Every row's non-blank cells as text: numbers with two decimals, from the value a cell holds. */
    private static List<List<String>> xlsx(byte[] bytes) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.NUMERIC) {
                        cells.add(BigDecimal.valueOf(cell.getNumericCellValue()).setScale(2, RoundingMode.HALF_EVEN)
                                .toPlainString());
                    } else if (cell.getCellType() == CellType.STRING && !cell.getStringCellValue().isBlank()) {
                        cells.add(cell.getStringCellValue());
                    }
                }
                if (!cells.isEmpty()) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }

    private static List<String> csv(byte[] bytes) {
        assertThat(bytes[0]).as("a byte-order mark").isEqualTo((byte) 0xEF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    private String line(UUID item, String quantity, String unitPrice) {
        return """
                {"itemId": "%s", "quantity": "%s", "unitPrice": "%s", "modifiers": []}"""
                .formatted(item, quantity, unitPrice);
    }

    private String receipt(UUID id, String number, String closedAt, String method, String total, String lines,
                           UUID refundOf) {
        return """
                {"id": "%s", "number": "%s", "closedAt": "%s", "shiftId": null, "waiter": "Олена", "lines": [%s],
                 "payments": [{"method": "%s", "amount": "%s"}], "total": "%s", "refundOf": %s}"""
                .formatted(id, number, closedAt, lines, method, total, total,
                        refundOf == null ? "null" : "\"" + refundOf + "\"");
    }

    private void push(String token, String receipt) throws Exception {
        mvc.perform(json(post("/api/pos/v1/receipts").with(bearer(token)), "{\"receipts\": [" + receipt + "]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].status", is("accepted")));
    }

    private void techCard(UUID item, String lines) throws Exception {
        mvc.perform(json(post("/api/v1/menu-items/" + item + "/tech-cards").with(bearer(cafe.ownerToken())),
                "{\"validFrom\": \"2026-01-01T00:00:00Z\", \"lines\": [" + lines + "]}"))
                .andExpect(status().isCreated());
    }

    private String pairedDevice(UUID venueId) throws Exception {
        String created = mvc.perform(json(post("/api/v1/pos-devices").with(bearer(cafe.ownerToken())),
                        "{\"venueId\": \"%s\", \"name\": \"Каса\"}".formatted(venueId)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String paired = mvc.perform(json(post("/api/pos/v1/pair").with(fromNewClient()),
                        "{\"code\": \"%s\"}".formatted((String) JsonPath.read(created, "$.pairingCode"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(paired, "$.token");
    }

    private UUID created(String path, String body) throws Exception {
        String answer = mvc.perform(json(post(path).with(bearer(cafe.ownerToken())), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return uuid(answer, "$.id");
    }
}
