package chatlab.bench.jmh;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabServerStreamSplitter;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole-room encodings: the lab user map ({@code !} + Python's {@code json.dumps}), which the server sends to
 * every lab client after a batch of joins and leaves, and the v2 welcome, which lists the room to each joining v2
 * client. Both grow with the room, so they are measured at 10 to 10,000 users, with IPv4 and with IPv6 addresses.
 */
public class UserMapBenchmark extends BenchmarkSettings {
    /** Largest partial map the lab client holds while waiting for its end (the client's own limit). */
    static final int CLIENT_MAX_PENDING_MAP_BYTES = 1024 * 1024;

    @State(Scope.Benchmark)
    public static class Room {
        @Param({"10", "100", "1000", "10000"})
        public int users;

        @Param({Workload.IPV4, Workload.IPV6})
        public String addresses;

        List<Workload.Member> members;
        Map<String, String> userMap;
        ServerMessage.Welcome welcome;
        byte[] mapBytes;
        byte[] welcomeLine;
        final ServerMessageEncoder encoder = new ServerMessageEncoder();
        final ServerMessageDecoder decoder = new ServerMessageDecoder();
        final Sink sink = new Sink();

        @Setup
        public void setUp() {
            members = Workload.room(users, addresses, 42);
            userMap = Workload.userMap(members);
            List<UserInfo> infos = Workload.userInfos(members);
            welcome = new ServerMessage.Welcome(2, "chatlab/0.1.0", members.get(members.size() - 1).name(),
                    members.get(members.size() - 1).address(), V2CodecBenchmark.LIMITS, infos, null, "k3x9q2m1z8");
            mapBytes = LabFormat.userMapBytes(userMap);
            welcomeLine = encoder.encode(welcome);
        }
    }

    /** The lab user map from a ready map: what is encoded once per presence flush and shared by every lab client. */
    @Benchmark
    public byte[] labMapEncode(Room room) {
        return LabFormat.userMapBytes(room.userMap);
    }

    /** As the server does it: copy the roster into an insertion-ordered map, then encode. */
    @Benchmark
    public byte[] labMapFromRoster(Room room) {
        return LabFormat.userMapBytes(Workload.userMap(room.members));
    }

    /** The lab client's side: one map arriving in one read, parsed by the server-stream splitter. */
    @Benchmark
    public long labMapDecode(Room room, Blackhole blackhole) {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(CLIENT_MAX_PENDING_MAP_BYTES);
        splitter.feed(room.mapBytes, 0, room.mapBytes.length, room.sink.to(blackhole));
        return room.sink.events;
    }

    /** The v2 welcome a joining client gets, listing everyone in the room. */
    @Benchmark
    public byte[] v2WelcomeEncode(Room room) {
        return room.encoder.encode(room.welcome);
    }

    /** The v2 client's side of the welcome (the line without its newline). */
    @Benchmark
    public ServerMessage v2WelcomeDecode(Room room) throws Exception {
        return room.decoder.decode(room.welcomeLine, 0, room.welcomeLine.length - 1);
    }
}
