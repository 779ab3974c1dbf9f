package app.larder.bench;

import java.util.HashMap;
import java.util.Map;

/** A benchmark's {@code --<prefix>.<name>=<value>} arguments; anything else is reported and ignored. */
record Options(Map<String, String> values) {

    static Options parse(String prefix, String[] args) {
        String start = "--" + prefix + ".";
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith(start) && arg.contains("=")) {
                values.put(arg.substring(start.length(), arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                System.err.println("Ignored argument " + arg + " (options are " + start + "<name>=<value>)");
            }
        }
        return new Options(values);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, String.valueOf(fallback)));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }
}
