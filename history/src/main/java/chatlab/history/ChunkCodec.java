package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chunk's messages as the file stores them, in its {@code body} column: consecutive messages of one room, oldest
 * first. One row per chunk instead of one per message is what makes the log cheap per message: SQLite's work per row
 * (the insert, its index entry, its search document, its removal later) is paid once for a commit's messages of a
 * room (docs/HISTORY.md, *The file*).
 *
 * <p>Each message: its seq as a varint above the previous one's (the first above the chunk's {@code first_seq} minus
 * one), its time as a zigzag varint in nanoseconds from the previous one's (the first from the chunk's {@code
 * first_ns}), a flags byte (1: a {@code /me} action, 2: it has an id), then its sender, wire, id (when flagged) and
 * text, each a varint length and UTF-8 bytes. A lone surrogate is stored as U+FFFD, as SQLite stores text.
 */
final class ChunkCodec {
    private static final int ACTION = 1;
    private static final int HAS_ID = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ChunkCodec() {}

    /** The body of a chunk holding {@code messages} (one room's, seqs rising), whose first message is the chunk's. */
    static byte[] encode(List<LoggedMessage> messages) {
        Writer out = new Writer(64 + messages.size() * 96);
        LoggedMessage first = messages.get(0);
        long seq = first.seq() - 1;
        long nanos = LogReads.nanos(first.time());
        for (LoggedMessage message : messages) {
            long time = LogReads.nanos(message.time());
            out.varint(message.seq() - seq);
            out.varint(zigzag(time - nanos));
            out.raw((message.action() ? ACTION : 0) | (message.id() != null ? HAS_ID : 0));
            out.string(message.from());
            out.string(message.wire().text());
            if (message.id() != null) {
                out.string(message.id());
            }
            out.string(message.text());
            seq = message.seq();
            nanos = time;
        }
        return out.bytes();
    }

    /**
     * The messages of a chunk's body.
     *
     * @param firstSeq   the chunk's {@code first_seq}
     * @param firstNanos the chunk's {@code first_ns}
     * @throws IllegalStateException when the body is not one this class wrote (a damaged file)
     */
    static List<LoggedMessage> decode(String room, long firstSeq, long firstNanos, byte[] body) {
        Reader in = new Reader(body);
        List<LoggedMessage> messages = new ArrayList<>();
        long seq = firstSeq - 1;
        long nanos = firstNanos;
        while (in.hasMore()) {
            seq += in.varint();
            nanos += unzigzag(in.varint());
            int flags = in.raw();
            String from = in.string();
            Wire wire = Wire.parse(in.string());
            String id = (flags & HAS_ID) != 0 ? in.string() : null;
            String text = in.string();
            messages.add(new LoggedMessage(room, seq, instant(nanos), from, wire, id, text, (flags & ACTION) != 0));
        }
        return messages;
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static final class Writer {
        private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
        private byte[] bytes;
        private int size;
        private CharsetEncoder encoder;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void raw(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void string(String s) {
            byte[] utf8 = utf8(s);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        /** UTF-8, with U+FFFD for a lone surrogate (the JDK's own encoding would write a question mark). */
        private byte[] utf8(String s) {
            byte[] plain = s.getBytes(StandardCharsets.UTF_8);
            if (!hasSurrogate(s)) {
                return plain;
            }
            if (encoder == null) {
                encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(REPLACEMENT);
            }
            try {
                ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(s));
                return Arrays.copyOf(encoded.array(), encoded.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalStateException(e); // REPLACE never throws
            }
        }

        private static boolean hasSurrogate(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return at < bytes.length;
        }

        int raw() {
            if (at >= bytes.length) {
                throw damaged();
            }
            return bytes[at++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = raw();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw damaged();
        }

        String string() {
            long length = varint();
            if (length < 0 || length > bytes.length - at) {
                throw damaged();
            }
            String s = new String(bytes, at, (int) length, StandardCharsets.UTF_8);
            at += (int) length;
            return s;
        }

        private static IllegalStateException damaged() {
            return new IllegalStateException("a chunk of the message log cannot be read (damaged file)");
        }
    }
}
