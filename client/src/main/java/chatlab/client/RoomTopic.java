package chatlab.client;

import java.time.Instant;

/**
 * A room's topic as the server last announced it.
 *
 * @param text the topic; empty when none is set (or it was cleared)
 * @param by   who set it, or null when none is set
 * @param time when it was set, or null when none is set
 */
public record RoomTopic(String text, String by, Instant time) {
    /** No topic. */
    public static final RoomTopic NONE = new RoomTopic("", null, null);

    public RoomTopic {
        text = text == null ? "" : text;
    }

    public boolean isSet() {
        return !text.isEmpty();
    }
}
