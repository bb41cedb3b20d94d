package chatlab.capture.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large synthetic pcap for benchmarks: many TCP connections to port 5000 interleaved (handshake, data
 * segments, ACKs, a small share of retransmissions) plus UDP direct messages. Checksums are left zero; tshark and
 * chatlab do not verify them by default.
 *
 * <p>Usage: {@code LargeCaptureGenerator FILE PACKETS [FLOWS]}
 */
public final class LargeCaptureGenerator {
    private static final int PAYLOAD = 100;

    private LargeCaptureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        PcapStream.main(args, new int[] {10_000}, (file, packets, n) -> write(file, packets, n[0], 1));
    }

    /** Returns the file size. Deterministic for a given seed. */
    public static long write(Path file, long packets, int flows, long seed) throws IOException {
        Random random = new Random(seed);
        long[] clientSeq = new long[flows];
        long[] serverSeq = new long[flows];
        boolean[] open = new boolean[flows];
        byte[] zeros = new byte[PAYLOAD];
        byte[] udp = new byte[20];
        long nanos = 1_700_000_000_000_000_000L;
        try (PcapStream out = new PcapStream(file)) {
            long n = 0;
            while (n < packets) {
                int i = random.nextInt(flows);
                nanos += 1000 + random.nextInt(1000);
                int client = 0x0A000000 | (i & 0xFFFF) + 0x100;
                int server = 0x0A0000FE;
                int cport = 20000 + (i >>> 16);
                if (!open[i]) {
                    clientSeq[i] = random.nextInt() & 0xFFFFFFFFL;
                    serverSeq[i] = random.nextInt() & 0xFFFFFFFFL;
                    out.tcp(nanos, client, server, cport, 5000, clientSeq[i], 0, 0x002, 1024, null, zeros, 0);
                    out.tcp(nanos + 50_000, server, client, 5000, cport, serverSeq[i], clientSeq[i] + 1, 0x012, 1024,
                            null, zeros, 0);
                    clientSeq[i]++;
                    serverSeq[i]++;
                    out.tcp(nanos + 100_000, client, server, cport, 5000, clientSeq[i], serverSeq[i], 0x010, 1024, null,
                            zeros, 0);
                    open[i] = true;
                    n += 3;
                    continue;
                }
                int r = random.nextInt(1000);
                if (r < 2 && clientSeq[i] > PAYLOAD) {
                    // retransmission of the previous segment
                    out.tcp(nanos, client, server, cport, 5000, clientSeq[i] - PAYLOAD, serverSeq[i], 0x018, 1024, null,
                            zeros, PAYLOAD);
                    n++;
                } else if (r < 10) {
                    out.udp(nanos, client, client + 1, 5000, 5000, udp);
                    n++;
                } else {
                    out.tcp(nanos, client, server, cport, 5000, clientSeq[i], serverSeq[i], 0x018, 1024, null, zeros,
                            PAYLOAD);
                    clientSeq[i] += PAYLOAD;
                    out.tcp(nanos + 20_000, server, client, 5000, cport, serverSeq[i], clientSeq[i], 0x010, 1024, null,
                            zeros, 0);
                    n += 2;
                }
            }
            return out.bytesWritten();
        }
    }
}
