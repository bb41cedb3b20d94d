package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.web.WebConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --web, --web-origin and --http-idle-timeout reach the server's config; bad values are one-line usage errors. */
class ServerWebOptionsTest {
    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void theWebClientIsOnByDefault() {
        assertThat(parse().config().web()).isEqualTo(WebConfig.defaults());
    }

    @Test
    void everyOptionReachesTheConfig() {
        WebConfig web = parse("--web", "OFF", "--web-origin", "https://Chat.Example.org", "--web-origin",
                "http://10.0.0.5:8080", "--http-idle-timeout", "5s").config().web();
        assertThat(web.enabled()).isFalse();
        assertThat(web.allowedOrigins()).containsExactly("https://chat.example.org:443", "http://10.0.0.5:8080");
        assertThat(web.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesAreUsageErrorsOfOneLine() {
        assertThat(usageError("server", "--web", "maybe")).isEqualTo("chatlab: --web must be on or off, got 'maybe'"
                + System.lineSeparator());
        assertThat(usageError("server", "--web-origin", "chat.example.org")).isEqualTo("chatlab: 'chat.example.org' "
                + "is not a web origin: write scheme://host[:port], e.g. https://chat.example.org:8443"
                + System.lineSeparator());
    }

    @Test
    void theLogNamesWhereTheBrowserFindsThePage() throws Exception {
        ServerCommand command = parse("--bind", "127.0.0.1");
        assertThat(ServerCommand.webAddress(command.config(), 5000, false)).isEqualTo("http://127.0.0.1:5000/");
        assertThat(ServerCommand.webAddress(parse().config(), 5000, true))
                .isEqualTo("https://localhost:5000/ (and http:// on the same port)");
        assertThat(ServerCommand.webAddress(parse("--bind", "::1").config().withBindAddresses(
                List.of(InetAddress.getByName("::1"))), 5001, false)).isEqualTo("http://[::1]:5001/");
    }
}
