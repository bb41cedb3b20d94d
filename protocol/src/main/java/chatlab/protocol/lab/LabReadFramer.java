package chatlab.protocol.lab;

import chatlab.protocol.BoundedLine;
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
    /** What the message buffer takes when first needed; it grows up to the limit and is kept between messages. */
    private static final int FIRST_CAPACITY = 256;

    private final int maxMessageBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final BoundedLine pending;
    /** The current message's limit: the first message's until one is complete, then {@link #maxMessageBytes}. */
    private int limit;
    /** The message being discarded was reported already (as it passed the limit in line mode). */
    private boolean reported;
    private boolean lineMode;

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
        if (maxMessageBytes <= 0 || maxFirstMessageBytes <= 0) {
            throw new IllegalArgumentException("the limits must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.limit = maxFirstMessageBytes;
        this.pending = new BoundedLine(maxDiscardBytes, FIRST_CAPACITY);
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
        if (!lineMode) {
            endOfPause(out);
        }
    }

    /** In line mode, the sender paused: what is pending, if it ends on a whole character, is a message. */
    public void endOfPause(Consumer<? super LabInbound> out) {
        if (pending.discarding()
                || pending.length() > 0 && Utf8Tail.incompleteLength(pending.bytes(), 0, pending.length()) == 0) {
            completeMessage(out);
        }
    }

    /** The peer closed its side: whatever is pending is its last message (invalid if cut inside a character). */
    public void endOfStream(Consumer<? super LabInbound> out) {
        if (midMessage()) {
            completeMessage(out);
        }
    }

    /** True while a message has begun and not ended: bytes are held, or an over-long one is being discarded. */
    public boolean midMessage() {
        return pending.length() > 0 || pending.discarding();
    }

    /** True once the peer has ended a message with a newline. */
    public boolean lineMode() {
        return lineMode;
    }

    /** Bytes held for a message not yet complete (a split character or, mid-read, a line without its end). */
    public int pendingBytes() {
        return pending.length();
    }

    private void append(byte[] bytes, int offset, int length, Consumer<? super LabInbound> out) {
        int added = pending.add(bytes, offset, length, limit);
        if ((added & BoundedLine.PASSED_LIMIT) != 0 && lineMode) {
            // The line goes on until its newline or a pause, which may be long in coming: say so now.
            reported = true;
            out.accept(new LabInbound.LineTooLong(limit));
        }
        if ((added & BoundedLine.BECAME_ENDLESS) != 0) {
            out.accept(new LabInbound.EndlessLine(pending.discardedBytes(), pending.maxDiscardBytes()));
        }
    }

    private void completeMessage(Consumer<? super LabInbound> out) {
        if (pending.endless()) {
            return; // reported once; the server is closing the connection, and nothing more counts
        }
        int messageLimit = limit;
        limit = maxMessageBytes;
        if (pending.discarding()) {
            if (!reported) {
                out.accept(new LabInbound.TooLong(pending.discardedBytes(), messageLimit));
            }
            reported = false;
            pending.end();
            return;
        }
        int length = pending.length();
        byte[] bytes = pending.bytes();
        pending.end();
        if (length > 0 && bytes[length - 1] == '\r') {
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
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            out.accept(new LabInbound.Line(chars.toString()));
        } catch (CharacterCodingException e) {
            out.accept(new LabInbound.InvalidUtf8(length));
        }
    }
}
