package chatlab.cluster;

import chatlab.protocol.RoomNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a room lives in NATS. A room's name may hold any character ({@code #blåbær}, dots, spaces), but a JetStream
 * stream name may not hold {@code . * > / \} or white space and a subject token may not hold {@code . * >} or white
 * space: UTF-8 bytes in lower-case hex are both, and decode back exactly.
 *
 * <p>A room is named by what its name reads as ({@link RoomNames#key}), as a server alone tells rooms apart: {@code
 * #Dev}, {@code #dev} and {@code #dеv} with a Cyrillic {@code е} are one stream and one subject on every server, so
 * two servers that make the room at once with two spellings still share it. The spelling is kept in the stream's
 * description ({@link RoomStreams}).
 *
 * @param prefix names every stream, bucket and subject of one cluster ({@link ClusterConfig#prefix}), so several
 *               clusters (or tests) can share one broker
 */
record RoomSubjects(String prefix) {
    private static final HexFormat HEX = HexFormat.of();
    /**
     * The longest room token in hex (100 bytes of the key): the broker keeps a stream in a folder named by it (255
     * bytes at most on common file systems), after a prefix of up to 32 characters and {@code _ROOM_}. A key this
     * long is rare (a name's 32 characters may read as more: a ligature as several letters).
     */
    static final int MAX_ROOM_TOKEN_CHARS = 200;
    /** Begins the token of a longer key: not a hex digit, so it never decodes as a room. */
    private static final String DIGEST_MARK = "s";

    /** Any text as a token: its UTF-8 bytes in hex. */
    static String token(String text) {
        return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The room's token: what its name reads as ({@link RoomNames#key}) in hex; a key longer than {@link
     * #MAX_ROOM_TOKEN_CHARS} in hex is {@code s} and its SHA-256 in hex instead.
     */
    static String roomToken(String room) {
        String key = RoomNames.key(room);
        String token = token(key);
        if (token.length() <= MAX_ROOM_TOKEN_CHARS) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return DIGEST_MARK + HEX.formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The text a token holds ({@link #token}): for a room token, what the room's name reads as (a stream made before
     * rooms were named so: its spelling).
     *
     * @throws IllegalArgumentException when it is not hex (a long key's digest)
     */
    static String room(String token) {
        return new String(HEX.parseHex(token), StandardCharsets.UTF_8);
    }

    /** The stream that holds the room's messages: {@code CHATLAB_ROOM_<room token>}. */
    String stream(String room) {
        return streamPrefix() + roomToken(room);
    }

    /** What every room stream's name begins with. */
    String streamPrefix() {
        return prefix + "_ROOM_";
    }

    /**
     * The subject the room's messages are published on: {@code chatlab.room.<room token>} (the prefix in lower case).
     */
    String subject(String room) {
        return subjectPrefix() + ".room." + roomToken(room);
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
