package chatlab.check.client;

import chatlab.check.wire.Show;
import java.util.List;
import java.util.Optional;

/** How a client's output shows in evidence. */
final class Printed {
    /** Lines shown of a client's output. */
    static final int SHOWN_LINES = 6;

    private Printed() {}

    /** The last lines, each quoted, or "nothing". */
    static String lines(List<String> printed) {
        if (printed.stream().allMatch(String::isBlank)) {
            return "nothing";
        }
        List<String> last = printed.subList(Math.max(0, printed.size() - SHOWN_LINES), printed.size());
        return String.join(" | ", last.stream().map(Show::text).toList());
    }

    /** The first line holding {@code part}, or empty. */
    static Optional<String> lineWith(List<String> printed, String part) {
        return printed.stream().filter(l -> l.contains(part)).findFirst();
    }
}
