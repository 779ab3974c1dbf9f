package app.larder.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * What JSON the application reads. A string with the NUL character (U+0000) is refused where it is read, which the
 * API answers 400 naming the field ({@link ApiErrors}): PostgreSQL cannot store NUL in text, and would otherwise
 * refuse it deep inside a transaction (a 409 or a 500).
 * <p>
 * Batches that are answered entry by entry (the POS receipts and shift events) read each entry with
 * {@link #NUL_ALLOWED} set, so that a NUL in one entry rejects that entry alone, never the batch.
 */
@Configuration(proxyBeanMethods = false)
public class JsonInput {

    /** A reader attribute: strings with NUL are read as they are, for the caller to reject. */
    public static final String NUL_ALLOWED = JsonInput.class.getName() + ".nulAllowed";

    /** Where in a JSON document a read failed, as the API names fields: {@code lines[0].quantity}; null at the top. */
    public static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    @Bean
    JacksonModule nulFreeStrings() {
        return new SimpleModule("NulFreeStrings").addDeserializer(String.class, new NulFreeStringDeserializer());
    }

    /** A string with NUL where NUL is not allowed; its path names the field. */
    static final class NulCharacter extends MismatchedInputException {

        NulCharacter(JsonParser parser) {
            super(parser, "A string contains the NUL character (U+0000)", String.class);
        }
    }

    /** Jackson's own string deserializer (coercions and all), then one {@code indexOf} a string. */
    private static final class NulFreeStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0 && context.getAttribute(NUL_ALLOWED) == null) {
                throw new NulCharacter(parser);
            }
            return value;
        }
    }
}
