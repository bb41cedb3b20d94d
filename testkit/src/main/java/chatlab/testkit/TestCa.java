package chatlab.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for one test, made in this JVM (Bouncy Castle's certificate builder, the JDK's EC keys):
 * its certificate as PEM, and server certificates it signs with their PEM private keys (PKCS#8), as a TLS server such
 * as nats-server takes them, and client certificates for a server that asks for one. EC P-256 keys, valid for two
 * days. (It ran the JDK's keytool before: five JVM starts for a CA and its first certificate, seconds on a busy
 * machine, where this takes milliseconds.)
 */
public final class TestCa {
    private static final Duration VALIDITY = Duration.ofDays(2);
    /** RFC 5758 section 3.2: ECDSA with SHA-256, the signature keytool chose for a P-256 key. */
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path certificate;
    private final KeyPair keys;
    private final X509Certificate caCertificate;

    private TestCa(Path dir, KeyPair keys, X509Certificate caCertificate) {
        this.dir = dir;
        this.certificate = dir.resolve("ca.pem");
        this.keys = keys;
        this.caCertificate = caCertificate;
    }

    /** A new CA in {@code dir} (its file: ca.pem; its key stays in this object). */
    public static TestCa create(Path dir) throws IOException {
        Files.createDirectories(dir);
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=chatlab test CA");
        X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
        try {
            // RFC 5280 section 4.2.1.9: a CA's basic constraints are critical.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        } catch (CertIOException e) {
            throw new IOException(e);
        }
        X509Certificate certificate = sign(builder, keys);
        TestCa ca = new TestCa(dir, keys, certificate);
        writePem(ca.certificate, "CERTIFICATE", certificate);
        return ca;
    }

    /** The CA's certificate, PEM. */
    public Path certificate() {
        return certificate;
    }

    /** A server's or a client's certificate and key, PEM files (the key PKCS#8). */
    public record Issued(Path certificate, Path key) {}

    /**
     * A server certificate signed by this CA.
     *
     * @param name its file names' stem
     * @param san  its subject alternative names as keytool writes them, e.g. {@code ip:127.0.0.1} or
     *             {@code dns:elsewhere.test} (several separated by commas)
     */
    public Issued issue(String name, String san) throws IOException {
        return issue(name, KeyPurposeId.id_kp_serverAuth, subjectAlternativeNames(san));
    }

    /**
     * A client certificate signed by this CA, for a TLS server that asks its clients for one (nats-server's
     * {@code --tlsverify}): extended key usage clientAuth, which Go's TLS server requires of a client's certificate.
     *
     * @param name its file names' stem and its CN
     */
    public Issued issueClient(String name) throws IOException {
        return issue(name, KeyPurposeId.id_kp_clientAuth, null);
    }

    private Issued issue(String name, KeyPurposeId purpose, GeneralNames alternativeNames) throws IOException {
        KeyPair subject = newKeys();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(caCertificate.getSubjectX500Principal()
                .getEncoded()), new X500Name("CN=" + name), subject.getPublic());
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IOException("cannot make the certificate of " + name, e);
        }
        Path certificatePem = dir.resolve(name + ".pem");
        Path keyPem = dir.resolve(name + "-key.pem");
        writePem(certificatePem, "CERTIFICATE", sign(builder, keys));
        writePem(keyPem, "PRIVATE KEY", subject.getPrivate().getEncoded()); // PKCS#8, the JDK's encoding of the key
        return new Issued(certificatePem, keyPem);
    }

    /** keytool's -ext san= syntax: {@code ip:ADDRESS} and {@code dns:NAME}, separated by commas. */
    private static GeneralNames subjectAlternativeNames(String san) {
        List<GeneralName> names = new ArrayList<>();
        for (String one : san.split(",")) {
            int colon = one.indexOf(':');
            String kind = colon < 0 ? "" : one.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = one.substring(colon + 1).trim();
            names.add(switch (kind) {
                case "ip" -> new GeneralName(GeneralName.iPAddress, value);
                case "dns" -> new GeneralName(GeneralName.dNSName, value);
                default -> throw new IllegalArgumentException("a subject alternative name is ip:ADDRESS or dns:NAME, "
                        + "not " + one);
            });
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static KeyPair newKeys() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key", e);
        }
    }

    /** Valid from a minute ago (clocks of the broker and of the test may differ by a little) for two days. */
    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key)
            throws IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(
                BigInteger.ONE), Date.from(now.minusSeconds(60)), Date.from(now.plus(VALIDITY)), subject, key);
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IOException("cannot make the certificate of " + subject, e);
        }
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws IOException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot sign a certificate", e);
        }
    }

    private static void writePem(Path file, String type, X509Certificate certificate) throws IOException {
        try {
            writePem(file, type, certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the certificate for " + file, e);
        }
    }

    /** RFC 7468: the base64 of the DER in lines of 64 characters between the type's BEGIN and END lines. */
    private static void writePem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }
}
