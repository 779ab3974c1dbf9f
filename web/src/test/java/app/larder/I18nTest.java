package app.larder;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text a user reads comes from messages.properties: each key a template or the code names exists, and no
 * template shows text of its own (the text inside a tag with th:text is only a placeholder for designers).
 */
class I18nTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9_.]+)[}(]");
    private static final Pattern CODE_KEY = Pattern.compile(
            "\"((?:[a-z]+)\\.[a-zA-Z0-9.]*[a-zA-Z0-9])\"");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("th:text", "th:utext", "th:replace", "th:insert",
            "th:errors", "sec:authentication");

    @Test
    void everyKeyUsedInATemplateExists() throws IOException {
        Properties messages = messages();
        List<String> missing = new ArrayList<>();
        for (Path template : templates()) {
            Matcher m = TEMPLATE_KEY.matcher(Files.readString(template));
            while (m.find()) {
                if (!messages.containsKey(m.group(1))) {
                    missing.add(template.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** Message keys the code passes around, such as rule violations and flash messages. */
    @Test
    void everyKeyTheCodeNamesExists() throws IOException {
        Properties messages = messages();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")),
                Files.walk(Path.of("../backend/src/main/java")))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher m = CODE_KEY.matcher(code);
                while (m.find()) {
                    String key = m.group(1);
                    boolean looksLikeKey = key.matches("(signup|venue|storage|user|password|token|business|ingredient|processing|semi|techCard|category|modifier|menu|"
                            + "validation|error|login|nav|stock|supplier|supply|writeOff|transfer|stocktake|balance|sales|pos|finance|report)\\.[a-zA-Z.]+");
                    if (looksLikeKey && !messages.containsKey(key)) {
                        missing.add(source.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void noTemplateShowsTextOfItsOwn() throws IOException {
        List<String> hardCoded = new ArrayList<>();
        for (Path template : templates()) {
            Document doc = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
            for (Element element : doc.getAllElements()) {
                if (element.ownText().isBlank() || Set.of("script", "style").contains(element.tagName())) {
                    continue;
                }
                if (!textIsReplaced(element)) {
                    hardCoded.add(template.getFileName() + ": <" + element.tagName() + "> " + element.ownText());
                }
            }
        }
        assertThat(hardCoded).isEmpty();
    }

    private static boolean textIsReplaced(Element element) {
        for (Element e = element; e != null; e = e.parent()) {
            for (String attribute : TEXT_ATTRIBUTES) {
                if (e.hasAttr(attribute)) {
                    return true;
                }
            }
            if (e.tagName().equals("title") && e.parent() != null && e.parent().tagName().equals("head")
                    && e.hasAttr("th:text")) {
                return true;
            }
        }
        return element.ownText().matches("[\\s·—▴▾|/:,()-]*");
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).toList();
        }
    }

    private static Properties messages() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/messages.properties"))) {
            properties.load(in);
        }
        return properties;
    }
}
