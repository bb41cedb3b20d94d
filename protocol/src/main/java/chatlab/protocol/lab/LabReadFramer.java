package chatlab.protocol.lab;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts the byte stream of a lab-wire client into messages.
 *
 * <p>The lab wire has no framing: the Python server treats each {@code recv()} as one message. This framer keeps
 * that rule and adds what makes scripts and {@code nc} work:
 * <ul>
 *   <li>A newline ends a message, so one read can hold several; an optional {@code \r} before it is dropped.
 *   <li>Once a connection has ended a message with a newline it is in line mode: from then on a newline ends its
 *       messages, and so does a pause ({@link #endOfPause}, which the server calls when no byte has come for a
 *       moment), so a long line that TCP delivers in several quick reads stays one message while a line sent
 *       without a newline is not held forever. The lab's Python client never sends a newline and keeps the
 *       read-boundary rule.
 *   <li>The end of a read ends a message only if the message ends on a whole UTF-8 character; a read that stops
 *       inside a character waits for the next read, so a sequence split across reads is joined, never broken.
 *   <li>At the end of the stream, what is pending is one last message.
 * </ul>
 *
 * <p>Memory is bounded: a message longer than its limit is discarded as it arrives and reported once. Outside line
 * mode the message ends with its read, which is then reported as {@link LabInbound.TooLong} with its size. In line
 * mode the message goes on until a newline or a pause, so it is reported at once, when it passes the limit, as
 * {@link LabInbound.LineTooLong}; the rest of it is discarded, and the next message begins after its newline or
 * pause. A line discarded past {@code maxDiscardBytes} is reported once as {@link LabInbound.EndlessLine} (the
 * server closes the connection); everything after that is ignored.
 *
 * <p>The first message (the name) has its own limit: a name limit in characters can need more bytes than a short
 * message limit, and a first message refused as too long must be too long as a name.
 *
 * <p>Not thread-safe; one instance per connection.
 */
public final class LabReadFramer {
    private final int maxMessageBytes;
    private final long maxDiscardBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The current message's limit: the first message's until one is complete, then {@link #maxMessageBytes}. */
    private int limit;
    private byte[] pending;
    private int pendingLength;
    private boolean discarding;
    /** The message being discarded was reported already (as it passed the limit in line mode). */
    private boolean reported;
    /** An endless line was reported: the server is closing the connection, and nothing more is read. */
    private boolean endless;
    private boolean lineMode;
    private long discardedBytes;

    /** A framer without a separate first-message limit or a discard limit (for benchmarks and tests). */
    public LabReadFramer(int maxMessageBytes) {
        this(maxMessageBytes, maxMessageBytes, Long.MAX_VALUE);
    }

    /**
     * @param maxMessageBytes      longest message, in bytes without its line end
     * @param maxFirstMessageBytes longest first message (the name)
     * @param maxDiscardBytes      bytes of one over-long message discarded before it counts as endless
     */
    public LabReadFramer(int maxMessageBytes, int maxFirstMessageBytes, long maxDiscardBytes) {
        if (maxMessageBytes <= 0 || maxFirstMessageBytes <= 0 || maxDiscardBytes <= 0) {
            throw new IllegalArgumentException("the limits must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxDiscardBytes = maxDiscardBytes;
        this.limit = maxFirstMessageBytes;
        this.pending = new byte[Math.min(Math.max(maxMessageBytes, maxFirstMessageBytes) + 1, 256)];
    }

    /** Takes the bytes of one read; emits every message that a newline completes. */
    public void feed(byte[] bytes, int offset, int length, Consumer<? super LabInbound> out) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                lineMode = true;
                append(bytes, start, i - start, out);
                completeMessage(out);
                start = i + 1;
            }
        }
        append(bytes, start, end - start, out);
    }

    /**
     * Marks the end of one read (a batch of reads): outside line mode, a message that ends on a whole character is
     * complete.
     */
    public void endOfRead(Consumer<? super LabInbound> out) {
        if (lineMode) {
            return;
        }
        if (discarding) {
            completeMessage(out);
            return;
        }
        if (pendingLength > 0 && Utf8Tail.incompleteLength(pending, 0, pendingLength) == 0) {
            completeMessage(out);
        }
    }

    /** In line mode, the sender paused: what is pending, if it ends on a whole character, is a message. */
    public void endOfPause(Consumer<? super LabInbound> out) {
        if (discarding) {
            completeMessage(out);
        } else if (pendingLength > 0 && Utf8Tail.incompleteLength(pending, 0, pendingLength) == 0) {
            completeMessage(out);
        }
    }

    /** The peer closed its side: whatever is pending is its last message (invalid if cut inside a character). */
    public void endOfStream(Consumer<? super LabInbound> out) {
        if (discarding || pendingLength > 0) {
            completeMessage(out);
        }
    }

    /** True while a message has begun and not ended: bytes are held, or an over-long one is being discarded. */
    public boolean midMessage() {
        return pendingLength > 0 || discarding;
    }

    /** True once the peer has ended a message with a newline. */
    public boolean lineMode() {
        return lineMode;
    }

    /** Bytes held for a message not yet complete (a split character or, mid-read, a line without its end). */
    public int pendingBytes() {
        return pendingLength;
    }

    private void append(byte[] bytes, int offset, int length, Consumer<? super LabInbound> out) {
        if (length == 0 || endless) {
            return;
        }
        if (discarding) {
            discardedBytes += length;
            checkEndless(out);
            return;
        }
        // One extra byte of room for a '\r' that a following '\n' would strip.
        if (pendingLength + length > limit + 1) {
            discarding = true;
            discardedBytes = (long) pendingLength + length;
            pendingLength = 0;
            if (lineMode) {
                // The line goes on until its newline or a pause, which may be long in coming: say so now.
                reported = true;
                out.accept(new LabInbound.LineTooLong(limit));
            }
            checkEndless(out);
            return;
        }
        if (pendingLength + length > pending.length) {
            int capacity = Math.min(limit + 1, Math.max(pending.length * 2, pendingLength + length));
            byte[] grown = new byte[capacity];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void checkEndless(Consumer<? super LabInbound> out) {
        if (discardedBytes > maxDiscardBytes) {
            endless = true;
            out.accept(new LabInbound.EndlessLine(discardedBytes, maxDiscardBytes));
        }
    }

    private void completeMessage(Consumer<? super LabInbound> out) {
        if (endless) {
            return;
        }
        int messageLimit = limit;
        limit = maxMessageBytes;
        if (discarding) {
            if (!reported) {
                out.accept(new LabInbound.TooLong(discardedBytes, messageLimit));
            }
            discarding = false;
            reported = false;
            discardedBytes = 0;
            pendingLength = 0;
            return;
        }
        int length = pendingLength;
        pendingLength = 0;
        if (length > 0 && pending[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            limit = messageLimit; // nothing was said: the first message is still to come
            return;
        }
        if (length > messageLimit) {
            out.accept(new LabInbound.TooLong(length, messageLimit));
            return;
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(pending, 0, length));
            out.accept(new LabInbound.Line(chars.toString()));
        } catch (CharacterCodingException e) {
            out.accept(new LabInbound.InvalidUtf8(length));
        }
    }
}
