package app.larder.report;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The rows of a report, read once from first to last, and how many are expected (for progress). A large report
 * fetches them page by page ({@link #inPages}), so only one page is in memory while the document is filled.
 */
public final class Rows implements Iterator<Map<String, Object>> {

    private final long expected;
    private final Function<Map<String, Object>, List<Map<String, Object>>> nextPage;
    private Iterator<Map<String, Object>> page;
    private Map<String, Object> last;
    private boolean exhausted;

    private Rows(long expected, List<Map<String, Object>> firstPage,
                 Function<Map<String, Object>, List<Map<String, Object>>> nextPage) {
        this.expected = expected;
        this.nextPage = nextPage;
        this.page = firstPage == null ? null : firstPage.iterator();
        this.exhausted = firstPage != null && nextPage == null;
    }

    /** Rows already read in full: a small report. */
    public static Rows of(List<Map<String, Object>> rows) {
        return new Rows(rows.size(), rows, null);
    }

    /**
     * Rows fetched a page at a time: {@code nextPage} gets the last row read (null at first) and answers the next
     * page: null at the end, empty when nothing of a page was kept (the next page is asked for then).
     */
    public static Rows inPages(long expected, Function<Map<String, Object>, List<Map<String, Object>>> nextPage) {
        return new Rows(expected, null, nextPage);
    }

    public long expected() {
        return expected;
    }

    @Override
    public boolean hasNext() {
        while (page == null || !page.hasNext()) {
            if (exhausted) {
                return false;
            }
            List<Map<String, Object>> next = nextPage.apply(last);
            if (next == null) {
                exhausted = true;
                page = Collections.emptyIterator();
                return false;
            }
            page = next.iterator();
        }
        return true;
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        last = page.next();
        return last;
    }
}
