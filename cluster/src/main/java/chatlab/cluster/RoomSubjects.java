package chatlab.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a room lives in NATS. A room's name may hold any character ({@code #blåbær}, dots, spaces), but a JetStream
 * stream name may not hold {@code . * > / \} or white space and a subject token may not hold {@code . * >} or white
 * space: the name's UTF-8 bytes in lower-case hex are both, and decode back exactly.
 *
 * @param prefix names every stream, bucket and subject of one cluster ({@link ClusterConfig#prefix}), so several
 *               clusters (or tests) can share one broker
 */
record RoomSubjects(String prefix) {
    private static final HexFormat HEX = HexFormat.of();

    /** The room's token: its name's UTF-8 bytes in hex. */
    static String token(String room) {
        return HEX.formatHex(room.getBytes(StandardCharsets.UTF_8));
    }

    /** The room a token names. */
    static String room(String token) {
        return new String(HEX.parseHex(token), StandardCharsets.UTF_8);
    }

    /** The stream that holds the room's messages: {@code CHATLAB_ROOM_<token>}. */
    String stream(String room) {
        return streamPrefix() + token(room);
    }

    /** What every room stream's name begins with. */
    String streamPrefix() {
        return prefix + "_ROOM_";
    }

    /** The subject the room's messages are published on: {@code chatlab.room.<token>} (the prefix in lower case). */
    String subject(String room) {
        return subjectPrefix() + ".room." + token(room);
    }

    /** The subject every server's presence goes on: {@code chatlab.presence.<server>}. */
    String presence(String server) {
        return subjectPrefix() + ".presence." + server;
    }

    /** Every server's presence. */
    String anyPresence() {
        return subjectPrefix() + ".presence.*";
    }

    /** The subject whispers to {@code server}'s users go on: {@code chatlab.whisper.<server>} (request and reply). */
    String whisper(String server) {
        return subjectPrefix() + ".whisper." + server;
    }

    /** The key-value bucket of claimed names. */
    String namesBucket() {
        return prefix + "_NAMES";
    }

    /** The key-value bucket of room topics. */
    String topicsBucket() {
        return prefix + "_TOPICS";
    }

    private String subjectPrefix() {
        return prefix.toLowerCase(Locale.ROOT);
    }
}
