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
 * Writes synthetic capture files: pcap (either byte order, micro- or nanosecond magic, optional snap length that
 * truncates) or pcapng (several interfaces with their own link types and if_tsresol, extra unknown blocks).
 * Layouts follow draft-ietf-opsawg-pcap and draft-ietf-opsawg-pcapng.
 */
public final class CaptureWriter implements Closeable {
    private final OutputStream out;
    private final boolean pcapng;
    private final ByteOrder order;
    private final boolean nanos;
    private final int snapLength;
    private int[] resolutions = new int[0];

    private CaptureWriter(Path path, boolean pcapng, ByteOrder order, boolean nanos, int snapLength) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        this.pcapng = pcapng;
        this.order = order;
        this.nanos = nanos;
        this.snapLength = snapLength;
    }

    public static CaptureWriter pcap(Path path, int linkType, ByteOrder order, boolean nanos, int snapLength)
            throws IOException {
        CaptureWriter w = new CaptureWriter(path, false, order, nanos, snapLength);
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkType);
        w.out.write(h.array());
        return w;
    }

    public static CaptureWriter pcap(Path path, int linkType) throws IOException {
        return pcap(path, linkType, ByteOrder.LITTLE_ENDIAN, false, 262144);
    }

    public static CaptureWriter pcapng(Path path, ByteOrder order) throws IOException {
        CaptureWriter w = new CaptureWriter(path, true, order, false, 262144);
        w.section();
        return w;
    }

    /** Starts a new pcapng section; interfaces must be described again. */
    public CaptureWriter section() throws IOException {
        ByteBuffer body = ByteBuffer.allocate(16).order(order);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        block(0x0A0D0D0A, body.array());
        resolutions = new int[0];
        return this;
    }

    /** Adds a pcapng interface; {@code tsresol} is the raw if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n). */
    public int addInterface(int linkType, int tsresol) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(8 + 8 + 4).order(order);
        body.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        body.putShort((short) 0).putShort((short) 0);
        block(1, body.array());
        int[] r = new int[resolutions.length + 1];
        System.arraycopy(resolutions, 0, r, 0, resolutions.length);
        r[resolutions.length] = tsresol;
        resolutions = r;
        return resolutions.length - 1;
    }

    /** An unknown block type, which readers must skip by its length. */
    public void unknownBlock(int type, int bodyBytes) throws IOException {
        block(type, new byte[(bodyBytes + 3) & ~3]);
    }

    public void packet(long epochNanos, byte[] data) throws IOException {
        packet(0, epochNanos, data);
    }

    public void packet(int interfaceId, long epochNanos, byte[] data) throws IOException {
        int cap = Math.min(data.length, snapLength);
        if (!pcapng) {
            ByteBuffer h = ByteBuffer.allocate(16).order(order);
            long secs = epochNanos / 1_000_000_000L;
            long frac = epochNanos % 1_000_000_000L;
            h.putInt((int) secs).putInt((int) (nanos ? frac : frac / 1000)).putInt(cap).putInt(data.length);
            out.write(h.array());
            out.write(data, 0, cap);
            return;
        }
        int res = resolutions[interfaceId];
        long units;
        if ((res & 0x80) != 0) {
            int n = res & 0x7F;
            units = (epochNanos / 1_000_000_000L << n) + ((epochNanos % 1_000_000_000L) << n) / 1_000_000_000L;
        } else {
            long div = 1;
            for (int i = res; i < 9; i++) {
                div *= 10;
            }
            units = epochNanos / div;
        }
        int padded = (cap + 3) & ~3;
        ByteBuffer body = ByteBuffer.allocate(20 + padded).order(order);
        body.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units).putInt(cap).putInt(data.length);
        body.put(data, 0, cap);
        block(6, body.array());
    }

    /** Raw bytes, for damaging a file on purpose. */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    private void block(int type, byte[] body) throws IOException {
        int len = 12 + body.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(type).putInt(len).put(body).putInt(len);
        out.write(b.array());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
