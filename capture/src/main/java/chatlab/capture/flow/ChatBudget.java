package chatlab.capture.flow;

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

    ChatBudget(long limit) {
        this.limit = limit;
    }

    boolean reserve(long bytes) {
        if (used + bytes > limit) {
            refusals++;
            return false;
        }
        used += bytes;
        return true;
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
}
