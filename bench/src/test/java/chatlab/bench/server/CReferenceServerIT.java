package chatlab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.scenario.BenchRun;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
class CReferenceServerIT {
    private static final int CLIENTS = 12;
    private static final Duration START = Duration.ofSeconds(60);
    /** Quotes, a backslash, accents and a character outside the BMP: json.dumps escapes each its own way. */
    private static final String ODD_NAME = "b\u00e9\"\\\ud83d\ude00";

    @ParameterizedTest
    @EnumSource(value = SpawnedServer.Kind.class, names = {"PYTHON", "C"})
    void joinsRelaysAndLeavesGiveTheSameBytesAsTheLabServer(SpawnedServer.Kind kind) throws IOException {
        try (SpawnedServer server = SpawnedServer.start(kind, 4, START);
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
    @EnumSource(value = SpawnedServer.Kind.class, names = {"PYTHON", "C"})
    void bytesThatAreNotUtf8DropTheSenderAndAnEmptyNameIsStillAUser(SpawnedServer.Kind kind) throws IOException {
        try (SpawnedServer server = SpawnedServer.start(kind, 4, START);
                Socket ann = connect(server)) {
            Map<String, String> users = new LinkedHashMap<>();
            users.put("ann", "127.0.0.1");
            send(ann, "ann");
            assertThat(read(ann, LabFormat.userMapBytes(users).length)).isEqualTo(LabFormat.userMapBytes(users));

            // chatserver.py takes the empty first read of a client that leaves at once as its name
            Map<String, String> withEmpty = new LinkedHashMap<>(users);
            withEmpty.put("", "127.0.0.1");
            connect(server).close();
            expect(ann, LabFormat.userMapBytes(withEmpty), LabFormat.userMapBytes(users));

            try (Socket bob = connect(server)) {
                send(bob, "bob");
                users.put("bob", "127.0.0.1");
                byte[] both = LabFormat.userMapBytes(users);
                expect(ann, both);
                expect(bob, both);
                bob.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xfe});
                bob.getOutputStream().flush();
                users.remove("bob");
                expect(ann, LabFormat.userMapBytes(users)); // no relay of the bad bytes: bob is dropped instead
                assertThat(bob.getInputStream().read()).as("bob's connection is closed").isEqualTo(-1);
            }
        }
    }

    /**
     * Many clients leaving together make the broadcasts of their leaves fail on each other: each is closed and
     * announced once, and a newcomer gets exactly the users left (the lab server's threads race here, so only C).
     */
    @Test
    void aCrowdLeavingAtOnceLeavesAConsistentMap() throws IOException {
        int crowd = 200;
        try (SpawnedServer server = SpawnedServer.start(SpawnedServer.Kind.C, crowd + 2, START);
                Socket stay = connect(server)) {
            send(stay, "stay");
            List<Socket> leaving = new java.util.ArrayList<>();
            for (int i = 0; i < crowd; i++) {
                Socket socket = connect(server);
                send(socket, "u" + i);
                leaving.add(socket);
            }
            Map<String, String> everyone = new LinkedHashMap<>();
            everyone.put("stay", "127.0.0.1");
            for (int i = 0; i < crowd; i++) {
                everyone.put("u" + i, "127.0.0.1");
            }
            awaitMap(stay, LabFormat.userMapBytes(everyone));
            for (Socket socket : leaving) {
                socket.setSoLinger(true, 0); // a reset: the server's next send to it fails
                socket.close();
            }
            Map<String, String> left = Map.of("stay", "127.0.0.1");
            awaitMap(stay, LabFormat.userMapBytes(left));
            try (Socket fresh = connect(server)) {
                send(fresh, "fresh");
                Map<String, String> now = new LinkedHashMap<>(left);
                now.put("fresh", "127.0.0.1");
                expect(fresh, LabFormat.userMapBytes(now));
            }
        }
    }

    @Test
    void withoutACompilerTheErrorSaysWhatIsMissing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CProgram.LAB_RELAY.compile(folder, List.of("no-such-compiler-chatlab")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a C compiler, but 'no-such-compiler-chatlab' cannot run");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CProgram.LAB_RELAY.compile(folder, List.of("false")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compiling the C reference server with 'false -std=gnu11 -O2");
    }

    @ParameterizedTest
    @EnumSource(value = SpawnedServer.Kind.class, names = {"C", "C_NAGLE"})
    void fanoutDeliversEveryMessageWhole(SpawnedServer.Kind kind) {
        try (SpawnedServer server = SpawnedServer.start(kind, CLIENTS, START)) {
            BenchResult result = BenchRun.run(config(BenchScenario.FANOUT, server).window(1).build(),
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
        try (SpawnedServer server = SpawnedServer.start(SpawnedServer.Kind.C, CLIENTS, START)) {
            BenchResult result = BenchRun.run(config(BenchScenario.JOIN_STORM, server).build(),
                    ServerProbe.of(server.pid()), "c", null);
            assertThat(result.success()).as(String.valueOf(result)).isTrue();
            assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
            assertThat(result.presenceBytes()).isGreaterThan((long) CLIENTS * CLIENTS);
        }
    }

    private static BenchConfig.Builder config(BenchScenario scenario, SpawnedServer server) {
        return BenchConfig.builder(scenario, Wire.LAB, server.address()).clients(CLIENTS).senders(3)
                .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2));
    }

    private static Socket connect(SpawnedServer server) throws IOException {
        Socket socket = new Socket(server.address().getAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads exactly the expected maps, one after another. */
    private static void expect(Socket socket, byte[]... maps) throws IOException {
        for (byte[] map : maps) {
            assertThat(new String(read(socket, map.length), StandardCharsets.UTF_8))
                    .isEqualTo(new String(map, StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads maps until one equals {@code map} (the ones in between, while a crowd joins or leaves, may be any);
     * bounded by the socket's timeout on each read.
     */
    private static void awaitMap(Socket socket, byte[] map) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        byte[] tail = new byte[0]; // the last map.length bytes read: enough to see the map at the end
        while (!Arrays.equals(tail, map)) {
            int n = socket.getInputStream().read(chunk);
            assertThat(n).as("the stream ended before the map " + new String(map, StandardCharsets.UTF_8))
                    .isPositive();
            byte[] joined = Arrays.copyOf(tail, tail.length + n);
            System.arraycopy(chunk, 0, joined, tail.length, n);
            tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - map.length), joined.length);
        }
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
