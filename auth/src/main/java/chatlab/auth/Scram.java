package chatlab.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 functions of RFC 5802 section 3 with the hash of RFC 7677: {@code Hi} is PBKDF2 with
 * HMAC-SHA-256, {@code H} is SHA-256.
 */
public final class Scram {
    public static final String MECHANISM = "SCRAM-SHA-256";
    static final int KEY_BYTES = 32;

    private Scram() {}

    /** SaltedPassword := Hi(Normalize(password), salt, i). */
    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        char[] prepared = SaslPrep.prepare(password).toCharArray();
        try {
            // The JDK's PBKDF2 takes the password as chars and encodes them as UTF-8, as SCRAM requires.
            PBEKeySpec spec = new PBEKeySpec(prepared, salt, iterations, KEY_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            Arrays.fill(prepared, '\0');
        }
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
        }
    }

    /** ClientKey := HMAC(SaltedPassword, "Client Key"). */
    public static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Client Key");
    }

    /** ServerKey := HMAC(SaltedPassword, "Server Key"). */
    public static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key");
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** Compares in time that depends only on the length, never on where the first difference is. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
