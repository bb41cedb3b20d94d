package chatlab.capture.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large synthetic pcap of bulk transfers: a few TCP connections to port 5001 interleaved, each sending
 * full 1448-byte segments with timestamps, the receiver acknowledging every second segment; 0.1 % of the segments
 * are lost after the capture point, so three duplicate ACKs and a fast retransmission follow. Deterministic for a
 * seed.
 *
 * <p>Usage: {@code BulkCaptureGenerator FILE PACKETS [CONNECTIONS]}
 */
public final class BulkCaptureGenerator {
    private static final int MSS = 1448;
    private static final int SERVER = 0x0A0000FE;
    private static final int PORT = 5001;

    private BulkCaptureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        PcapStream.main(args, new int[] {8}, (file, packets, n) -> write(file, packets, n[0], 1));
    }

    public static long write(Path file, long packets, int connections, long seed) throws IOException {
        Random random = new Random(seed);
        long[] cseq = new long[connections];
        long[] sseq = new long[connections];
        int[] unacked = new int[connections];
        long nanos = 1_700_000_000_000_000_000L;
        try (PcapStream out = new PcapStream(file)) {
            for (int i = 0; i < connections; i++) {
                int c = 0x0A000100 + i;
                int port = 40000 + i;
                cseq[i] = random.nextInt() & 0xFFFFFFFFL;
                sseq[i] = random.nextInt() & 0xFFFFFFFFL;
                nanos = out.handshake(nanos, c, SERVER, port, PORT, cseq[i], sseq[i]);
                cseq[i]++;
                sseq[i]++;
            }
            while (out.packets() < packets) {
                int i = random.nextInt(connections);
                int c = 0x0A000100 + i;
                int port = 40000 + i;
                out.tcp(nanos += 1_000, c, SERVER, port, PORT, cseq[i], sseq[i], 0x010, 512, PcapStream.TIMESTAMPS,
                        null, MSS);
                if (random.nextInt(1000) == 0) {
                    // lost after the capture point: three more segments, each answered by a duplicate ACK
                    long lost = cseq[i];
                    cseq[i] += MSS;
                    for (int d = 0; d < 3; d++) {
                        out.tcp(nanos += 1_000, c, SERVER, port, PORT, cseq[i], sseq[i], 0x010, 512,
                                PcapStream.TIMESTAMPS, null, MSS);
                        cseq[i] += MSS;
                        out.tcp(nanos += 1_000, SERVER, c, PORT, port, sseq[i], lost, 0x010, 24_000,
                                PcapStream.TIMESTAMPS, null, 0);
                    }
                    out.tcp(nanos += 1_000, c, SERVER, port, PORT, lost, sseq[i], 0x010, 512, PcapStream.TIMESTAMPS,
                            null, MSS);
                    out.tcp(nanos += 1_000, SERVER, c, PORT, port, sseq[i], cseq[i], 0x010, 24_000,
                            PcapStream.TIMESTAMPS, null, 0);
                    unacked[i] = 0;
                    continue;
                }
                cseq[i] += MSS;
                if (++unacked[i] == 2) {
                    out.tcp(nanos += 1_000, SERVER, c, PORT, port, sseq[i], cseq[i], 0x010, 24_000,
                            PcapStream.TIMESTAMPS, null, 0);
                    unacked[i] = 0;
                }
            }
            return out.bytesWritten();
        }
    }
}
