package app.larder.business;

import java.util.Locale;

/** A LIKE pattern that finds the text anywhere, with the user's % and _ taken literally (escape: backslash). */
final class Likes {

    private Likes() {
    }

    static String contains(String text) {
        String escaped = text.trim().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
