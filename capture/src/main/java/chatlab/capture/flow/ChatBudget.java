package chatlab.capture.flow;

import java.util.Arrays;

/**
 * The bytes the chat reassembly may hold for all connections together ({@link CaptureLimits#chatBufferBytes()}):
 * segments waiting behind a hole, and messages and lines being put together. A part that cannot reserve what it
 * needs gives something up (stops waiting for a hole, ends a message early) instead of growing, so memory stays
 * bounded however many connections the capture has.
 */
final class ChatBudget {
    private final long limit;
    private long used;
    private long refusals;
    private long firstRefusalFrame;

    ChatBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget for something frame {@code frame} brought; false when there is no room. */
    boolean reserve(long bytes, long frame) {
        if (used + bytes > limit) {
            if (refusals++ == 0) {
                firstRefusalFrame = frame;
            }
            return false;
        }
        used += bytes;
        return true;
    }

    /**
     * A buffer that holds {@code needed} bytes: {@code buf} itself when it does, else a copy grown to at least
     * twice its size (at least {@code first}, at most {@code max}) with the growth taken from the budget; null when
     * the budget has no room.
     */
    byte[] grow(byte[] buf, int needed, int first, int max, long frame) {
        int have = buf == null ? 0 : buf.length;
        if (needed <= have) {
            return buf;
        }
        int size = Math.min(max, Math.max(needed, Math.max(first, have * 2)));
        if (!reserve(size - have, frame)) {
            return null;
        }
        return buf == null ? new byte[size] : Arrays.copyOf(buf, size);
    }

    void release(long bytes) {
        used -= bytes;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used;
    }

    /** How many times a part had to give something up. */
    long refusals() {
        return refusals;
    }

    /** The frame that met the first refusal. */
    long firstRefusalFrame() {
        return firstRefusalFrame;
    }
}
