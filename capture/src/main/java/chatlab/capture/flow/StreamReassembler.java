package chatlab.capture.flow;

import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction of a TCP stream back in order: retransmitted and overlapping bytes are delivered once,
 * segments that arrive early wait (up to {@link #MAX_PENDING_BYTES}), and a hole that never fills is reported as a
 * gap. A message ends with a segment that has PSH set, as the sender's write ended there.
 */
final class StreamReassembler {
    static final int MAX_PENDING_BYTES = 4 << 20;
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    interface Sink {
        void message(byte[] bytes, long frame, long nanos);

        void gap(long missingBytes, long frame, long nanos);
    }

    private record Pending(byte[] data, boolean push, long frame, long nanos) {
    }

    private final Sink sink;
    private int base;
    private final TreeMap<Integer, Pending> pending = new TreeMap<>((x, y) -> Integer.compare(x - this.base, y - this.base));
    private boolean started;
    private int next;
    private int pendingBytes;
    private byte[] message = new byte[256];
    private int messageLength;
    private long messageFrame;
    private long messageNanos;

    StreamReassembler(Sink sink) {
        this.sink = sink;
    }

    /** Start of the stream: the byte after the SYN. */
    void synSeen(int seq) {
        if (!started) {
            started = true;
            next = seq + 1;
            base = next;
        }
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
            if (pendingBytes + data.length > MAX_PENDING_BYTES) {
                flushGap(frame, nanos);
                offset = seq - next;
            } else {
                pending.merge(seq, new Pending(data, push, frame, nanos),
                        (old, neu) -> neu.data.length > old.data.length ? neu : old);
                pendingBytes += data.length;
                return;
            }
        }
        deliver(seq, data, push, frame, nanos);
        drain();
    }

    private void deliver(int seq, byte[] data, boolean push, long frame, long nanos) {
        int skip = next - seq;
        if (skip >= data.length) {
            return;
        }
        if (skip < 0) {
            skip = 0;
        }
        append(data, skip, data.length - skip, frame, nanos);
        next = seq + data.length;
        if (push) {
            endMessage();
        }
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Map.Entry<Integer, Pending> e = pending.firstEntry();
            int seq = e.getKey();
            if (seq - next > 0) {
                return;
            }
            pending.pollFirstEntry();
            pendingBytes -= e.getValue().data.length;
            deliver(seq, e.getValue().data, e.getValue().push, e.getValue().frame, e.getValue().nanos);
        }
    }

    private void flushGap(long frame, long nanos) {
        if (pending.isEmpty()) {
            return;
        }
        int seq = pending.firstKey();
        endMessage();
        sink.gap((seq - next) & 0xFFFF_FFFFL, frame, nanos);
        next = seq;
        drain();
    }

    /** End of capture: deliver what is buffered, reporting any hole that never filled. */
    void finish() {
        while (!pending.isEmpty()) {
            Pending last = pending.lastEntry().getValue();
            flushGap(last.frame, last.nanos);
        }
        endMessage();
    }

    private void append(byte[] data, int from, int len, long frame, long nanos) {
        if (messageLength == 0) {
            messageFrame = frame;
            messageNanos = nanos;
        }
        int room = MAX_MESSAGE_BYTES - messageLength;
        len = Math.min(len, room);
        if (messageLength + len > message.length) {
            message = java.util.Arrays.copyOf(message, Math.max(messageLength + len, message.length * 2));
        }
        System.arraycopy(data, from, message, messageLength, len);
        messageLength += len;
    }

    private void endMessage() {
        if (messageLength > 0) {
            sink.message(java.util.Arrays.copyOf(message, messageLength), messageFrame, messageNanos);
            messageLength = 0;
        }
    }
}
