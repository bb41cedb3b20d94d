package chatlab.capture.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
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
        Path file = Path.of(args[0]);
        long packets = Long.parseLong(args[1]);
        int flows = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long t0 = System.nanoTime();
        long bytes = write(file, packets, flows, 1);
        System.out.printf("wrote %s: %,d packets, %,d flows, %,d bytes in %.1f s%n", file, packets, flows, bytes,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Returns the file size. Deterministic for a given seed. */
    public static long write(Path file, long packets, int flows, long seed) throws IOException {
        Random random = new Random(seed);
        long[] clientSeq = new long[flows];
        long[] serverSeq = new long[flows];
        boolean[] open = new boolean[flows];
        byte[] frame = new byte[14 + 20 + 20 + PAYLOAD];
        ByteBuffer f = ByteBuffer.wrap(frame);
        f.put(12, (byte) 0x08);
        f.put(14, (byte) 0x45);
        f.put(22, (byte) 64);
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long nanos = 1_700_000_000_000_000_000L;
        long written = 24;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            out.write(h.array());
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
                    written += emit(out, rec, f, frame, nanos, client, server, cport, 5000, clientSeq[i], 0, 0x002, 0);
                    written += emit(out, rec, f, frame, nanos + 50_000, server, client, 5000, cport, serverSeq[i],
                            clientSeq[i] + 1, 0x012, 0);
                    clientSeq[i]++;
                    serverSeq[i]++;
                    written += emit(out, rec, f, frame, nanos + 100_000, client, server, cport, 5000, clientSeq[i],
                            serverSeq[i], 0x010, 0);
                    open[i] = true;
                    n += 3;
                    continue;
                }
                int r = random.nextInt(1000);
                if (r < 2 && clientSeq[i] > PAYLOAD) {
                    // retransmission of the previous segment
                    written += emit(out, rec, f, frame, nanos, client, server, cport, 5000, clientSeq[i] - PAYLOAD,
                            serverSeq[i], 0x018, PAYLOAD);
                    n++;
                } else if (r < 10) {
                    written += emitUdp(out, rec, f, frame, nanos, client, client + 1);
                    n++;
                } else {
                    written += emit(out, rec, f, frame, nanos, client, server, cport, 5000, clientSeq[i],
                            serverSeq[i], 0x018, PAYLOAD);
                    clientSeq[i] += PAYLOAD;
                    written += emit(out, rec, f, frame, nanos + 20_000, server, client, 5000, cport, serverSeq[i],
                            clientSeq[i], 0x010, 0);
                    n += 2;
                }
            }
        }
        return written;
    }

    private static int emit(OutputStream out, ByteBuffer rec, ByteBuffer f, byte[] frame, long nanos, int src, int dst,
                            int sport, int dport, long seq, long ack, int flags, int payload) throws IOException {
        int len = 54 + payload;
        f.putShort(16, (short) (40 + payload));
        f.put(23, (byte) 6);
        f.putInt(26, src);
        f.putInt(30, dst);
        f.putShort(34, (short) sport);
        f.putShort(36, (short) dport);
        f.putInt(38, (int) seq);
        f.putInt(42, (int) ack);
        f.putShort(46, (short) (0x5000 | flags));
        f.putShort(48, (short) 1024);
        rec.clear();
        rec.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000)).putInt(len).putInt(len);
        out.write(rec.array());
        out.write(frame, 0, len);
        return 16 + len;
    }

    private static int emitUdp(OutputStream out, ByteBuffer rec, ByteBuffer f, byte[] frame, long nanos, int src,
                               int dst) throws IOException {
        int payload = 20;
        int len = 14 + 20 + 8 + payload;
        f.putShort(16, (short) (28 + payload));
        f.put(23, (byte) 17);
        f.putInt(26, src);
        f.putInt(30, dst);
        f.putShort(34, (short) 5000);
        f.putShort(36, (short) 5000);
        f.putShort(38, (short) (8 + payload));
        f.putShort(40, (short) 0);
        rec.clear();
        rec.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000)).putInt(len).putInt(len);
        out.write(rec.array());
        out.write(frame, 0, len);
        return 16 + len;
    }
}
