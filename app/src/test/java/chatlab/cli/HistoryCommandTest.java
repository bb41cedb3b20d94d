package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogEvents;
import chatlab.history.SqliteMessageLog;
import chatlab.protocol.v2.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chatlab history export} and {@code rooms} in-process, on a log written through the history module. */
class HistoryCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @BeforeEach
    void writeALog() throws Exception {
        List<LoggedMessage> general = List.of(
                new LoggedMessage("#general", 1, Instant.parse("2026-12-01T10:15:30.123456Z"), "bjørn", Wire.V2, "k3x9",
                        "blåbærsyltetøy, \"quoted\"\nand a second line", false),
                new LoggedMessage("#general", 2, Instant.parse("2026-12-01T10:15:31Z"), "labuser", Wire.LAB, null,
                        "東京 from the lab", false),
                new LoggedMessage("#general", 3, Instant.parse("2026-12-01T10:16:00Z"), "alice", Wire.V2, "a1",
                        "waves", true));
        List<LoggedMessage> big = new ArrayList<>();
        for (long seq = 1; seq <= 2500; seq++) {
            big.add(new LoggedMessage("#big", seq, Instant.parse("2026-12-02T00:00:00Z").plusSeconds(seq), "bot",
                    Wire.V2, "b" + seq, "line " + seq, false));
        }
        try (SqliteMessageLog log = SqliteMessageLog.open(SqliteMessageLog.pathIn(dir), HistoryConfig.defaults(),
                MessageLogEvents.NONE, Clock.systemUTC())) {
            log.append(general).get(30, TimeUnit.SECONDS);
            log.append(big).get(30, TimeUnit.SECONDS);
            log.setTopic("#general", "plans for the lab").get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void exportWritesOneJsonObjectPerMessageOldestFirst() {
        assertThat(run("history", "export", "--room", "#general", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "{\"room\":\"#general\",\"seq\":1,\"time\":\"2026-12-01T10:15:30.123456Z\",\"from\":\"bjørn\","
                        + "\"wire\":\"v2\",\"id\":\"k3x9\",\"text\":\"blåbærsyltetøy, \\\"quoted\\\"\\nand a second line\","
                        + "\"action\":false}",
                "{\"room\":\"#general\",\"seq\":2,\"time\":\"2026-12-01T10:15:31Z\",\"from\":\"labuser\",\"wire\":\"lab\","
                        + "\"id\":null,\"text\":\"東京 from the lab\",\"action\":false}",
                "{\"room\":\"#general\",\"seq\":3,\"time\":\"2026-12-01T10:16:00Z\",\"from\":\"alice\",\"wire\":\"v2\","
                        + "\"id\":\"a1\",\"text\":\"waves\",\"action\":true}",
                ""));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exportToAFileGoesPageByPageAndKeepsTheFileToItsOwner() throws Exception {
        Path file = dir.resolve("big.jsonl");
        assertThat(run("history", "export", "--room", "#big", "--data-dir", dir.toString(), "--out", file.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("wrote 2,500 messages of #big (seq 1 to 2500) to " + file + "\n");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2500);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = mapper.readTree(lines.get(i));
            assertThat(line.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(line.get("text").asText()).isEqualTo("line " + (i + 1));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void roomsListsCountsNumbersSizesAndTopics() {
        assertThat(run("history", "rooms", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "ROOM                       MESSAGES      FIRST       LAST        BYTES  TOPIC",
                "#big                          2,500          1       2500       40,286  ",
                "#general                          3          1          3           93  plans for the lab",
                ""));
    }

    @Test
    void anUnknownRoomOrAMissingLogIsOneLine() {
        assertThat(run("history", "export", "--room", "#nope", "--data-dir", dir.toString())).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("chatlab: no room named \"#nope\" in the message log "
                + SqliteMessageLog.pathIn(dir) + "; chatlab history rooms lists them\n");
        err.getBuffer().setLength(0);
        Path empty = dir.resolve("empty");
        assertThat(run("history", "rooms", "--data-dir", empty.toString())).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("chatlab: there is no message log at " + SqliteMessageLog.pathIn(empty)
                + " (a server with history creates it)\n");
        assertThat(Files.exists(empty)).as("reading never creates a log").isFalse();
        err.getBuffer().setLength(0);
        assertThat(run("history", "export", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("chatlab: missing required option: '--room=NAME'");
    }
}
