package chatlab.testkit;

import chatlab.proc.Finished;
import chatlab.proc.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate authority for one test, made with the JDK's keytool (no other tool needed): its certificate as PEM,
 * and server certificates it signs with their PEM private keys (PKCS#8), as a TLS server such as nats-server takes
 * them, and client certificates for a server that asks for one. EC P-256 keys, valid for two days.
 */
public final class TestCa {
    private static final String PASSWORD = "chatlab-test";
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path store;
    private final Path certificate;

    private TestCa(Path dir) {
        this.dir = dir;
        this.store = dir.resolve("ca.p12");
        this.certificate = dir.resolve("ca.pem");
    }

    /** A new CA in {@code dir} (its files: ca.p12, ca.pem). */
    public static TestCa create(Path dir) throws IOException {
        TestCa ca = new TestCa(Files.createDirectories(dir));
        keytool("-genkeypair", "-keystore", ca.store.toString(), "-alias", "ca", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=chatlab test CA", "-ext", "bc:c", "-validity", "2");
        keytool("-exportcert", "-rfc", "-keystore", ca.store.toString(), "-alias", "ca", "-file",
                ca.certificate.toString());
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
     *             {@code dns:elsewhere.test}
     */
    public Issued issue(String name, String san) throws IOException {
        return issue(name, List.of("-ext", "san=" + san, "-ext", "eku=serverAuth"));
    }

    /**
     * A client certificate signed by this CA, for a TLS server that asks its clients for one (nats-server's
     * {@code --tlsverify}): extended key usage clientAuth, which Go's TLS server requires of a client's certificate.
     *
     * @param name its file names' stem and its CN
     */
    public Issued issueClient(String name) throws IOException {
        return issue(name, List.of("-ext", "eku=clientAuth"));
    }

    private Issued issue(String name, List<String> extensions) throws IOException {
        Path keys = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path certificatePem = dir.resolve(name + ".pem");
        Path keyPem = dir.resolve(name + "-key.pem");
        keytool("-genkeypair", "-keystore", keys.toString(), "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=" + name, "-validity", "2");
        keytool("-certreq", "-keystore", keys.toString(), "-alias", name, "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-keystore", store.toString(), "-alias",
                "ca", "-infile", request.toString(), "-outfile", certificatePem.toString(), "-validity", "2"));
        gencert.addAll(extensions);
        keytool(gencert.toArray(String[]::new));
        try (InputStream in = Files.newInputStream(keys)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            Key key = keyStore.getKey(name, PASSWORD.toCharArray());
            Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key keytool made in " + keys, e);
        }
        return new Issued(certificatePem, keyPem);
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // Each run is a short JVM: without the optimising compiler and its GC threads it starts in about 0.5 s, not 0.7.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12")); // a PKCS12 key has the store's password
        Finished finished = Launch.of(command).run(KEYTOOL_TIMEOUT);
        if (!finished.ok()) {
            throw new IOException("keytool failed: " + finished.tail(2000));
        }
    }
}
