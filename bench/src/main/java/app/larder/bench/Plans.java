package app.larder.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a text EXPLAIN ANALYZE plan and names its hot spots: each node's time (last row time × loops) minus its
 * children's. Approximate: a CTE's work is counted where it is first read, so the statement's top nodes can come
 * out low and a CTE Scan high; the full plan is written next to the figures for reading.
 */
final class Plans {

    private static final Pattern ACTUAL =
            Pattern.compile("actual time=([0-9.]+)\\.\\.([0-9.]+) rows=([0-9.]+) loops=([0-9]+)");

    record Node(int indent, String label, double totalMs, double rows, long loops, List<Node> children) {
        double selfMs() {
            double children = this.children.stream().mapToDouble(Node::totalMs).sum();
            return Math.max(0, totalMs - children);
        }
    }

    private Plans() {
    }

    static List<Node> nodes(List<String> plan) {
        List<Node> all = new ArrayList<>();
        List<Node> stack = new ArrayList<>();
        for (String line : plan) {
            Matcher m = ACTUAL.matcher(line);
            if (!m.find()) {
                continue;
            }
            int arrow = line.indexOf("->");
            int indent = arrow < 0 ? 0 : arrow;
            String label = (arrow < 0 ? line : line.substring(arrow + 2)).trim();
            int cut = label.indexOf("  (");
            label = cut < 0 ? label : label.substring(0, cut);
            long loops = Long.parseLong(m.group(4));
            Node node = new Node(indent, label, Double.parseDouble(m.group(2)) * loops,
                    Double.parseDouble(m.group(3)), loops, new ArrayList<>());
            while (!stack.isEmpty() && stack.get(stack.size() - 1).indent() >= indent) {
                stack.remove(stack.size() - 1);
            }
            if (!stack.isEmpty()) {
                stack.get(stack.size() - 1).children().add(node);
            }
            stack.add(node);
            all.add(node);
        }
        return all;
    }

    private static final Pattern CTE = Pattern.compile("^\\s*CTE (\\w+)\\s*$");

    /**
     * The time and rows of each CTE (its first reader pays for it), then the {@code n} nodes with the most time of
     * their own, CTE Scans left out (their time is the CTE's), as printable lines.
     */
    static List<String> hotSpots(List<String> plan, int n) {
        List<String> lines = new ArrayList<>();
        StringBuilder ctes = new StringBuilder("CTEs (ms, rows):");
        for (int i = 0; i < plan.size() - 1; i++) {
            Matcher cte = CTE.matcher(plan.get(i));
            Matcher actual = ACTUAL.matcher(plan.get(i + 1));
            if (cte.find() && actual.find()) {
                ctes.append(String.format(" %s %.0f, %s;", cte.group(1),
                        Double.parseDouble(actual.group(2)) * Long.parseLong(actual.group(4)), actual.group(3)));
            }
        }
        lines.add(ctes.toString());
        nodes(plan).stream().filter(node -> !node.label().startsWith("CTE Scan"))
                .sorted(Comparator.comparingDouble(Node::selfMs).reversed()).limit(n)
                .forEach(node -> lines.add(String.format("%9.1f ms self %9.1f ms total  rows=%-9.0f loops=%-6d %s",
                        node.selfMs(), node.totalMs(), node.rows(), node.loops(), shorten(node.label()))));
        return lines;
    }

    private static String shorten(String label) {
        return label.length() > 90 ? label.substring(0, 87) + "..." : label;
    }
}
