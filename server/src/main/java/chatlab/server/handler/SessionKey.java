package chatlab.server.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a v2 client's hello said of its session (a secret it drew for its run and sends in every hello of it), kept
 * with its connection as a SHA-256 digest: the same client coming back on a new connection, to this server or to
 * another of a cluster, proves it is the one that held the name, and may take the name over before the old
 * connection or the dead server's claim times out (docs/PROTOCOL.md, *Sessions*). The secret itself is never kept:
 * the digest is what a cluster's name claims carry, and knowing it does not let anyone take a name.
 */
public final class SessionKey {
    private static final AttributeKey<String> KEY = AttributeKey.valueOf("chatlab.sessionKey");

    private SessionKey() {}

    /** @param session the hello's session, or null (then the connection has none) */
    public static void record(Channel channel, String session) {
        if (session != null) {
            channel.attr(KEY).set(digest(session));
        }
    }

    /** The connection's session digest, or null when its hello had no session (lab clients never have one). */
    public static String of(Channel channel) {
        return channel.hasAttr(KEY) ? channel.attr(KEY).get() : null;
    }

    /** SHA-256 of the session's UTF-8 bytes, base64url without padding (43 characters). */
    static String digest(String session) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
