package chatlab.cluster;

import io.nats.client.AuthHandler;
import io.nats.client.Options;
import java.nio.file.Path;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * How a server knows the brokers and proves itself to them, beyond what the URLs say: the TLS trust of
 * {@code --cluster-tls-ca}, the client certificate of {@code --cluster-tls-cert} and {@code --cluster-tls-key}, and the
 * user of {@code --cluster-nkey} or {@code --cluster-creds} (docs/CLUSTER.md, *Running it*). Either may be absent:
 * then jnats does as before (a {@code tls://} URL trusts the JVM's default CAs; credentials only in the URL).
 *
 * @param tls  trusts only the brokers whose certificates the given CAs signed, for their URL's host, and shows this
 *             server's certificate to a broker that asks; with it every broker must speak TLS, whatever its URL's
 *             scheme; null: as the URL says
 * @param auth answers the broker's challenge (signs its nonce) as a user, with the user's JWT in operator mode; null:
 *             none
 * @param certificateRequests what the brokers asked of this server's certificate in {@code tls}'s handshakes, to say
 *             why a broker refused it; null with no {@code tls}
 */
public record BrokerAccess(SSLContext tls, AuthHandler auth, CertificateRequests certificateRequests) {
    /** Nothing beyond the URLs. */
    public static BrokerAccess none() {
        return new BrokerAccess(null, null, null);
    }

    /**
     * Reads the files of {@code --cluster-tls-ca} and {@code --cluster-nkey}.
     *
     * @param caFile   PEM CA certificates the brokers' certificates must be signed by, or null for the JVM's default
     * @param seedFile the user's NKey seed, or null for none
     * @throws IllegalArgumentException naming the file that is missing, unreadable or wrong (never its secret)
     */
    public static BrokerAccess load(Path caFile, Path seedFile) {
        return load(BrokerFiles.none().withTlsCa(caFile).withNKey(seedFile));
    }

    /**
     * Reads the files. A TLS context is made when a CA file or a client certificate is given (then the brokers'
     * names are checked also against the JVM's default CAs).
     *
     * @throws IllegalArgumentException naming the file that is missing, unreadable or wrong (never its secret)
     */
    public static BrokerAccess load(BrokerFiles files) {
        SSLContext tls = null;
        CertificateRequests requests = null;
        if (files.tlsCa() != null || files.tlsCert() != null) {
            TrustManager[] trust = BrokerTrust.trusting(files.tlsCa());
            requests = CertificateRequests.of(files.tlsCert() == null ? null
                    : ClientCertificate.keyManagers(files.tlsCert(), files.tlsKey()));
            tls = BrokerTrust.context(trust, new KeyManager[] {requests}, files.tlsCa());
        }
        AuthHandler auth = files.nkey() != null ? UserNKey.fromSeedFile(files.nkey())
                : files.creds() != null ? UserCredentials.fromFile(files.creds()) : null;
        return new BrokerAccess(tls, auth, requests);
    }

    /** Why a broker most likely refused the TLS handshake, when it asked for this server's certificate; or null. */
    String tlsRefusal() {
        return certificateRequests == null ? null : certificateRequests.refusal();
    }

    void applyTo(Options.Builder options) {
        if (tls != null) {
            options.sslContext(tls);
        }
        if (auth != null) {
            options.authHandler(auth);
        }
    }
}
