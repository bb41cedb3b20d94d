package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --metrics ADDR:PORT: a port alone is the loopback; bad values and a port in use are one-line errors at start. */
class ServerMetricsOptionsTest {
    private static String error(int exitCode, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(args)).isEqualTo(exitCode);
        return err.toString();
    }

    @Test
    void withoutTheOptionNothingListens() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.metrics.address()).isNull();
    }

    @Test
    void aPortAloneListensOnTheLoopbackOnly() throws Exception {
        assertThat(ServerMetricsOptions.parse("9464"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9464));
        assertThat(ServerMetricsOptions.parse("0.0.0.0:9464"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9464));
        assertThat(ServerMetricsOptions.parse("[::1]:9464"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 9464));
        assertThat(ServerMetricsOptions.parse("127.0.0.2:0"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
    }

    @Test
    void badValuesAreUsageErrorsOfOneLine() {
        String prefix = "chatlab: --metrics must be ADDR:PORT or PORT, got ";
        assertThat(error(2, "server", "--metrics", "localhost:http")).isEqualTo(prefix
                + "'localhost:http': 'http' is not a port number" + System.lineSeparator());
        assertThat(error(2, "server", "--metrics", "70000")).isEqualTo(prefix
                + "'70000': the port must be between 0 and 65535" + System.lineSeparator());
        assertThat(error(2, "server", "--metrics", "::1:9464")).isEqualTo(prefix
                + "'::1:9464': an IPv6 address goes in brackets, e.g. [::1]:9464" + System.lineSeparator());
        assertThat(error(2, "server", "--metrics", "[::1]9464")).isEqualTo(prefix
                + "'[::1]9464': an IPv6 address goes in brackets, followed by :PORT, e.g. [::1]:9464"
                + System.lineSeparator());
        assertThat(error(2, "server", "--metrics", ":9464")).isEqualTo(prefix
                + "':9464': the address before ':' is empty (a port alone listens on the loopback)"
                + System.lineSeparator());
    }

    /** The metrics listen before the chat server starts: a port in use stops the start before any client is taken. */
    @Test
    void aPortInUseIsAClearErrorAtStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            assertThat(error(UserError.EXIT_USER_ERROR, "server", "--bind", "127.0.0.1", "--port", "0", "--metrics",
                    Integer.toString(port))).isEqualTo("chatlab: cannot serve metrics on 127.0.0.1:" + port
                            + ": the port is already in use; choose another with --metrics" + System.lineSeparator());
        }
    }
}
