package chatlab.capture.flow;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction of a TCP stream back in order: retransmitted and overlapping bytes are delivered once,
 * segments that arrive early wait (up to {@link #MAX_PENDING_BYTES}, and only while the shared {@link ChatBudget}
 * has room), and a hole that never fills is reported as a gap. A message ends with a segment that has PSH set, as
 * the sender's write ended there.
 */
final class StreamReassembler {
    /** Bytes one direction may hold behind a hole before it stops waiting (each segment also costs its overhead). */
    static final int MAX_PENDING_BYTES = 1 << 20;
    /** What one waiting segment costs beyond its bytes (tree node, record, array header), for the budgets. */
    static final int PENDING_OVERHEAD_BYTES = 96;
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final int FIRST_MESSAGE_BUFFER = 256;


    interface Sink {
        void message(byte[] bytes, long frame, long nanos);

        void gap(long missingBytes, long frame, long nanos);
    }

    /** Asked when the budget is full: free room elsewhere (e.g. make the direction holding most stop waiting). */
    interface Overflow {
        void makeRoom(StreamReassembler asking, long frame, long nanos);
    }

    private record Pending(byte[] data, boolean push, long frame, long nanos) {
    }

    private final Sink sink;
    private final ChatBudget budget;
    private final Overflow overflow;
    private int base;
    private TreeMap<Integer, Pending> pending;
    private boolean started;
    private int next;
    /** Bytes waiting, overhead included. */
    private long pendingCost;
    private byte[] message;
    private int messageLength;
    private long messageFrame;
    private long messageNanos;

    StreamReassembler(Sink sink, ChatBudget budget, Overflow overflow) {
        this.sink = sink;
        this.budget = budget;
        this.overflow = overflow;
    }

    /** Start of the stream: the byte after the SYN. */
    void synSeen(int seq) {
        if (!started) {
            started = true;
            next = seq + 1;
            base = next;
        }
    }

    long pendingCost() {
        return pendingCost;
    }

    void segment(int seq, byte[] data, boolean push, long frame, long nanos) {
        if (data.length == 0) {
            return;
        }
        if (!started) {
            started = true;
            next = seq;
            base = seq;
        }
        int offset = seq - next;
        if (offset > 0) {
            long cost = data.length + PENDING_OVERHEAD_BYTES;
            boolean wait = pendingCost + cost <= MAX_PENDING_BYTES && reserve(cost, frame, nanos);
            if (wait && seq - next <= 0) {
                // making room delivered what this direction held: the segment is no longer early
                budget.release(cost);
                wait = false;
            }
            if (!wait) {
                // stop waiting: what is held is delivered after a gap, and this segment is taken as it comes
                giveUpWaiting(frame, nanos);
                offset = seq - next;
                if (offset > 0) {
                    endMessage();
                    sink.gap(offset & 0xFFFF_FFFFL, frame, nanos);
                    next = seq;
                }
            } else {
                if (pending == null) {
                    base = next;
                    pending = new TreeMap<>((x, y) -> Integer.compare(x - this.base, y - this.base));
                }
                Pending old = pending.get(seq);
                if (old == null || data.length > old.data.length) {
                    pending.put(seq, new Pending(data, push, frame, nanos));
                    pendingCost += cost;
                    if (old != null) {
                        release(old.data.length + PENDING_OVERHEAD_BYTES);
                    }
                } else {
                    release(cost);
                }
                return;
            }
        }
        deliver(seq, data, push, frame, nanos);
        drain();
    }

    private boolean reserve(long cost, long frame, long nanos) {
        if (budget.reserve(cost, frame)) {
            return true;
        }
        overflow.makeRoom(this, frame, nanos);
        return budget.reserve(cost, frame);
    }

    private void release(long cost) {
        pendingCost -= cost;
        budget.release(cost);
    }

    private void deliver(int seq, byte[] data, boolean push, long frame, long nanos) {
        int skip = next - seq;
        if (skip >= data.length) {
            return;
        }
        if (skip < 0) {
            skip = 0;
        }
        append(data, skip, data.length - skip, frame, nanos, push);
        next = seq + data.length;
        if (push) {
            endMessage();
        }
    }

    private void drain() {
        while (pending != null && !pending.isEmpty()) {
            Map.Entry<Integer, Pending> e = pending.firstEntry();
            int seq = e.getKey();
            if (seq - next > 0) {
                return;
            }
            pending.pollFirstEntry();
            release(e.getValue().data.length + PENDING_OVERHEAD_BYTES);
            deliver(seq, e.getValue().data, e.getValue().push, e.getValue().frame, e.getValue().nanos);
        }
        pending = null;
    }

    private void flushGap(long frame, long nanos) {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        int seq = pending.firstKey();
        endMessage();
        sink.gap((seq - next) & 0xFFFF_FFFFL, frame, nanos);
        next = seq;
        drain();
    }

    /** Delivers everything waiting, reporting each hole it skips. */
    void giveUpWaiting(long frame, long nanos) {
        while (pending != null && !pending.isEmpty()) {
            flushGap(frame, nanos);
        }
    }

    /** End of capture: deliver what is buffered, reporting any hole that never filled. */
    void finish() {
        while (pending != null && !pending.isEmpty()) {
            Pending last = pending.lastEntry().getValue();
            flushGap(last.frame, last.nanos);
        }
        endMessage();
    }

    private void append(byte[] data, int from, int len, long frame, long nanos, boolean push) {
        if (push && messageLength == 0 && len <= MAX_MESSAGE_BYTES) {
            // the common case, a whole message in one segment: handed on without buffering
            sink.message(Arrays.copyOfRange(data, from, from + len), frame, nanos);
            return;
        }
        while (len > 0) {
            if (messageLength == 0) {
                messageFrame = frame;
                messageNanos = nanos;
            }
            int room = MAX_MESSAGE_BYTES - messageLength;
            int n = Math.min(len, room);
            if (n == 0) {
                return; // the rest of a message above 1 MiB is dropped; the transcript shows it cut
            }
            if (!grow(messageLength + n, frame)) {
                // No room for a longer message: what is held goes out as a message of its own, and a part that
                // cannot be held at all goes out as it came.
                if (messageLength > 0) {
                    endMessage();
                } else {
                    sink.message(Arrays.copyOfRange(data, from, from + n), frame, nanos);
                    from += n;
                    len -= n;
                }
                continue;
            }
            System.arraycopy(data, from, message, messageLength, n);
            messageLength += n;
            from += n;
            len -= n;
        }
    }

    /** Makes the message buffer hold {@code needed} bytes, within the budget. */
    private boolean grow(int needed, long frame) {
        byte[] grown = budget.grow(message, needed, FIRST_MESSAGE_BUFFER, MAX_MESSAGE_BYTES, frame);
        if (grown == null) {
            return false;
        }
        message = grown;
        return true;
    }

    private void endMessage() {
        if (messageLength > 0) {
            sink.message(Arrays.copyOf(message, messageLength), messageFrame, messageNanos);
            messageLength = 0;
        }
        if (message != null) {
            // messages rarely span segments: the buffer goes back, so idle connections hold none
            budget.release(message.length);
            message = null;
        }
    }

    /** Gives every buffer back to the budget (the connection is retired). */
    void release() {
        if (message != null) {
            budget.release(message.length);
            message = null;
        }
        if (pending != null) {
            pending.values().forEach(p -> budget.release(p.data.length + PENDING_OVERHEAD_BYTES));
            pending = null;
            pendingCost = 0;
        }
    }
}
