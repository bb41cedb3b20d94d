package chatlab.cluster;

import io.nats.client.AuthHandler;
import io.nats.client.Options;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * How a server knows the brokers and proves itself to them, beyond what the URLs say: the TLS trust of
 * {@code --cluster-tls-ca} and the user NKey of {@code --cluster-nkey} (docs/CLUSTER.md, *Running it*). Either may be
 * absent: then jnats does as before (a {@code tls://} URL trusts the JVM's default CAs; credentials only in the URL).
 *
 * @param tls  trusts only the brokers whose certificates the given CAs signed, for their URL's host; with it every
 *             broker must speak TLS, whatever its URL's scheme; null: as the URL says
 * @param auth answers the broker's challenge (signs its nonce) as a user; null: none
 */
public record BrokerAccess(SSLContext tls, AuthHandler auth) {
    /** Nothing beyond the URLs. */
    public static BrokerAccess none() {
        return new BrokerAccess(null, null);
    }

    /**
     * Reads the files of {@code --cluster-tls-ca} and {@code --cluster-nkey}.
     *
     * @param caFile   PEM CA certificates the brokers' certificates must be signed by, or null for the JVM's default
     * @param seedFile the user's NKey seed, or null for none
     * @throws IllegalArgumentException naming the file that is missing, unreadable or wrong (never its secret)
     */
    public static BrokerAccess load(Path caFile, Path seedFile) {
        return new BrokerAccess(caFile == null ? null : BrokerTrust.fromPem(caFile),
                seedFile == null ? null : UserNKey.fromSeedFile(seedFile));
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
