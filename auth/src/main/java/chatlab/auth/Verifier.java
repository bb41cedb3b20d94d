package chatlab.auth;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What the server keeps of a password (RFC 5802 section 3): the salt, the iteration count, StoredKey and
 * ServerKey. The password cannot be recovered from it, and it cannot be used to log in; it lets the server check a
 * client's proof and prove itself to the client.
 */
public record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final int SALT_BYTES = 16;

    public static Verifier derive(String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    public static Verifier derive(String password, byte[] salt, int iterations) {
        byte[] salted = Scram.saltedPassword(password, salt, iterations);
        try {
            return new Verifier(salt.clone(), iterations, Scram.hash(Scram.clientKey(salted)), Scram.serverKey(salted));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /** Whether {@code password} is the one this verifier was made from (the plain-text login of lab clients). */
    public boolean matches(String password) {
        byte[] salted = Scram.saltedPassword(password, salt, iterations);
        try {
            return Scram.constantTimeEquals(Scram.hash(Scram.clientKey(salted)), storedKey);
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "Verifier[iterations=" + iterations + "]"; // never the keys
    }
}
