package chatlab.client;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret a v2 client draws once per run and sends in every hello of it (docs/PROTOCOL.md, *Sessions*): back on a
 * new connection, to the same server or another of a cluster, it takes its name over from its old connection at once
 * instead of being refused until that connection (or its dead server's claim) times out. 16 random bytes: 22
 * base64url characters (RFC 4648 section 5), the fewest the server takes.
 */
final class SessionSecret {
    private static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionSecret() {}

    static String draw() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
