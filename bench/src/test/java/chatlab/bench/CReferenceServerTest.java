package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bench's C reference server (labrelay.c, compiled here with cc) speaks the lab wire byte for byte as the
 * lab's chatserver.py does, so comparing the three servers compares the same work; and the bench's scenarios run
 * against it like against the others.
 */
class CReferenceServerTest {
    private static final int CLIENTS = 12;
    private static final Duration START = Duration.ofSeconds(60);
    /** Quotes, a backslash, accents and a character outside the BMP: json.dumps escapes each its own way. */
    private static final String ODD_NAME = "b\u00e9\"\\\ud83d\ude00";

    @ParameterizedTest
    @EnumSource(value = SpawnedServer.Kind.class, names = {"PYTHON", "C"})
    void joinsRelaysAndLeavesGiveTheSameBytesAsTheLabServer(SpawnedServer.Kind kind) throws IOException {
        try (SpawnedServer server = SpawnedServer.start(kind, 4, List.of(), START);
                Socket ann = new Socket(server.address().getAddress(), server.port())) {
            ann.setSoTimeout(10_000);
            Map<String, String> users = new LinkedHashMap<>();
            send(ann, "ann");
            users.put("ann", "127.0.0.1");
            assertThat(read(ann, LabFormat.userMapBytes(users).length)).isEqualTo(LabFormat.userMapBytes(users));

            try (Socket odd = new Socket(server.address().getAddress(), server.port())) {
                odd.setSoTimeout(10_000);
                send(odd, ODD_NAME);
                users.put(ODD_NAME, "127.0.0.1");
                byte[] twoUsers = LabFormat.userMapBytes(users);
                assertThat(read(ann, twoUsers.length)).isEqualTo(twoUsers);
                assertThat(read(odd, twoUsers.length)).isEqualTo(twoUsers);

                send(ann, "hi there");
                byte[] relay = LabFormat.relayBytes("ann", "hi there");
                assertThat(read(odd, relay.length)).isEqualTo(relay);
                send(odd, "\u00e7a va");
                byte[] back = LabFormat.relayBytes(ODD_NAME, "\u00e7a va");
                assertThat(read(ann, back.length)).isEqualTo(back);
            }
            users.remove(ODD_NAME);
            byte[] afterLeave = LabFormat.userMapBytes(users);
            assertThat(read(ann, afterLeave.length)).isEqualTo(afterLeave);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SpawnedServer.Kind.class, names = {"C", "C_NAGLE"})
    void fanoutDeliversEveryMessageWhole(SpawnedServer.Kind kind) {
        try (SpawnedServer server = SpawnedServer.start(kind, CLIENTS, List.of(), START)) {
            BenchResult result = BenchRun.run(config(Scenario.FANOUT, server).window(1).build(),
                    ServerProbe.of(server.pid()), kind.text(), null);
            assertThat(result.success()).as(String.valueOf(result)).isTrue();
            BenchResult.Traffic traffic = result.traffic();
            assertThat(traffic.lost()).isZero();
            assertThat(traffic.duplicated()).isZero();
            assertThat(traffic.merged()).isZero();
            assertThat(traffic.delivered()).isEqualTo(traffic.messagesSent() * (CLIENTS - 1)).isPositive();
            assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();
        }
    }

    @Test
    void joinStormSendsTheWholeMapToEveryoneAtEveryJoin() {
        try (SpawnedServer server = SpawnedServer.start(SpawnedServer.Kind.C, CLIENTS, List.of(), START)) {
            BenchResult result = BenchRun.run(config(Scenario.JOIN_STORM, server).build(),
                    ServerProbe.of(server.pid()), "c", null);
            assertThat(result.success()).as(String.valueOf(result)).isTrue();
            assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
            assertThat(result.presenceBytes()).isGreaterThan((long) CLIENTS * CLIENTS);
        }
    }

    @Test
    void aServerKindIsNamedAsTheCommandLineWritesIt() {
        assertThat(SpawnedServer.Kind.parse("c-nagle")).isEqualTo(SpawnedServer.Kind.C_NAGLE);
        assertThat(SpawnedServer.Kind.parse(" C ")).isEqualTo(SpawnedServer.Kind.C);
        assertThat(SpawnedServer.Kind.C_NAGLE.text()).isEqualTo("c-nagle");
    }

    private static BenchConfig.Builder config(Scenario scenario, SpawnedServer server) {
        return BenchConfig.builder(scenario, Wire.LAB, server.address()).clients(CLIENTS).senders(3)
                .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2));
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads exactly {@code length} bytes (the socket's timeout bounds each wait). */
    private static byte[] read(Socket socket, int length) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(length);
        assertThat(bytes).as("the stream ended early").hasSize(length);
        return bytes;
    }
}
