package chatlab.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a server proves itself to the brokers with, and trusts them by (docs/CLUSTER.md, *A broker with TLS and
 * NKeys*); each may be null. {@link BrokerAccess#load} reads them.
 *
 * @param tlsCa   PEM CA certificates a broker's certificate must be signed by ({@code --cluster-tls-ca}); null: the
 *                JVM's default CAs
 * @param tlsCert this server's PEM certificate chain for a broker that asks for one ({@code --cluster-tls-cert})
 * @param tlsKey  its PEM PKCS#8 private key ({@code --cluster-tls-key}); given with {@code tlsCert} or not at all
 * @param nkey    a user NKey seed file ({@code --cluster-nkey})
 * @param creds   a NATS credentials file: user JWT and seed ({@code --cluster-creds}); not with {@code nkey}
 */
public record BrokerFiles(Path tlsCa, Path tlsCert, Path tlsKey, Path nkey, Path creds) {
    public BrokerFiles {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("a TLS client certificate needs its key, and a key its certificate");
        }
        if (nkey != null && creds != null) {
            throw new IllegalArgumentException("an NKey seed and a credentials file are two logins: give one");
        }
    }

    public static BrokerFiles none() {
        return new BrokerFiles(null, null, null, null, null);
    }

    public BrokerFiles withTlsCa(Path value) {
        return new BrokerFiles(value, tlsCert, tlsKey, nkey, creds);
    }

    public BrokerFiles withClientCertificate(Path certificate, Path key) {
        return new BrokerFiles(tlsCa, certificate, key, nkey, creds);
    }

    public BrokerFiles withNKey(Path value) {
        return new BrokerFiles(tlsCa, tlsCert, tlsKey, value, creds);
    }

    public BrokerFiles withCreds(Path value) {
        return new BrokerFiles(tlsCa, tlsCert, tlsKey, nkey, value);
    }

    /** Whether any file is given. */
    public boolean any() {
        return tlsCa != null || tlsCert != null || nkey != null || creds != null;
    }

    /** A warning for each secret file its group or others may read (the server still starts). */
    public List<String> looseModes() {
        List<String> warnings = new ArrayList<>();
        if (nkey != null) {
            SecretFile.looseModes(nkey, ClusterTexts.SEED_FILE).ifPresent(warnings::add);
        }
        if (creds != null) {
            SecretFile.looseModes(creds, ClusterTexts.CREDS_FILE).ifPresent(warnings::add);
        }
        if (tlsKey != null) {
            SecretFile.looseModes(tlsKey, ClusterTexts.KEY_FILE).ifPresent(warnings::add);
        }
        return warnings;
    }
}
