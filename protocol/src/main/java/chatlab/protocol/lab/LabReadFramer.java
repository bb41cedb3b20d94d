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
 * <p>Memory is bounded: a message longer than {@code maxMessageBytes} is discarded as it arrives and reported
 * once as {@link LabInbound.TooLong}. Not thread-safe; one instance per connection.
 */
public final class LabReadFramer {
    private final int maxMessageBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] pending;
    private int pendingLength;
    private boolean discarding;
    private boolean lineMode;
    private long discardedBytes;

    public LabReadFramer(int maxMessageBytes) {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.pending = new byte[Math.min(maxMessageBytes + 1, 256)];
    }

    /** Takes the bytes of one read; emits every message that a newline completes. */
    public void feed(byte[] bytes, int offset, int length, Consumer<? super LabInbound> out) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                lineMode = true;
                append(bytes, start, i - start);
                completeMessage(out);
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
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

    /** True once the peer has ended a message with a newline. */
    public boolean lineMode() {
        return lineMode;
    }

    /** Bytes held for a message not yet complete (a split character or, mid-read, a line without its end). */
    public int pendingBytes() {
        return pendingLength;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (discarding) {
            discardedBytes += length;
            return;
        }
        // One extra byte of room for a '\r' that a following '\n' would strip.
        if (pendingLength + length > maxMessageBytes + 1) {
            discarding = true;
            discardedBytes = (long) pendingLength + length;
            pendingLength = 0;
            return;
        }
        if (pendingLength + length > pending.length) {
            int capacity = Math.min(maxMessageBytes + 1, Math.max(pending.length * 2, pendingLength + length));
            byte[] grown = new byte[capacity];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void completeMessage(Consumer<? super LabInbound> out) {
        if (discarding) {
            out.accept(new LabInbound.TooLong(discardedBytes, maxMessageBytes));
            discarding = false;
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
            return;
        }
        if (length > maxMessageBytes) {
            out.accept(new LabInbound.TooLong(length, maxMessageBytes));
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
