package chatlab.capture.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat rebuilt from a capture: TCP streams to the server port reassembled in sequence order and cut into the
 * messages of the wire each connection speaks (the lab wire, or chatlab's v2 JSON lines), plus the UDP direct
 * messages (lab text or v2 JSON), in capture order.
 */
public final class ChatLog {
    public static final int MAX_LINES = 100_000;

    /** What a line is; the first six are the lab wire's, the v2 wire uses them too where they fit. */
    public enum Kind {
        /** The first message a client sends on its TCP connection: its name (lab), or its v2 {@code hello}. */
        REGISTER,
        /** Client to server: text for the chat room (lab text, v2 {@code say}). */
        ROOM_MESSAGE,
        /**
         * Server to client: the names and addresses in the room (lab {@code !} map, v2 {@code welcome} without
         * {@code users_follow}, or the presence right after one with it).
         */
        USER_LIST,
        /** Server to client: v2 joins and leaves since the last announcement, in one message. */
        PRESENCE,
        /** Server to client: a chat room message from someone (lab {@code NAME: TEXT }, v2 {@code message}). */
        RELAY,
        /** Client to client over UDP (lab text, v2 {@code dm}). */
        DIRECT_MESSAGE,
        /** Bytes that could not be placed (a gap in the stream, or not UTF-8). */
        NOTE,
        /** v2: the server acknowledges a {@code say} or {@code whisper}; v2 UDP: a {@code dm_ack}. */
        ACK,
        /** v2: a direct message through the server ({@code whisper}, either direction). */
        WHISPER,
        /** v2: someone joined the room. */
        JOINED,
        /** v2: someone left the room ({@code left}), or a client says {@code bye}. */
        LEFT,
        /** v2: an {@code error} from the server. */
        ERROR,
        /** v2: the SCRAM login ({@code challenge}, {@code proof}, {@code rekey}, {@code rekeyed}); no contents. */
        LOGIN,
        /** v2: {@code ping} or {@code pong}. */
        KEEPALIVE,
        /** v2: a {@code welcome} whose room follows in the next presence ({@code users_follow}): the name only. */
        WELCOME,
        /** v2: a well-formed object of a type the analyzer does not know. */
        OTHER,
        /** v2: a line (or datagram) that is not a JSON object with a string {@code type}; the reason is given. */
        BAD_LINE
    }

    /**
     * One message. {@code from} and {@code to} are labels as known when the message was sent: "name (address)",
     * "server (address)", "everyone", or, for a relay, the author's name as the server wrote it. {@code wire} is
     * {@code lab} or {@code v2}; {@code detail} holds what the wire adds beyond the text (v2: ids, seq, ports, error
     * codes) in words, or null.
     */
    public record Line(long frame, long timestampNanos, Kind kind, String from, String to, String text, String wire,
            String detail) {
        /** A lab wire line, without detail. */
        public Line(long frame, long timestampNanos, Kind kind, String from, String to, String text) {
            this(frame, timestampNanos, kind, from, to, text, "lab", null);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final Map<String, String> namesByAddress = new LinkedHashMap<>();
    private long dropped;

    void add(Line line) {
        if (lines.size() < MAX_LINES) {
            lines.add(line);
        } else {
            dropped++;
        }
    }

    void learnName(String address, String name) {
        namesByAddress.put(address, name);
    }

    public String nameOf(String address) {
        return namesByAddress.get(address);
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    public Map<String, String> namesByAddress() {
        return Collections.unmodifiableMap(namesByAddress);
    }

    public long dropped() {
        return dropped;
    }
}
