package chatlab.capture.flow;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The conversation rows of one protocol, by stream number, written as each flow is retired or the capture ends
 * (not in stream order). Up to {@code inMemory} rows are kept as objects; past that every row goes to a temporary
 * file of fixed-size records at {@code stream * RECORD_BYTES}, so a capture of millions of connections is listed in
 * constant memory. The file is deleted on {@link #close()} (or when the JVM exits).
 */
public final class ConversationTable implements Closeable {
    /** 128 bytes of fields, rounded up. */
    static final int RECORD_BYTES = 128;

    private final int inMemory;
    private FlowSummary[] rows = new FlowSummary[64];
    private int streams;
    private FileChannel spill;

    ConversationTable(int inMemory) {
        this.inMemory = inMemory;
    }

    /** Stream numbers handed out so far: the rows this table will hold. */
    public int streams() {
        return streams;
    }

    /** A new stream was numbered; its row comes later. */
    void opened(int stream) {
        streams = Math.max(streams, stream + 1);
    }

    void put(FlowSummary s) {
        try {
            if (spill == null && streams > inMemory) {
                startSpill();
            }
            if (spill != null) {
                ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES);
                encode(s, b);
                b.flip();
                long at = (long) s.stream() * RECORD_BYTES;
                while (b.hasRemaining()) {
                    at += spill.write(b, at);
                }
                return;
            }
            if (s.stream() >= rows.length) {
                rows = Arrays.copyOf(rows, Math.max(rows.length * 2, s.stream() + 1));
            }
            rows[s.stream()] = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conversation table to a temporary file: " + e.getMessage(),
                    e);
        }
    }

    private void startSpill() throws IOException {
        Path file = Files.createTempFile("chatlab-conversations", ".bin");
        spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        FlowSummary[] held = rows;
        rows = null;
        for (FlowSummary s : held) {
            if (s != null) {
                put(s);
            }
        }
    }

    /** Every row in stream order (rows never written, which cannot happen after the analysis, are skipped). */
    public void forEach(Consumer<FlowSummary> action) {
        if (spill == null) {
            for (int i = 0; i < streams && i < rows.length; i++) {
                if (rows[i] != null) {
                    action.accept(rows[i]);
                }
            }
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES * 512);
        try {
            long end = (long) streams * RECORD_BYTES;
            for (long at = 0; at < end; ) {
                b.clear();
                b.limit((int) Math.min(b.capacity(), end - at));
                int n = 0;
                while (b.hasRemaining()) {
                    int r = spill.read(b, at + n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                b.flip();
                while (b.remaining() >= RECORD_BYTES) {
                    FlowSummary s = decode(b);
                    if (s != null) {
                        action.accept(s);
                    }
                }
                if (n < RECORD_BYTES) {
                    return; // the file ends early: slots past it were never written
                }
                at += (long) (n / RECORD_BYTES) * RECORD_BYTES;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the conversation table back: " + e.getMessage(), e);
        }
    }

    private static void encode(FlowSummary s, ByteBuffer b) {
        b.put((byte) 1).put((byte) s.protocol()).put((byte) s.ipVersion()).put((byte) (s.handshake() ? 1 : 0));
        b.putInt(s.stream()).putLong(s.aHi()).putLong(s.aLo()).putInt(s.aPort()).putLong(s.bHi()).putLong(s.bLo())
                .putInt(s.bPort()).putLong(s.packets()).putLong(s.packetsFromA()).putLong(s.bytes())
                .putLong(s.bytesFromA()).putLong(s.firstNanos()).putLong(s.lastNanos()).putLong(s.retransmissions())
                .putLong(s.windowMinA()).putLong(s.windowMinB()).putLong(s.zeroWindow());
    }

    /** The row at the buffer's position, which moves past it; null for a slot never written. */
    private static FlowSummary decode(ByteBuffer b) {
        int start = b.position();
        boolean written = b.get() == 1;
        int protocol = b.get();
        int ipVersion = b.get();
        boolean handshake = b.get() == 1;
        // Java evaluates arguments left to right: the fields are read in the order encode() wrote them.
        FlowSummary s = new FlowSummary(protocol, b.getInt(), ipVersion, b.getLong(), b.getLong(), b.getInt(),
                b.getLong(), b.getLong(), b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), handshake);
        b.position(start + RECORD_BYTES);
        return written ? s : null;
    }

    @Override
    public void close() throws IOException {
        if (spill != null) {
            spill.close();
        }
    }
}
