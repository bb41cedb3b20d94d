package chatlab.cli;

import chatlab.cluster.BrokerAccess;
import chatlab.cluster.BrokerFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code chatlab server --cluster-tls-ca FILE --cluster-tls-cert FILE --cluster-tls-key FILE --cluster-nkey FILE
 * --cluster-creds FILE}: how the server knows the cluster's brokers and proves itself to them, beyond what the
 * {@code --cluster} URLs say (docs/CLUSTER.md, *A broker with TLS and NKeys*). A file that is missing, unreadable or
 * wrong, or options that do not go together, are a usage error naming them, before anything starts.
 */
final class ServerClusterAccessOptions {
    @Option(names = "--cluster-tls-ca", paramLabel = "FILE",
            description = "With --cluster: trust only brokers whose TLS certificate a CA of this PEM file signed, for "
                    + "the broker URL's host; every broker must then speak TLS. Without it tls:// URLs trust the "
                    + "JVM's default CAs.")
    Path tlsCa;

    @Option(names = "--cluster-tls-cert", paramLabel = "FILE",
            description = "With --cluster and --cluster-tls-key: show the brokers this PEM certificate (chain, the "
                    + "server's own first) when they ask for one (nats-server --tlsverify); every broker must then "
                    + "speak TLS.")
    Path tlsCert;

    @Option(names = "--cluster-tls-key", paramLabel = "FILE",
            description = "The private key of --cluster-tls-cert: PEM PKCS#8 (BEGIN PRIVATE KEY), unencrypted; "
                    + "convert an older one with openssl pkcs8 -topk8 -nocrypt. Keep it readable by its owner only.")
    Path tlsKey;

    @Option(names = "--cluster-nkey", paramLabel = "FILE",
            description = "With --cluster: log in to the brokers as the NATS user of this NKey seed file (the SU... "
                    + "line nk -gen user or nsc writes); the broker lists the user's public key (U...). Keep the file "
                    + "readable by its owner only.")
    Path nkey;

    @Option(names = "--cluster-creds", paramLabel = "FILE",
            description = "With --cluster: log in to the brokers with this NATS credentials file (a user's JWT and "
                    + "seed, as nsc generate creds writes), for a broker in operator mode. Not with --cluster-nkey. "
                    + "Keep the file readable by its owner only.")
    Path creds;

    /** The files given, by option; a pair that does not go together is a usage error (exit 2). */
    BrokerFiles files() {
        if (nkey != null && creds != null) {
            throw new UserError("--cluster-creds and --cluster-nkey are two ways to log in to the brokers: give one",
                    2);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UserError("--cluster-tls-cert and --cluster-tls-key go together: the certificate and its "
                    + "private key", 2);
        }
        return new BrokerFiles(tlsCa, tlsCert, tlsKey, nkey, creds);
    }

    /** The files read; a bad one is a usage error (exit 2) naming it. A secret file others may read is warned of. */
    BrokerAccess access() {
        BrokerFiles files = files();
        files.looseModes().forEach(warning -> LoggerFactory.getLogger("chatlab.cluster").warn("{}", warning));
        try {
            return BrokerAccess.load(files);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    /** The first of these options given, or null: each needs --cluster. */
    String given() {
        Map<String, Path> options = new LinkedHashMap<>();
        options.put("--cluster-tls-ca", tlsCa);
        options.put("--cluster-tls-cert", tlsCert);
        options.put("--cluster-tls-key", tlsKey);
        options.put("--cluster-nkey", nkey);
        options.put("--cluster-creds", creds);
        return options.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }
}
