package chatlab.cluster;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The user NKey of {@code --cluster-nkey FILE}: the file holds the user's seed ({@code SU...}, one line, as
 * {@code nk -gen user} and {@code nsc} write it; other lines are ignored), and the server answers the broker's
 * challenge with it: the broker sends a nonce, the server signs it with the seed's Ed25519 key and sends the public
 * key ({@code U...}) with the signature (the NATS connect protocol's {@code nkey} and {@code sig}). The seed never
 * leaves this object: no error message, log line or {@link #toString} shows it.
 */
public final class UserNKey implements AuthHandler {
    /** A seed: 'S', the type's letter, then base32 (RFC 4648 alphabet) of the key and its CRC16: 58 characters. */
    private static final int SEED_CHARS = 58;

    private final NKey key;
    private final char[] publicKey;

    private UserNKey(NKey key, char[] publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    /**
     * @throws IllegalArgumentException naming the file (never the seed), when it is missing, unreadable, or holds no
     *                                  valid user seed
     */
    public static UserNKey fromSeedFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.SEED_FILE, file,
                    ClusterTexts.unreadable(e)), e);
        }
        CharBuffer text = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        char[] chars = new char[text.remaining()];
        text.get(chars);
        Arrays.fill(text.array(), '\0');
        try {
            char[] seed = seedLine(chars);
            if (seed == null) {
                throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.SEED_FILE, file,
                        "it holds no NATS user seed (a line of " + SEED_CHARS + " characters starting with SU)"));
            }
            try {
                NKey key = NKey.fromSeed(seed);
                return new UserNKey(key, key.getPublicKey());
            } catch (IllegalArgumentException | IllegalStateException | GeneralSecurityException | IOException e) {
                // The cause's message could quote the seed: it is left out.
                throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.SEED_FILE, file,
                        "its seed is not a valid NATS NKey seed (a character or its checksum is wrong)"));
            } finally {
                Arrays.fill(seed, '\0');
            }
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** The first line that is a user seed, trimmed, or null. */
    private static char[] seedLine(char[] text) {
        int start = 0;
        while (start < text.length) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(text[from])) {
                from++;
            }
            while (to > from && Character.isWhitespace(text[to - 1])) {
                to--;
            }
            if (to - from == SEED_CHARS && text[from] == 'S' && text[from + 1] == 'U') {
                return Arrays.copyOfRange(text, from, to);
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * A warning when others than the file's owner may read it (as ssh warns of a private key's file), or empty: the
     * seed lets whoever reads it join the cluster as this server.
     */
    public static Optional<String> looseModes(Path file) {
        return SecretFile.looseModes(file, ClusterTexts.SEED_FILE);
    }

    /** The public key ({@code U...}), as the broker's configuration lists the user. */
    public String publicKey() {
        return new String(publicKey);
    }

    @Override
    public byte[] sign(byte[] nonce) {
        try {
            return key.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign the broker's nonce with the cluster's NKey", e);
        }
    }

    @Override
    public char[] getID() {
        return publicKey.clone();
    }

    @Override
    public char[] getJWT() {
        return null; // a bare NKey user: no JWT (that is a .creds file's)
    }

    @Override
    public String toString() {
        return "NATS user " + publicKey();
    }
}
