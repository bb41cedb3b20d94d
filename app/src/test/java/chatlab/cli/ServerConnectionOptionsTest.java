package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ConnectionLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's options for connection limits, keepalive, the TLS handshake and the log reach the server's config. */
class ServerConnectionOptionsTest {
    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutOptionsTheDefaultsApply() {
        ServerCommand command = parse();
        assertThat(command.config().connectionLimits()).isEqualTo(ConnectionLimits.defaults());
        assertThat(command.logLimits()).isEqualTo(LogLimits.defaults());
    }

    @Test
    void everyOptionReachesTheConfig() {
        ServerCommand command = parse("--max-users-per-address", "3", "--max-pending-per-address", "2",
                "--new-address-reserve", "20", "--tcp-keepalive-idle", "2m", "--tcp-keepalive-interval", "5s",
                "--tcp-keepalive-probes", "6", "--tls-handshake-timeout", "3s", "--log-burst", "7", "--log-window", "1m",
                "--log-max-lines", "500");
        assertThat(command.config().connectionLimits()).isEqualTo(new ConnectionLimits(3, 2, 20, Duration.ofMinutes(2),
                Duration.ofSeconds(5), 6, Duration.ofSeconds(3)));
        assertThat(command.logLimits()).isEqualTo(new LogLimits(7, Duration.ofMinutes(1), 500));
    }

    @Test
    void writeCoalescingAndTheSocketSendBufferReachTheConfig() {
        assertThat(parse().config().writeCoalescing()).isEqualTo(chatlab.server.ServerConfig.DEFAULT_WRITE_COALESCING);
        assertThat(parse().config().limits().socketSendBufferBytes())
                .isEqualTo(chatlab.protocol.Limits.DEFAULT_SOCKET_SEND_BUFFER_BYTES);
        ServerCommand command = parse("--write-coalescing", "3ms", "--socket-send-buffer-bytes", "24576");
        assertThat(command.config().writeCoalescing()).isEqualTo(Duration.ofMillis(3));
        assertThat(command.config().limits().socketSendBufferBytes()).isEqualTo(24576);
        assertThat(parse("--write-coalescing", "0us", "--socket-send-buffer-bytes", "0").config())
                .extracting(c -> c.writeCoalescing(), c -> c.limits().socketSendBufferBytes())
                .containsExactly(Duration.ZERO, 0);
    }

    /** Runs the command line and returns what it wrote to stderr; it must end with the usage error status, 2. */
    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void aKeepaliveThatIsNotWholeSecondsIsAUsageErrorOfOneLine() {
        assertThat(usageError("server", "--tcp-keepalive-idle", "1500ms")).isEqualTo("chatlab: the TCP keepalive idle "
                + "time must be whole seconds between 1 s and 32767 s, got 1500 ms" + System.lineSeparator());
    }

    @Test
    void theRoomOptionsReachTheConfigAndABadDefaultRoomIsAUsageErrorOfOneLine() {
        assertThat(parse().config().rooms()).isEqualTo(chatlab.server.RoomConfig.defaults());
        assertThat(parse("--default-room", "#lab", "--max-rooms", "50", "--max-rooms-per-client", "5",
                "--max-topic-chars", "120").config().rooms())
                .isEqualTo(new chatlab.server.RoomConfig("#lab", 50, 5, 120));
        assertThat(usageError("server", "--default-room", "lab")).isEqualTo("chatlab: the default room \"lab\" is not "
                + "a room name: a room name begins with '#'" + System.lineSeparator());
    }
}
