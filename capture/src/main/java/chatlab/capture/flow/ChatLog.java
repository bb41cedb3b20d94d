package chatlab.capture.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat rebuilt from a capture: TCP streams to the server port reassembled in sequence order and cut into the
 * lab wire's messages, plus the UDP direct messages, in capture order.
 */
public final class ChatLog {
    public static final int MAX_LINES = 100_000;

    /** What a line is, in the lab wire's terms. */
    public enum Kind {
        /** The first message a client sends on its TCP connection: its name. */
        REGISTER,
        /** Client to server: text for the chat room. */
        ROOM_MESSAGE,
        /** Server to client: {@code !} followed by the JSON map of names to IP addresses. */
        USER_LIST,
        /** Server to client: {@code NAME: TEXT } relayed from another client. */
        RELAY,
        /** Client to client over UDP. */
        DIRECT_MESSAGE,
        /** Bytes that could not be placed (a gap in the stream, or not UTF-8). */
        NOTE
    }

    /**
     * One message. {@code from} and {@code to} are labels as known when the message was sent: "name (address)",
     * "server (address)", "everyone", or, for a relay, the author's name as the server wrote it.
     */
    public record Line(long frame, long timestampNanos, Kind kind, String from, String to, String text) {
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
