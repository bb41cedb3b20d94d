package chatlab.cluster;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * The NATS credentials file of {@code --cluster-creds FILE}, for a broker in operator mode (accounts and users as
 * JWTs, nsc's world): the user's JWT and its NKey seed, each between its dashed lines, as {@code nsc generate creds}
 * writes it. jnats reads it ({@link Nats#staticCredentials}): it sends the JWT and signs the broker's nonce with the
 * seed. jnats checks nothing until it connects, so the file is checked here first, to fail before the server starts
 * with one line naming the file: both parts there, the seed a valid user seed, the JWT a user JWT for that seed's
 * user and not expired. No message quotes the seed or the JWT.
 */
final class UserCredentials {
    /** The dashed lines the two parts sit between (nsc, and the NATS docs' "Creds" format). */
    static final String JWT_BEGIN = "-----BEGIN NATS USER JWT-----";
    static final String SEED_BEGIN = "-----BEGIN USER NKEY SEED-----";

    private UserCredentials() {}

    /**
     * @throws IllegalArgumentException naming the file (never its secrets), when it is missing, unreadable, or not a
     *                                  user's credentials
     */
    static AuthHandler fromFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw bad(file, ClusterTexts.unreadable(e));
        }
        try {
            if (!contains(bytes, JWT_BEGIN) || !contains(bytes, SEED_BEGIN)) {
                throw bad(file, "it is not a NATS credentials file (it needs a " + JWT_BEGIN + " section and a "
                        + SEED_BEGIN + " section, as nsc generate creds writes)");
            }
            AuthHandler handler = Nats.staticCredentials(bytes);
            String user = userOf(handler, file);
            checkJwt(handler.getJWT(), user, file);
            return handler;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The public key of the file's seed ({@code U...}). */
    private static String userOf(AuthHandler handler, Path file) {
        char[] id;
        try {
            id = handler.getID();
        } catch (RuntimeException e) {
            // The cause's message could quote the seed: it is left out.
            throw bad(file, "its seed is not a valid NATS NKey seed (a character or its checksum is wrong)");
        }
        if (!NKey.isValidPublicUserKey(id)) {
            throw bad(file, "its seed is not a user's (a user seed starts with SU)");
        }
        return new String(id);
    }

    private static void checkJwt(char[] jwt, String user, Path file) {
        JsonValue claim;
        try {
            String text = new String(jwt);
            if (text.chars().filter(c -> c == '.').count() != 2) {
                throw new IllegalArgumentException("not three parts");
            }
            claim = JsonParser.parse(JwtUtils.getClaimBody(text));
        } catch (Exception e) {
            throw bad(file, "its JWT is not a valid JWT (three base64url parts, the middle one JSON)");
        }
        JsonValue subject = claim.map == null ? null : claim.map.get("sub");
        JsonValue nats = claim.map == null ? null : claim.map.get("nats");
        JsonValue type = nats == null || nats.map == null ? null : nats.map.get("type");
        if (type == null || !"user".equals(type.string)) {
            throw bad(file, "its JWT is not a user's (its nats.type is " + (type == null ? "missing" : type.string)
                    + ")");
        }
        if (subject == null || !user.equals(subject.string)) {
            throw bad(file, "its JWT is for the user " + (subject == null ? "(none)" : subject.string)
                    + " but its seed is the user " + user + "'s");
        }
        JsonValue expires = claim.map.get("exp");
        if (expires != null && expires.number != null && expires.number.longValue() > 0
                && Instant.ofEpochSecond(expires.number.longValue()).isBefore(Instant.now())) {
            throw bad(file, "its JWT expired at " + Instant.ofEpochSecond(expires.number.longValue()));
        }
    }

    private static boolean contains(byte[] bytes, String marker) {
        byte[] wanted = marker.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.CREDS_FILE, file, problem));
    }
}
