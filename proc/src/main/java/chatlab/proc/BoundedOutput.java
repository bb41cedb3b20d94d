package chatlab.proc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a program wrote to one output, kept within a limit: all of it up to {@code limitBytes}; past that, the first
 * and the last half of the limit, with a line saying how much was left out between them. So a chatty program
 * cannot fill the memory, and both its start (a banner, a ready line) and its end (the error it died of) are kept.
 * Thread-safe.
 */
final class BoundedOutput {
    private final int headLimit;
    private final int tailLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    /** The last {@code tailLimit} bytes once the head is full, as a ring. */
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long dropped;

    BoundedOutput(int limitBytes) {
        if (limitBytes < 2) {
            throw new IllegalArgumentException("the output limit must be at least 2 bytes, got " + limitBytes);
        }
        this.headLimit = limitBytes / 2;
        this.tailLimit = limitBytes - headLimit;
        this.tail = new byte[tailLimit];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        int toHead = Math.min(length, headLimit - head.size());
        head.write(bytes, offset, toHead);
        for (int i = offset + toHead; i < offset + length; i++) {
            if (tailLength == tailLimit) {
                tailStart = (tailStart + 1) % tailLimit;
                tailLength--;
                dropped++;
            }
            tail[(tailStart + tailLength) % tailLimit] = bytes[i];
            tailLength++;
        }
    }

    /** Bytes written and not kept. */
    synchronized long dropped() {
        return dropped;
    }

    /** The text kept, as UTF-8 (a character cut by the limit shows as U+FFFD). */
    synchronized String text() {
        StringBuilder text = new StringBuilder(head.toString(StandardCharsets.UTF_8));
        if (dropped > 0) {
            text.append("\n[... ").append(dropped).append(" bytes left out ...]\n");
        }
        byte[] last = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            last[i] = tail[(tailStart + i) % tailLimit];
        }
        return text.append(new String(last, StandardCharsets.UTF_8)).toString();
    }
}
