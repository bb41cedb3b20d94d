package chatlab.bench.jmh;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabReadFramer;
import chatlab.protocol.lab.LabServerStreamSplitter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Streams of lab-wire bytes cut into reads. The client's {@link LabServerStreamSplitter} takes what a lab server
 * writes: {@value #WRITES} writes, every tenth a user map (the room after one more join), the rest relays. The
 * server's {@link LabReadFramer} takes what lab clients send: {@value #WRITES} messages, either one per read
 * (the lab's Python client) or as newline-ended lines in 4 KiB reads (nc, scripts). Times are per write or
 * message ({@code @OperationsPerInvocation}).
 */
public class LabStreamBenchmark extends BenchmarkSettings {
    /** Writes (or client messages) in one stream. */
    static final int WRITES = 100;
    /** Every this many writes, one is a user map. */
    static final int MAP_EVERY = 10;
    /** The read size of the chunked variants. */
    static final int READ_BYTES = 4096;
    static final String PER_WRITE = "per-write";
    static final String CHUNKED = "4096";

    /** What a lab client receives from the server, and how its reads cut it. */
    @State(Scope.Thread)
    public static class ServerStream {
        @Param({"10", "1000"})
        public int mapUsers;

        @Param({PER_WRITE, CHUNKED})
        public String reads;

        byte[] stream;
        /** Start of every read in {@link #stream}, plus its end. */
        int[] cuts;
        int maps;
        int relays;
        LabServerStreamSplitter splitter;
        final Sink sink = new Sink();

        @Setup
        public void setUp() {
            List<Workload.Member> room = Workload.room(mapUsers + WRITES / MAP_EVERY, Workload.IPV4, 7);
            List<String> texts = chatTexts(WRITES);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> writeStarts = new ArrayList<>();
            Map<String, String> map = new LinkedHashMap<>(Workload.userMap(room.subList(0, mapUsers)));
            for (int i = 0; i < WRITES; i++) {
                writeStarts.add(out.size());
                if (i % MAP_EVERY == 0) {
                    Workload.Member joiner = room.get(mapUsers + maps);
                    map.put(joiner.name(), joiner.address());
                    out.writeBytes(LabFormat.userMapBytes(map));
                    maps++;
                } else {
                    Workload.Member sender = room.get(i % map.size());
                    out.writeBytes(LabFormat.relayBytes(sender.name(), texts.get(i)));
                    relays++;
                }
            }
            stream = out.toByteArray();
            cuts = PER_WRITE.equals(reads) ? starts(writeStarts, stream.length) : fixedCuts(stream.length);
            splitter = new LabServerStreamSplitter(UserMapBenchmark.CLIENT_MAX_PENDING_MAP_BYTES);
        }
    }

    /** What the server receives from one lab client, and how its reads cut it. */
    @State(Scope.Thread)
    public static class ClientStream {
        static final String LAB_CLIENT = "lab-client";
        static final String LINES = "lines-4096";

        @Param({LAB_CLIENT, LINES})
        public String sender;

        byte[] stream;
        int[] cuts;
        LabReadFramer framer;
        final Sink sink = new Sink();

        @Setup
        public void setUp() {
            boolean lines = LINES.equals(sender);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> starts = new ArrayList<>();
            for (String text : chatTexts(WRITES)) {
                starts.add(out.size());
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                if (lines) {
                    out.write('\n');
                }
            }
            stream = out.toByteArray();
            cuts = lines ? fixedCuts(stream.length) : starts(starts, stream.length);
            framer = new LabReadFramer(Limits.DEFAULT_MAX_MESSAGE_BYTES);
        }
    }

    /** The lab client's splitter over the whole stream; per server write. */
    @Benchmark
    @OperationsPerInvocation(WRITES)
    public long splitter(ServerStream s, Blackhole blackhole) {
        Sink sink = s.sink.to(blackhole);
        int[] cuts = s.cuts;
        for (int i = 0; i + 1 < cuts.length; i++) {
            s.splitter.feed(s.stream, cuts[i], cuts[i + 1] - cuts[i], sink);
        }
        return sink.events;
    }

    /** The server's framer over one client's stream, ending each read as the server does; per message. */
    @Benchmark
    @OperationsPerInvocation(WRITES)
    public long framer(ClientStream s, Blackhole blackhole) {
        Sink sink = s.sink.to(blackhole);
        int[] cuts = s.cuts;
        for (int i = 0; i + 1 < cuts.length; i++) {
            s.framer.feed(s.stream, cuts[i], cuts[i + 1] - cuts[i], sink);
            s.framer.endOfRead(sink);
        }
        return sink.events;
    }

    /**
     * Chat texts of everyday lengths: mostly 20 to 100 bytes, one in ten of 1,000; one in four with non-ASCII
     * letters. None holds a newline.
     */
    static List<String> chatTexts(int count) {
        List<String> texts = new ArrayList<>(count);
        Random random = new Random(11);
        for (int i = 0; i < count; i++) {
            String kind = random.nextInt(4) == 0 ? "utf8" : "ascii";
            int bytes = i % 10 == 9 ? 1000 : 20 + random.nextInt(81);
            texts.add(Workload.text(kind + "-" + bytes));
        }
        return texts;
    }

    private static int[] starts(List<Integer> starts, int end) {
        int[] cuts = new int[starts.size() + 1];
        for (int i = 0; i < starts.size(); i++) {
            cuts[i] = starts.get(i);
        }
        cuts[starts.size()] = end;
        return cuts;
    }

    private static int[] fixedCuts(int end) {
        int reads = (end + READ_BYTES - 1) / READ_BYTES;
        int[] cuts = new int[reads + 1];
        for (int i = 0; i < reads; i++) {
            cuts[i] = i * READ_BYTES;
        }
        cuts[reads] = end;
        return cuts;
    }
}
