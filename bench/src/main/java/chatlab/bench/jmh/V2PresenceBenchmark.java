package chatlab.bench.jmh;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * v2 presence as the server batches it: one {@code presence} message for the joins and leaves of one window (encoded
 * once, sent to every v2 client), and the {@code z} wrapper that deflates a large message such as the welcome's user
 * list for clients that asked for it.
 */
public class V2PresenceBenchmark extends BenchmarkSettings {
    /** The joins of one presence window, with one leave for every ten joins. */
    @State(Scope.Thread)
    public static class Window {
        @Param({"1", "10", "100"})
        public int joins;

        final ServerMessageEncoder encoder = new ServerMessageEncoder();
        final ServerMessageDecoder decoder = new ServerMessageDecoder();
        ServerMessage.Presence presence;
        byte[] line;

        @Setup
        public void setUp() {
            List<Workload.Member> room = Workload.room(joins + joins / 10, Workload.IPV4, 3);
            List<ServerMessage.Left> left = new ArrayList<>();
            for (Workload.Member gone : room.subList(joins, room.size())) {
                left.add(new ServerMessage.Left(gone.name(), "closed by the client"));
            }
            presence = new ServerMessage.Presence(Workload.userInfos(room.subList(0, joins)), left);
            line = encoder.encode(presence);
        }
    }

    /** A welcome listing the room, as a plain line and deflated. */
    @State(Scope.Thread)
    public static class BigWelcome {
        @Param({"100", "1000", "10000"})
        public int users;

        final ServerMessageEncoder encoder = new ServerMessageEncoder();
        final ServerMessageDecoder decoder = new ServerMessageDecoder();
        byte[] line;
        byte[] deflatedLine;

        @Setup
        public void setUp() {
            List<Workload.Member> room = Workload.room(users, Workload.IPV4, 42);
            List<UserInfo> infos = Workload.userInfos(room);
            line = encoder.encode(new ServerMessage.Welcome(2, "chatlab/0.1.0", room.get(0).name(), room.get(0).address(),
                    V2CodecBenchmark.LIMITS, infos, null, "k3x9q2m1z8"));
            deflatedLine = encoder.deflated(line);
        }
    }

    @Benchmark
    public byte[] presenceEncode(Window window) {
        return window.encoder.encode(window.presence);
    }

    @Benchmark
    public ServerMessage presenceDecode(Window window) throws Exception {
        return window.decoder.decode(window.line, 0, window.line.length - 1);
    }

    /** Deflating an encoded welcome (the JSON encoding itself is {@code UserMapBenchmark.v2WelcomeEncode}). */
    @Benchmark
    public byte[] welcomeDeflate(BigWelcome welcome) {
        return welcome.encoder.deflated(welcome.line);
    }

    /** The client's side: inflate and decode. */
    @Benchmark
    public ServerMessage welcomeInflateDecode(BigWelcome welcome) throws Exception {
        return welcome.decoder.decode(welcome.deflatedLine, 0, welcome.deflatedLine.length - 1);
    }
}
