package chatlab.capture.testing;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large little-endian microsecond pcap of Ethernet/IPv4 frames fast, without building a packet object per
 * frame: TCP segments (optionally with the 12-byte timestamps option Linux sends on every segment) and UDP datagrams.
 * Checksums are left zero; tshark and chatlab do not verify them by default. For the benchmark generators.
 */
final class PcapStream implements Closeable {
    /** NOP, NOP, Timestamps (RFC 7323 3.2): 12 bytes, as Linux puts on every segment after the handshake. */
    static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
    /** A Linux SYN's options: MSS 65495, SACK permitted, Timestamps, NOP, Window Scale 7 (20 bytes). */
    static final byte[] SYN_OPTIONS = {2, 4, (byte) 0xFF, (byte) 0xD7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};

    private final OutputStream out;
    private final byte[] frame = new byte[14 + 20 + 60 + 65_536];
    private final ByteBuffer f = ByteBuffer.wrap(frame);
    private final ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private long written = 24;
    private long packets;

    /** What a generator writes, given the file, the packet count and its own numbers. */
    interface Generator {
        long write(Path file, long packets, int[] numbers) throws IOException;
    }

    /**
     * A generator's command line, {@code FILE PACKETS [NUMBER...]} (missing numbers take {@code defaults}), and one
     * line on what it wrote.
     */
    static void main(String[] args, int[] defaults, Generator generator) throws IOException {
        Path file = Path.of(args[0]);
        long packets = Long.parseLong(args[1]);
        int[] numbers = defaults.clone();
        for (int i = 0; i < numbers.length && i + 2 < args.length; i++) {
            numbers[i] = Integer.parseInt(args[i + 2]);
        }
        long t0 = System.nanoTime();
        long bytes = generator.write(file, packets, numbers);
        System.out.printf("wrote %s: %,d packets %s, %,d bytes in %.1f s%n", file, packets,
                java.util.Arrays.toString(numbers), bytes, (System.nanoTime() - t0) / 1e9);
    }

    PcapStream(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.write(h.array());
        f.put(12, (byte) 0x08);
        f.put(14, (byte) 0x45);
        f.put(22, (byte) 64);
    }

    /** A TCP segment whose payload is {@code payload[0..length)} (or zeros when null). */
    void tcp(long nanos, int src, int dst, int sport, int dport, long seq, long ack, int flags, int window,
             byte[] options, byte[] payload, int length) throws IOException {
        int optLen = options == null ? 0 : options.length;
        int l4 = 20 + optLen;
        f.putShort(16, (short) (20 + l4 + length));
        f.put(23, (byte) 6);
        f.putInt(26, src);
        f.putInt(30, dst);
        f.putShort(34, (short) sport);
        f.putShort(36, (short) dport);
        f.putInt(38, (int) seq);
        f.putInt(42, (int) ack);
        f.putShort(46, (short) (((l4 / 4) << 12) | flags));
        f.putShort(48, (short) window);
        f.putInt(50, 0);
        if (optLen > 0) {
            System.arraycopy(options, 0, frame, 54, optLen);
        }
        if (payload != null) {
            System.arraycopy(payload, 0, frame, 34 + l4, length);
        } else {
            java.util.Arrays.fill(frame, 34 + l4, 34 + l4 + length, (byte) 'x');
        }
        record(nanos, 34 + l4 + length);
    }

    /**
     * A Linux handshake from {@code client:cport} to {@code server:sport} with these initial sequence numbers, 20, 10
     * and 10 microseconds after {@code nanos}; returns the time of its last packet.
     */
    long handshake(long nanos, int client, int server, int cport, int sport, long clientIsn, long serverIsn)
            throws IOException {
        tcp(nanos += 20_000, client, server, cport, sport, clientIsn, 0, 0x002, 65495, SYN_OPTIONS, null, 0);
        tcp(nanos += 10_000, server, client, sport, cport, serverIsn, clientIsn + 1, 0x012, 65483, SYN_OPTIONS, null, 0);
        tcp(nanos += 10_000, client, server, cport, sport, clientIsn + 1, serverIsn + 1, 0x010, 512, TIMESTAMPS, null, 0);
        return nanos;
    }

    void udp(long nanos, int src, int dst, int sport, int dport, byte[] payload) throws IOException {
        f.putShort(16, (short) (28 + payload.length));
        f.put(23, (byte) 17);
        f.putInt(26, src);
        f.putInt(30, dst);
        f.putShort(34, (short) sport);
        f.putShort(36, (short) dport);
        f.putShort(38, (short) (8 + payload.length));
        f.putShort(40, (short) 0);
        System.arraycopy(payload, 0, frame, 42, payload.length);
        record(nanos, 42 + payload.length);
    }

    private void record(long nanos, int len) throws IOException {
        rec.clear();
        rec.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000)).putInt(len)
                .putInt(len);
        out.write(rec.array());
        out.write(frame, 0, len);
        written += 16 + len;
        packets++;
    }

    long bytesWritten() {
        return written;
    }

    long packets() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
