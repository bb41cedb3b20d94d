package chatlab.cli;

import chatlab.cluster.BrokerAccess;
import chatlab.cluster.UserNKey;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code chatlab server --cluster-tls-ca FILE --cluster-nkey FILE}: how the server knows the cluster's brokers and
 * proves itself to them, beyond what the {@code --cluster} URLs say (docs/CLUSTER.md, *Running it*). A file that is
 * missing, unreadable or wrong is a usage error naming it, before anything starts.
 */
final class ServerClusterAccessOptions {
    @Option(names = "--cluster-tls-ca", paramLabel = "FILE",
            description = "With --cluster: trust only brokers whose TLS certificate a CA of this PEM file signed, for "
                    + "the broker URL's host; every broker must then speak TLS. Without it tls:// URLs trust the "
                    + "JVM's default CAs.")
    Path tlsCa;

    @Option(names = "--cluster-nkey", paramLabel = "FILE",
            description = "With --cluster: log in to the brokers as the NATS user of this NKey seed file (the SU... "
                    + "line nk -gen user or nsc writes); the broker lists the user's public key (U...). Keep the file "
                    + "readable by its owner only.")
    Path nkey;

    /** The files read; a bad one is a usage error (exit 2) naming it. */
    BrokerAccess access() {
        if (nkey != null) {
            UserNKey.looseModes(nkey).ifPresent(warning -> LoggerFactory.getLogger("chatlab.cluster").warn("{}", warning));
        }
        try {
            return BrokerAccess.load(tlsCa, nkey);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    /** Whether any was given (they need --cluster). */
    boolean given() {
        return tlsCa != null || nkey != null;
    }
}
