package chatlab.bench.jmh;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabReadFramer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One chatroom message on the lab wire: the server reading it from the sender (one read, as the lab's Python
 * client sends it) and encoding the relay {@code NAME: TEXT } once for all lab recipients.
 */
public class LabRelayBenchmark extends BenchmarkSettings {
    /** One lab connection's framer, reused as the server reuses it for every message of the connection. */
    @State(Scope.Thread)
    public static class Connection {
        final LabReadFramer framer = new LabReadFramer(Limits.DEFAULT_MAX_MESSAGE_BYTES);
        final Sink sink = new Sink();
        /** Read from a field, so the JIT cannot fold the notice into a constant. */
        String notice = "the name bjørn.strøm is taken; pick another";
    }

    /** The relay the server writes to every lab recipient of a message. */
    @Benchmark
    public byte[] relayEncode(MessageText message) {
        return LabFormat.relayBytes(MessageText.SENDER, message.value);
    }

    /** A notice from the server (a refusal or a prompt), shaped as a relay from {@code server}. */
    @Benchmark
    public byte[] noticeEncode(Connection connection) {
        return LabFormat.noticeBytes(connection.notice);
    }

    /** The server's side of the sender: one read holding the message, then the end of the read. */
    @Benchmark
    public long framerOneRead(MessageText message, Connection connection, Blackhole blackhole) {
        Sink sink = connection.sink.to(blackhole);
        connection.framer.feed(message.bytes, 0, message.bytes.length, sink);
        connection.framer.endOfRead(sink);
        return sink.events;
    }
}
