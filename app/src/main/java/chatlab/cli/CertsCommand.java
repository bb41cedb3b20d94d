package chatlab.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chatlab certs}: certificates for TLS. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Makes certificates for chatlab server --tls-cert/--tls-key.",
        subcommands = CertsCommand.Dev.class)
final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dev", mixinStandardHelpOptions = true,
            description = "Writes a self-signed certificate and its key (ECDSA P-256) for a server name and addresses, "
                    + "and prints the certificate's SHA-256 fingerprint, which clients can pin with --tls-pin.")
    static final class Dev implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "localhost",
                description = "The server's DNS name, as clients will write it (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--address", paramLabel = "IP",
                description = "An address clients may connect to, repeatable (default: 127.0.0.1 and ::1).")
        List<String> addresses = new ArrayList<>();

        @Option(names = "--days", defaultValue = "365", description = "Days the certificate is valid (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--out", defaultValue = ".", description = "Folder for cert.pem and key.pem (default: the current one).")
        Path out;

        @Option(names = "--force", description = "Replace cert.pem and key.pem if they exist.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (days < 1) {
                throw new UserError("--days must be at least 1", 2);
            }
            List<InetAddress> ips = new ArrayList<>();
            for (String text : addresses.isEmpty() ? List.of("127.0.0.1", "::1") : addresses) {
                try {
                    if (!text.matches("[0-9a-fA-F.:]+")) {
                        throw new UnknownHostException(text);
                    }
                    ips.add(InetAddress.getByName(text));
                } catch (UnknownHostException e) {
                    throw new UserError("--address takes an IP address, got '" + text + "'", 2);
                }
            }
            Instant now = Instant.now();
            DevCertificate certificate = DevCertificate.create(name, ips, now.minus(Duration.ofMinutes(5)),
                    now.plus(Duration.ofDays(days)));
            Path cert = out.resolve("cert.pem");
            Path key = out.resolve("key.pem");
            if (!force && (Files.exists(cert) || Files.exists(key))) {
                throw new UserError(out.resolve("cert.pem") + " or key.pem exists; pass --force to replace them");
            }
            try {
                Files.createDirectories(out);
                certificate.write(cert, key);
            } catch (IOException e) {
                throw new UserError("cannot write the certificate into " + out + ": " + e.getMessage());
            }
            var printer = spec.commandLine().getOut();
            printer.println("wrote " + cert + " and " + key + " (the key is readable by you only)");
            printer.println("SHA-256 fingerprint: " + certificate.fingerprint());
            printer.println("server: chatlab server --tls-cert " + cert + " --tls-key " + key);
            printer.println("client: chatlab client --server " + name + " --tls --tls-pin " + certificate.fingerprint());
            return 0;
        }
    }
}
