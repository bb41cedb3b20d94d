package chatlab.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * This server's own TLS certificate for the brokers ({@code --cluster-tls-cert FILE --cluster-tls-key FILE}), for a
 * broker that asks every client for a certificate its CA signed (nats-server's {@code --tlsverify}: mutual TLS). The
 * certificate file is PEM, the server's certificate first and then any intermediate CAs; the key file is one PEM
 * PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}: RSA, EC or Ed25519), unencrypted. The older PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}) forms are refused with the openssl command
 * that converts them. The key must be the certificate's: that is checked here, so a mismatch is one line naming the
 * files rather than a handshake failure later. No message quotes the key.
 */
final class ClientCertificate {
    /** RFC 7468 section 10: the label of an unencrypted PKCS#8 private key. */
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";
    /** The key algorithms tried in turn on the PKCS#8 bytes, and what signs to prove the key is the certificate's. */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private ClientCertificate() {}

    /**
     * Key managers that present this certificate chain and key when a broker asks.
     *
     * @throws IllegalArgumentException naming the file that is missing, unreadable or wrong (never quoting the key)
     */
    static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
        X509Certificate[] chain = PemCertificates.read(certificateFile, ClusterTexts.CERT_FILE)
                .toArray(X509Certificate[]::new);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain[0])) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, keyFile,
                    "it is not the private key of the certificate in " + certificateFile));
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("chatlab-cluster", key, password, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, keyFile,
                    "cannot use it with the certificate in " + certificateFile + " (" + e.getMessage() + ")"), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, file,
                    ClusterTexts.unreadable(e)), e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, file, notPkcs8(text, file)));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, file,
                    "its PEM key is not valid base64"));
        }
        try {
            for (String algorithm : KEY_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                    // another algorithm's key: try the next
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.KEY_FILE, file,
                "its PKCS#8 key is not an RSA, EC or Ed25519 private key"));
    }

    /** Why a key file is not an unencrypted PKCS#8 key, with the way out. */
    private static String notPkcs8(String text, Path file) {
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return "its key is encrypted; write it unencrypted (openssl pkcs8 -topk8 -nocrypt -in " + file
                    + " -out key.pem) and keep the file readable by its owner only";
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return "its key is PKCS#1 or SEC1 (BEGIN RSA or EC PRIVATE KEY), not PKCS#8; convert it with openssl "
                    + "pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem";
        }
        return "it holds no PEM private key (" + PKCS8_BEGIN + ")";
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, EdDSA
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // the certificate's key is of another algorithm than the private key
        }
    }
}
