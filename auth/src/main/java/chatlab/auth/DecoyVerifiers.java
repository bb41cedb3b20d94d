package chatlab.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Made-up verifiers for names that have no account. Each is derived from a secret (kept in the user store) and
 * the name, so asking twice for one name gives the same salt and count, as a real account would; no password
 * matches one. Without them, a new random salt on every attempt (or an error) would tell a guesser which names exist.
 */
public final class DecoyVerifiers {
    private final byte[] secret;
    private volatile int iterations;

    public DecoyVerifiers(int iterations, SecureRandom random) {
        this.iterations = iterations;
        this.secret = new byte[32];
        random.nextBytes(secret);
    }

    /** @param secret kept with the accounts, so decoys stay the same across restarts */
    public DecoyVerifiers(int iterations, byte[] secret) {
        this.iterations = iterations;
        this.secret = secret.clone();
    }

    /** Decoys follow the count most real accounts have, so the count does not tell them apart. */
    public void iterations(int value) {
        iterations = value;
    }

    public Verifier forName(String name) {
        byte[] seed = Scram.hmac(secret, name.getBytes(StandardCharsets.UTF_8));
        byte[] salt = Arrays.copyOf(seed, Verifier.SALT_BYTES);
        return new Verifier(salt, iterations, Scram.hmac(seed, "stored"), Scram.hmac(seed, "server"));
    }
}
