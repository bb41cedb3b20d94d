package chatlab.capture.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted lab session as packets: handshake with window scaling, the lab wire's first messages, then every hard
 * case of the TCP analysis in turn (sequence numbers wrapping past 2^32, a segment missing from the capture,
 * out-of-order, retransmission after a timeout, fast retransmission after three duplicate ACKs, spurious
 * retransmission, zero window with probe, window full, keep-alive), an orderly close, a new connection reusing the
 * ports, and a UDP direct message.
 */
public final class LabScenario {
    /** A packet to write: time, bytes, and which pcapng interface it belongs to. */
    public record Item(long nanos, byte[] bytes, boolean udp) {
    }

    public static final long START_NANOS = 1_700_000_000_000_000_000L;
    public static final int CLIENT_PORT = 40000;
    public static final int SERVER_PORT = 5000;
    /** Client ISN close to 2^32 so relative numbers wrap during the data transfer. */
    public static final long CLIENT_ISN = 0xFFFF_FF00L;
    public static final long SERVER_ISN = 1000;
    static final int SYN = 0x002;
    static final int ACK = 0x010;
    static final int PSH = 0x008;
    static final int FIN = 0x001;
    static final int RST = 0x004;

    private final PacketBuilder pb;
    private final PacketBuilder back;
    private final List<Item> items = new ArrayList<>();
    private long now = START_NANOS;
    private long c;
    private long s;

    private LabScenario(PacketBuilder pb) {
        this.pb = pb;
        this.back = pb.reversed();
    }

    private void at(long deltaMicros) {
        now += deltaMicros * 1000;
    }

    private void client(long seq, long ack, int flags, int win, int ws, byte[] data) {
        items.add(new Item(now, pb.tcp(CLIENT_PORT, SERVER_PORT, seq & 0xFFFFFFFFL, ack & 0xFFFFFFFFL, flags, win, ws,
                data), false));
    }

    private void server(long seq, long ack, int flags, int win, int ws, byte[] data) {
        items.add(new Item(now, back.tcp(SERVER_PORT, CLIENT_PORT, seq & 0xFFFFFFFFL, ack & 0xFFFFFFFFL, flags, win, ws,
                data), false));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static byte[] text(String t) {
        return t.getBytes(StandardCharsets.UTF_8);
    }

    /** Builds the whole session; {@code withHandshake} false drops the first three packets. */
    public static List<Item> build(PacketBuilder pb, boolean withHandshake) {
        LabScenario x = new LabScenario(pb);
        x.script();
        return withHandshake ? x.items : x.items.subList(3, x.items.size());
    }

    private void script() {
        c = CLIENT_ISN;
        s = SERVER_ISN;
        client(c, 0, SYN, 64240, 7, new byte[0]);
        at(1000);
        server(s, c + 1, SYN | ACK, 65160, 7, new byte[0]);
        at(1000);
        c++;
        s++;
        client(c, s, ACK, 502, -1, new byte[0]);
        at(200);
        byte[] name = text("alice");
        client(c, s, PSH | ACK, 502, -1, name);
        c += name.length;
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        byte[] users = text("!{\"alice\": \"10.0.0.1\"}");
        at(100);
        server(s, c, PSH | ACK, 509, -1, users);
        s += users.length;
        at(100);
        client(c, s, ACK, 502, -1, new byte[0]);
        // Data that crosses 2^32: three segments, the first never captured.
        at(10_000);
        byte[] hundred = bytes(100);
        long missing = c;
        c += 100; // segment at 'missing' not in the capture
        client(c, s, PSH | ACK, 502, -1, hundred);
        c += 100;
        at(100);
        server(s, missing, ACK, 509, -1, new byte[0]); // ACKs only up to the hole
        at(300_000);
        client(missing, s, PSH | ACK, 502, -1, hundred); // retransmission after a timeout
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // Out of order: the later segment first, the earlier one right after (within the handshake RTT of 2 ms).
        at(10_000);
        client(c + 100, s, PSH | ACK, 502, -1, hundred);
        at(500);
        client(c, s, PSH | ACK, 502, -1, hundred);
        c += 200;
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // Fast retransmission: four segments, the receiver repeats its ACK three times, the sender resends at once.
        at(10_000);
        long p = c;
        for (int i = 0; i < 4; i++) {
            client(c, s, PSH | ACK, 502, -1, hundred);
            c += 100;
            at(50);
        }
        server(s, p, ACK, 509, -1, new byte[0]);
        at(50);
        server(s, p, ACK, 509, -1, new byte[0]);
        at(50);
        server(s, p, ACK, 509, -1, new byte[0]);
        at(50);
        server(s, p, ACK, 509, -1, new byte[0]);
        at(1000);
        client(p, s, PSH | ACK, 502, -1, hundred);
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // Spurious retransmission: data the receiver has already acknowledged.
        at(10_000);
        client(p + 100, s, PSH | ACK, 502, -1, hundred);
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // Zero window: the server's buffer is full; the client probes with one byte.
        at(10_000);
        client(c, s, PSH | ACK, 502, -1, hundred);
        c += 100;
        at(100);
        server(s, c, ACK, 0, -1, new byte[0]);
        at(200_000);
        client(c, s, ACK, 502, -1, bytes(1));
        at(100);
        server(s, c, ACK, 0, -1, new byte[0]);
        at(100_000);
        server(s, c, ACK, 509, -1, new byte[0]); // window update
        // Window full: the server advertises 1 x 128 bytes; the client sends exactly 128.
        at(10_000);
        server(s, c, ACK, 1, -1, new byte[0]);
        at(100);
        client(c, s, PSH | ACK, 502, -1, bytes(128));
        c += 128;
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // Keep-alive: one byte before the next sequence number, no data.
        at(1_000_000);
        client(c - 1, s, ACK, 502, -1, new byte[0]);
        at(100);
        server(s, c, ACK, 509, -1, new byte[0]);
        // A relayed message from the server, then an orderly close.
        at(10_000);
        byte[] relay = text("bob: hello alice ");
        server(s, c, PSH | ACK, 509, -1, relay);
        s += relay.length;
        at(100);
        client(c, s, ACK, 502, -1, new byte[0]);
        at(1000);
        client(c, s, FIN | ACK, 502, -1, new byte[0]);
        at(100);
        server(s, c + 1, FIN | ACK, 509, -1, new byte[0]);
        at(100);
        client(c + 1, s + 1, ACK, 502, -1, new byte[0]);
        // The same ports again with a new ISN: a new stream (port reuse), without window scaling.
        at(1_000_000);
        long c2 = 777_777;
        client(c2, 0, SYN, 64240, -1, new byte[0]);
        at(1000);
        server(50_000, c2 + 1, SYN | ACK, 65160, -1, new byte[0]);
        at(1000);
        client(c2 + 1, 50_001, ACK, 64240, -1, new byte[0]);
        // Data, then the server resets the connection (window 0 in the reset, as Linux sends it), and a late
        // segment from the client runs into the reset.
        at(1000);
        client(c2 + 1, 50_001, PSH | ACK, 64240, -1, text("bye"));
        at(100);
        server(50_001, c2 + 4, RST | ACK, 0, -1, new byte[0]);
        at(100);
        client(c2 + 4, 50_001, PSH | ACK, 64240, -1, text("?"));
        at(100);
        server(50_001, 0, RST, 0, -1, new byte[0]);
        // A UDP direct message between the clients on port 5000.
        at(5000);
        byte[] dm = text("hi bob, this is alice");
        items.add(new Item(now, pb.udp(SERVER_PORT, SERVER_PORT, dm), true));
    }
}
