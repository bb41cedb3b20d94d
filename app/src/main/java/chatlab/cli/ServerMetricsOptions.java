package chatlab.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/**
 * {@code chatlab server --metrics ADDR:PORT}: where the Prometheus metrics are served (docs/METRICS.md). Without it
 * nothing listens. A port alone listens on the loopback only: metrics tell who is on the server and how busy it is,
 * which is for the operator, so listening farther must be asked for by address.
 */
final class ServerMetricsOptions {
    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics over HTTP at http://ADDR:PORT/metrics (docs/METRICS.md). A port "
                    + "alone listens on the loopback (127.0.0.1); an IPv6 address goes in brackets ([::1]:9464); "
                    + "0.0.0.0:PORT or [::]:PORT listen on every address. Without it nothing listens.")
    String metrics;

    /** The address to serve the metrics on, or null without --metrics; a bad value is a usage error. */
    InetSocketAddress address() {
        return metrics == null ? null : parse(metrics);
    }

    static InetSocketAddress parse(String text) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !value.startsWith("]:", close)) {
                throw bad(text, "an IPv6 address goes in brackets, followed by :PORT, e.g. [::1]:9464");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            throw bad(text, "an IPv6 address goes in brackets, e.g. [::1]:9464");
        } else if (value.contains(":")) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        } else {
            host = null;
            port = value;
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(text, "'" + port + "' is not a port number");
        }
        if (number < 0 || number > 65_535) {
            throw bad(text, "the port must be between 0 and 65535");
        }
        if (host == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), number);
        }
        if (host.isEmpty()) {
            throw bad(text, "the address before ':' is empty (a port alone listens on the loopback)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            throw bad(text, "cannot resolve '" + host + "'");
        }
    }

    private static UserError bad(String text, String problem) {
        return new UserError("--metrics must be ADDR:PORT or PORT, got '" + text + "': " + problem, 2);
    }
}
