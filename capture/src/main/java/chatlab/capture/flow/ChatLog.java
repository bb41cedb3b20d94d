package chatlab.capture.flow;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

/**
 * The chat rebuilt from a capture: TCP streams to the server port reassembled in sequence order and cut into the
 * messages of the wire each connection speaks (the lab wire, or chatlab's v2 JSON lines), plus the UDP direct
 * messages (lab text or v2 JSON), in the order they were decoded. Each line goes to a {@link Listener} as it is
 * decoded; up to a limit they are also kept for the report, the first {@link #LINES_IN_MEMORY} as objects and the
 * rest in a temporary file, so a transcript of millions of lines costs no memory.
 */
public final class ChatLog implements Closeable {

    /** What a line is; the first six are the lab wire's, the v2 wire uses them too where they fit. */
    public enum Kind {
        /** The first message a client sends on its TCP connection: its name (lab), or its v2 {@code hello}. */
        REGISTER,
        /** Client to server: text for the chat room (lab text, v2 {@code say}). */
        ROOM_MESSAGE,
        /**
         * Server to client: the names and addresses in the room (lab {@code !} map, v2 {@code welcome} without
         * {@code users_follow}, or the presence right after one with it).
         */
        USER_LIST,
        /** Server to client: v2 joins and leaves since the last announcement, in one message. */
        PRESENCE,
        /** Server to client: a chat room message from someone (lab {@code NAME: TEXT }, v2 {@code message}). */
        RELAY,
        /** Client to client over UDP (lab text, v2 {@code dm}). */
        DIRECT_MESSAGE,
        /** Bytes that could not be placed (a gap in the stream, or not UTF-8). */
        NOTE,
        /** v2: the server acknowledges a {@code say} or {@code whisper}; v2 UDP: a {@code dm_ack}. */
        ACK,
        /** v2: a direct message through the server ({@code whisper}, either direction). */
        WHISPER,
        /** v2: someone joined the room. */
        JOINED,
        /** v2: someone left the room ({@code left}), or a client says {@code bye}. */
        LEFT,
        /** v2: an {@code error} from the server. */
        ERROR,
        /** v2: the SCRAM login ({@code challenge}, {@code proof}, {@code rekey}, {@code rekeyed}); no contents. */
        LOGIN,
        /** v2: {@code ping} or {@code pong}. */
        KEEPALIVE,
        /** v2: a {@code welcome} whose room follows in the next presence ({@code users_follow}): the name only. */
        WELCOME,
        /** v2: a well-formed object of a type the analyzer does not know. */
        OTHER,
        /** v2: a line (or datagram) that is not a JSON object with a string {@code type}; the reason is given. */
        BAD_LINE
    }

    /**
     * One message. {@code from} and {@code to} are labels as known when the message was sent: "name (address)",
     * "server (address)", "everyone", or, for a relay, the author's name as the server wrote it. {@code wire} is
     * {@code lab} or {@code v2}; {@code detail} holds what the wire adds beyond the text (v2: ids, seq, ports, error
     * codes) in words, or null.
     */
    public record Line(long frame, long timestampNanos, Kind kind, String from, String to, String text, String wire,
            String detail) {
        /** A lab wire line, without detail. */
        public Line(long frame, long timestampNanos, Kind kind, String from, String to, String text) {
            this(frame, timestampNanos, kind, from, to, text, "lab", null);
        }
    }

    /**
     * Sees every line as it is decoded, with the time of the capture's first frame: {@code chatlab analyze --chat}
     * prints the transcript this way, so it never holds it.
     */
    public interface Listener {
        void line(Line line, long captureStartNanos);
    }

    /** Kept lines held as objects; past this the kept lines go to a temporary file. */
    static final int LINES_IN_MEMORY = 2_000;
    /** Addresses whose name is remembered for the labels; past this, new addresses are shown without a name. */
    static final int MAX_NAMES = 65_536;
    private static final Kind[] KINDS = Kind.values();

    private final long maxKept;
    private final Listener listener;
    private final LongSupplier captureStart;
    private final List<Line> memory = new ArrayList<>();
    private final Map<String, String> namesByAddress = new LinkedHashMap<>();
    private Path spillFile;
    private DataOutputStream spill;
    private long kept;
    private long dropped;
    private long total;

    /**
     * @param maxKept lines kept for {@link #lines()} (the report); the rest are only counted
     * @param listener sees every line, or null
     * @param captureStart the time of the capture's first frame, for the listener
     */
    ChatLog(long maxKept, Listener listener, LongSupplier captureStart) {
        this.maxKept = maxKept;
        this.listener = listener;
        this.captureStart = captureStart;
    }

    void add(Line line) {
        total++;
        if (listener != null) {
            listener.line(line, captureStart.getAsLong());
        }
        if (kept >= maxKept) {
            dropped++;
            return;
        }
        kept++;
        if (memory.size() < LINES_IN_MEMORY) {
            memory.add(line);
            return;
        }
        try {
            if (spill == null) {
                spillFile = Files.createTempFile("chatlab-chat", ".bin");
                spillFile.toFile().deleteOnExit();
                spill = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 16));
            }
            write(spill, line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the chat in a temporary file: " + e.getMessage(), e);
        }
    }

    void learnName(String address, String name) {
        if (namesByAddress.size() < MAX_NAMES || namesByAddress.containsKey(address)) {
            namesByAddress.put(address, name);
        }
    }

    public String nameOf(String address) {
        return namesByAddress.get(address);
    }

    /** The kept lines, in the order they were decoded (read back from the temporary file past the first ones). */
    public Iterable<Line> lines() {
        return () -> new Iterator<>() {
            private int i;
            private DataInputStream in;
            private long read;

            @Override
            public boolean hasNext() {
                return i < memory.size() || memory.size() + read < kept;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (i < memory.size()) {
                    return memory.get(i++);
                }
                try {
                    if (in == null) {
                        spill.flush();
                        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spillFile), 1 << 16));
                    }
                    read++;
                    Line l = ChatLog.read(in);
                    if (memory.size() + read == kept) {
                        in.close();
                    }
                    return l;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the chat back: " + e.getMessage(), e);
                }
            }
        };
    }

    public Map<String, String> namesByAddress() {
        return Collections.unmodifiableMap(namesByAddress);
    }

    /** Lines decoded in all. */
    public long total() {
        return total;
    }

    /** Lines kept for {@link #lines()}. */
    public long kept() {
        return kept;
    }

    /** Lines decoded but not kept. */
    public long dropped() {
        return dropped;
    }

    /** The transcript is complete: the kept lines can be read. */
    void finish() {
        try {
            if (spill != null) {
                spill.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the chat in a temporary file: " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary file, if the kept lines needed one. */
    @Override
    public void close() throws IOException {
        if (spill != null) {
            spill.close();
            Files.deleteIfExists(spillFile);
            spill = null;
        }
    }

    private static void write(DataOutputStream out, Line l) throws IOException {
        out.writeLong(l.frame());
        out.writeLong(l.timestampNanos());
        out.writeByte(l.kind().ordinal());
        for (String t : new String[] {l.from(), l.to(), l.text(), l.wire(), l.detail()}) {
            if (t == null) {
                out.writeInt(-1);
            } else {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }

    private static Line read(DataInputStream in) throws IOException {
        long frame = in.readLong();
        long nanos = in.readLong();
        Kind kind = KINDS[in.readByte()];
        String[] t = new String[5];
        for (int i = 0; i < t.length; i++) {
            int n = in.readInt();
            if (n >= 0) {
                byte[] b = new byte[n];
                in.readFully(b);
                t[i] = new String(b, StandardCharsets.UTF_8);
            }
        }
        return new Line(frame, nanos, kind, t[0], t[1], t[2], t[3], t[4]);
    }
}
