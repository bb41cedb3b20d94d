package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.Objects;

/**
 * One room message as the log keeps it: what the room relayed, with the number and time the room gave it.
 *
 * @param room   the room's name ({@code #general})
 * @param seq    the room's sequence number: assigned by the room, strictly increasing within the room (gaps are
 *               allowed: a message whose batch failed is never stored, and its number is not given again)
 * @param time   when the room took it
 * @param from   the sender's name
 * @param wire   the sender's wire
 * @param id     the sender's id for the message (v2), null for lab users, who have none
 * @param text   what was said
 * @param action a {@code /me} action
 */
public record LoggedMessage(String room, long seq, Instant time, String from, Wire wire, String id, String text,
        boolean action) {
    public LoggedMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(text, "text");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, got " + seq);
        }
    }

    /**
     * What retention by bytes counts for this message: the UTF-8 bytes of its text, its sender's name and its id.
     * The file holds more per message (indexes, the search index): docs/HISTORY.md gives the measured ratio.
     */
    public long sizeBytes() {
        return utf8Length(text) + utf8Length(from) + (id == null ? 0 : utf8Length(id));
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate is stored as a replacement character: 3 bytes
            }
        }
        return bytes;
    }
}
