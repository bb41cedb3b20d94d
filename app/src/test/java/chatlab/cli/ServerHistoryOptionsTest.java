package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.SyncMode;
import chatlab.server.HistorySettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chatlab server}'s history options become the settings the server runs on; a bad value is a usage error. */
class ServerHistoryOptionsTest {
    private static HistorySettings settings(String... args) {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs(args);
        return server.config().history();
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine line = Main.newCommandLine();
        line.setOut(new PrintWriter(new StringWriter(), true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(args);
        assertThat(status).isEqualTo(2);
        return err.toString().strip();
    }

    @Test
    void everyOptionReachesTheSettings() {
        HistorySettings settings = settings("--history", "on", "--data-dir", "/srv/chat", "--history-max-messages",
                "500", "--history-max-age", "7d", "--history-max-bytes", "1000000", "--history-on-join", "20",
                "--lab-history", "5", "--history-sync", "full", "--history-search", "off",
                "--history-commit-wait", "3ms");
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.file()).isEqualTo(Path.of("/srv/chat/messages.db"));
        assertThat(settings.log().retention().maxMessages()).isEqualTo(500);
        assertThat(settings.log().retention().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.log().retention().maxBytes()).isEqualTo(1_000_000);
        assertThat(settings.onJoinMessages()).isEqualTo(20);
        assertThat(settings.labMessages()).isEqualTo(5);
        assertThat(settings.log().sync()).isEqualTo(SyncMode.FULL);
        assertThat(settings.log().commitWait()).isEqualTo(Duration.ofMillis(3));
        assertThat(settings.search()).isFalse();
        assertThat(settings.log().indexAhead()).as("no searches: no search index kept").isFalse();
        assertThat(settings("--history", "OFF").enabled()).isFalse();
    }

    @Test
    void badValuesAreUsageErrorsInOneLine() {
        assertThat(usageError("server", "--history", "maybe")).isEqualTo("chatlab: --history must be on or off, got "
                + "'maybe'");
        assertThat(usageError("server", "--history-on-join", "5000")).isEqualTo("chatlab: the history sent on joining "
                + "must be between 0 and 1000 messages, got 5000");
        assertThat(usageError("server", "--history-sync", "sometimes")).isEqualTo("chatlab: unknown sync mode "
                + "'sometimes'; use full or normal");
        assertThat(usageError("server", "--history-commit-wait", "250ms")).isEqualTo("chatlab: the log's commit wait "
                + "must be between 0 and 100 ms, got 250 ms");
        assertThat(usageError("server", "--history-max-messages", "0")).isEqualTo("chatlab: maxMessages must be "
                + "positive, got 0");
    }
}
