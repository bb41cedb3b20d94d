package chatlab.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A room's topic as a message log keeps it ({@link MessageLog#setTopic}): its text, who set it and when, in the one
 * text the log stores per room, so a restarted server shows the topic as its members saw it ("set by alice at ...")
 * and any log engine keeps it without a field of its own. The form is {@code BY <tab> TIME <tab> TEXT}: neither a
 * name nor a topic may hold a control character (the server refuses them), so the first two tabs always end the
 * fields. A stored text without that form (a topic written by an earlier chatlab, or by hand) is read as the text
 * alone, with nobody and no time.
 *
 * @param by   who set it, or null when unknown
 * @param time when, or null when unknown
 */
public record StoredTopic(String text, String by, Instant time) {
    private static final char SEPARATOR = '\t';

    public StoredTopic {
        Objects.requireNonNull(text, "text");
    }

    /** The text to hand to {@link MessageLog#setTopic}. */
    public String encode() {
        if (by == null || time == null) {
            return text;
        }
        return by + SEPARATOR + time + SEPARATOR + text;
    }

    /** What {@link #encode} made, or a plain text; null for null (no topic). */
    public static StoredTopic decode(String stored) {
        if (stored == null) {
            return null;
        }
        int first = stored.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : stored.indexOf(SEPARATOR, first + 1);
        if (second < 0) {
            return new StoredTopic(stored, null, null);
        }
        try {
            Instant time = Instant.parse(stored.substring(first + 1, second));
            return new StoredTopic(stored.substring(second + 1), stored.substring(0, first), time);
        } catch (DateTimeParseException notOurs) {
            return new StoredTopic(stored, null, null);
        }
    }
}
