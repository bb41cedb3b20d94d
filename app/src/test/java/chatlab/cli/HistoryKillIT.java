package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.SqliteMessageLog;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code chatlab server} with its message log is killed with SIGKILL right after it acknowledged 1,000
 * messages, and started again on the same data folder: all 1,000 are in the log, and a client that had left in the
 * middle comes back, resumes from the last message it saw, and gets every message it missed exactly once.
 */
class HistoryKillIT {
    static final int MESSAGES = 1000;
    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final Pattern EPOCH = Pattern.compile("\"epoch\":\"([^\"]+)\"");

    private final Cleanup cleanup = new Cleanup();

    @TempDir
    Path data;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ScriptedProcess server(int port) {
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", Map.of(), "server", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", data.toString(), "--rate", "100000", "--burst",
                "100000"));
        server.awaitStderr("listening on");
        return server;
    }

    private RawLineClient hello(int port, int octet, String name, String rooms) throws Exception {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(octet), port));
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"features\":[\"rooms\","
                + "\"history\"],\"rooms\":" + rooms + "}");
        client.awaitLineContaining("\"type\":\"welcome\"");
        return client;
    }

    /** The seqs of the chat messages the client got, in order. */
    private static List<Long> seqs(RawLineClient client) {
        List<Long> seqs = new ArrayList<>();
        for (String line : client.lines()) {
            if (line.startsWith("{\"type\":\"message\"")) {
                Matcher seq = SEQ.matcher(line);
                assertThat(seq.find()).isTrue();
                seqs.add(Long.parseLong(seq.group(1)));
            }
        }
        return seqs;
    }

    @Test
    void everyAcknowledgedMessageSurvivesSigkillAndAReturningClientMissesNoneAndSeesNoneTwice() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(91));
        ScriptedProcess first = server(port);
        RawLineClient alice = hello(port, 91, "alice", "[{\"room\":\"#dev\"}]");
        RawLineClient bob = hello(port, 92, "bob", "[{\"room\":\"#dev\"}]");
        String room = bob.awaitLineContaining("\"type\":\"room\"");
        Matcher epochMatch = EPOCH.matcher(room);
        assertThat(epochMatch.find()).isTrue();
        String epoch = epochMatch.group(1);
        bob.awaitLineContaining("\"type\":\"history\""); // its (empty) page on joining

        for (int i = 1; i <= MESSAGES; i++) {
            alice.sendLine("{\"type\":\"say\",\"room\":\"#dev\",\"id\":\"a" + i + "\",\"text\":\"message " + i
                    + " ünïcödé\"}");
            if (i == 300) {
                bob.awaitLineContaining("\"id\":\"a300\"");
                bob.close(); // bob leaves in the middle, having seen the first 300
            }
        }
        Set<String> acked = new HashSet<>();
        alice.awaitLine("the ack of a" + MESSAGES, line -> line.contains("\"id\":\"a" + MESSAGES + "\"")
                && line.contains("\"type\":\"ack\""));
        for (String line : alice.lines()) {
            if (line.startsWith("{\"type\":\"ack\"")) {
                acked.add(line);
            }
        }
        assertThat(acked).hasSize(MESSAGES);
        List<Long> bobSaw = seqs(bob);
        assertThat(bobSaw).startsWith(1L, 2L, 3L).contains(300L);

        first.kill(); // SIGKILL right after the last ack: no goodbye, no orderly close of the log
        first.awaitExit(java.time.Duration.ofSeconds(30));

        try (SqliteMessageLog log = SqliteMessageLog.openForReading(SqliteMessageLog.pathIn(data),
                HistoryConfig.defaults())) {
            List<Long> stored = new ArrayList<>();
            List<LoggedMessage> page;
            long after = 0;
            do {
                page = log.after("#dev", after, 1000).get(30, TimeUnit.SECONDS);
                page.forEach(m -> stored.add(m.seq()));
                after = page.isEmpty() ? after : page.get(page.size() - 1).seq();
            } while (!page.isEmpty());
            assertThat(stored).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(stored.get(MESSAGES - 1)).isEqualTo((long) MESSAGES);
        }

        server(port);
        long last = bobSaw.get(bobSaw.size() - 1);
        RawLineClient back = hello(port, 93, "bob", "[{\"room\":\"#dev\",\"since\":{\"epoch\":\"" + epoch
                + "\",\"seq\":" + last + "}}]");
        back.awaitLine("message " + MESSAGES, line -> line.contains("\"text\":\"message " + MESSAGES + " "));
        back.sendLine("{\"type\":\"ping\",\"token\":\"end\"}");
        back.awaitLineContaining("\"type\":\"pong\"");
        List<Long> all = new ArrayList<>(bobSaw);
        all.addAll(seqs(back));
        assertThat(all).doesNotHaveDuplicates().hasSize(MESSAGES);
        assertThat(all).isSorted();
        assertThat(back.lines()).noneMatch(line -> line.contains("\"history\":true"));
    }
}
