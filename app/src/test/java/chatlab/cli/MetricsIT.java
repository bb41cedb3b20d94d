package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.MetricsScrape;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code chatlab server --metrics}, real clients on the loopback (lab: a login, a failed login, a guest, a
 * message, a refusal; v2: a message and a whisper), and its {@code /metrics} scraped over HTTP before and after: every
 * count moved by exactly what the clients did, bytes included (what the clients sent and received, counted on their
 * side).
 */
class MetricsIT {
    private static final String PROMPT =
            "server: password for the name you sent? Type it and press Enter (the lab wire sends it in clear text) ";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** A lab client from 127.0.0.OCTET that has sent its first words (a name, or a name and a password). */
    private RawLabClient labClient(int octet, int port, String first) throws Exception {
        RawLabClient client = cleanup.add(RawLabClient.connect(Ports.loopback(octet), port));
        client.send(first);
        return client;
    }

    /** The bytes a v2 client got: its lines, each with its newline. */
    private static long linesBytes(RawLineClient client) {
        long bytes = 0;
        for (String line : client.lines()) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return bytes;
    }

    private static void awaitCount(int metricsPort, String key, long expected) {
        Await.until(key + " = " + expected, () -> MetricsScrape.get(metricsPort), m -> m.count(key) == expected);
    }

    @Test
    void countsWhatRealClientsDo() throws Exception {
        Path users = dir.resolve("users.db");
        try (UserStore store = UserStore.open(users, Clock.systemUTC())) {
            store.add("alice", Verifier.derive("alice's password", AuthConfig.MIN_ITERATIONS, new SecureRandom()));
        }
        int port = Ports.freeForTcpAndUdp();
        int metricsPort = Ports.freeForTcpAndUdp();
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", Map.of(), "server", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--metrics", Integer.toString(metricsPort), "--auth", "optional",
                "--users", users.toString(), "--iterations", Integer.toString(AuthConfig.MIN_ITERATIONS),
                "--max-message-bytes", "40", "--data-dir", dir.resolve("data").toString()));
        server.awaitStderr("metrics at http://127.0.0.1:" + metricsPort + "/metrics");

        MetricsScrape before = MetricsScrape.get(metricsPort);
        assertThat(before.count("chatlab_connections_accepted_total")).isZero();
        assertThat(before.sum("chatlab_connections_open")).isZero();
        assertThat(before.count("chatlab_room_users{room=\"#general\"}")).isZero();
        assertThat(before.sum("chatlab_refusals_total")).isZero();
        assertThat(before.count("chatlab_received_bytes_total")).isZero();
        assertThat(before.count("chatlab_sent_bytes_total")).isZero();
        assertThat(before.types()).containsEntry("chatlab_log_append_seconds", "histogram")
                .containsEntry("chatlab_deliveries_total", "counter").containsEntry("chatlab_room_users", "gauge")
                .doesNotContainKey("chatlab_cluster_link_up"); // no --cluster

        String aliceLogin = "alice\nalice's password\n";
        RawLabClient alice = labClient(151, port, aliceLogin);
        awaitCount(metricsPort, "chatlab_logins_total{result=\"ok\"}", 1);

        String guess = "alice\na wrong guess\n";
        RawLabClient mallory = labClient(152, port, guess);
        mallory.awaitClosedByServer();
        mallory.close(); // as a client does at the end of the stream: the server, lingering for it, closes too
        assertThat(mallory.receivedText()).isEqualTo(PROMPT + "server: login failed; closing the connection ");

        String carolName = "carol\n";
        RawLabClient carol = labClient(153, port, carolName);
        awaitCount(metricsPort, "chatlab_room_users{room=\"#general\"}", 2);

        String hello = "hello, carol";
        alice.send(hello);
        carol.awaitContains("alice: " + hello);
        String tooLong = "x".repeat(41);
        alice.send(tooLong);
        alice.awaitContains("not relayed");

        // A v2 client says something to the room and whispers to carol.
        List<String> daveSaid = List.of("{\"type\":\"hello\",\"version\":2,\"name\":\"dave\",\"features\":[]}",
                "{\"type\":\"say\",\"id\":\"d1\",\"text\":\"hi from v2\"}",
                "{\"type\":\"whisper\",\"id\":\"d2\",\"to\":\"carol\",\"text\":\"psst\"}");
        RawLineClient dave = cleanup.add(RawLineClient.connect(Ports.loopback(154), port));
        dave.sendLine(daveSaid.get(0));
        dave.awaitLineContaining("\"type\":\"welcome\"");
        dave.sendLine(daveSaid.get(1));
        dave.awaitLineContaining("\"id\":\"d1\"");
        carol.awaitContains("dave: hi from v2");
        dave.sendLine(daveSaid.get(2));
        carol.awaitContains("psst");

        long sent = 0;
        for (String text : List.of(aliceLogin, guess, carolName, hello, tooLong)) {
            sent += text.getBytes(StandardCharsets.UTF_8).length;
        }
        for (String line : daveSaid) {
            sent += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        long sentBytes = sent;
        // Everything the clients got was counted when it was handed to their sockets; they may still be reading it.
        Await.until("every byte the clients received counted", () -> MetricsScrape.get(metricsPort),
                m -> m.count("chatlab_sent_bytes_total") == alice.receivedBytes() + mallory.receivedBytes()
                        + carol.receivedBytes() + linesBytes(dave)
                        && m.count("chatlab_received_bytes_total") == sentBytes
                        && m.sum("chatlab_connections_open") == 3);
        MetricsScrape after = MetricsScrape.get(metricsPort);
        assertThat(after.count("chatlab_connections_accepted_total")).isEqualTo(4);
        assertThat(after.count("chatlab_connections_open{wire=\"lab\"}")).isEqualTo(2);
        assertThat(after.count("chatlab_connections_open{wire=\"v2\"}")).isEqualTo(1);
        assertThat(after.sum("chatlab_connections_open")).isEqualTo(3);
        assertThat(after.count("chatlab_room_users{room=\"#general\"}")).isEqualTo(3);
        assertThat(after.count("chatlab_logins_total{result=\"ok\"}")).isEqualTo(1);
        assertThat(after.count("chatlab_logins_total{result=\"failed\"}")).isEqualTo(1);
        assertThat(after.count("chatlab_refusals_total{reason=\"login_failed\"}")).isEqualTo(1);
        assertThat(after.count("chatlab_refusals_total{reason=\"message_too_long\"}")).isEqualTo(1);
        assertThat(after.sum("chatlab_refusals_total")).isEqualTo(2);
        assertThat(after.count("chatlab_messages_received_total{wire=\"lab\",kind=\"room\"}")).isEqualTo(1);
        assertThat(after.count("chatlab_messages_received_total{wire=\"v2\",kind=\"room\"}")).isEqualTo(1);
        assertThat(after.count("chatlab_messages_received_total{wire=\"v2\",kind=\"whisper\"}")).isEqualTo(1);
        assertThat(after.sum("chatlab_messages_received_total")).isEqualTo(3);
        assertThat(after.count("chatlab_messages_relayed_total")).isEqualTo(2);
        assertThat(after.count("chatlab_deliveries_total")).as("alice's to carol, dave's to alice and carol")
                .isEqualTo(3);
        // the user maps, the welcome, the relays, the acks and the whisper, at least; refusals are written apart
        assertThat(after.count("chatlab_messages_sent_total")).isGreaterThanOrEqualTo(8);
        assertThat(after.count("chatlab_log_appended_messages_total")).isEqualTo(2);
        assertThat(after.count("chatlab_log_append_seconds_count")).isEqualTo(2);
        assertThat(after.count("chatlab_log_append_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2);
        assertThat(after.value("chatlab_log_append_seconds_sum")).isPositive();
        assertThat(after.sum("chatlab_slow_readers_cut_total")).isZero();
    }
}
