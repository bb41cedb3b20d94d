package chatlab.bench.load;

import java.util.Arrays;

/**
 * Reads what a v2 server sends one client: JSON lines. A line holding a bench stamp is a chat message and is
 * counted straight from the stamp (no JSON parse on the hot path); every other line goes to {@link V2Roster}.
 * A line cut across reads is held until its newline. Not thread-safe: one per connection.
 */
public final class V2LineScanner implements WireScanner {
    /** A welcome lists every user; 10,000 users is about 1.3 MB. */
    public static final int MAX_LINE_BYTES = 32 * 1024 * 1024;

    private static final int KEEP_BUFFER_BYTES = 16 * 1024;

    private final Inbound inbound;
    private final V2Roster roster;
    private final long[] stamp = new long[2];
    private byte[] partial = new byte[0];
    private int partialLength;
    private boolean discarding;

    public V2LineScanner(Inbound inbound) {
        this.inbound = inbound;
        this.roster = new V2Roster(inbound);
    }

    @Override
    public void read(byte[] data, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (data[i] != '\n') {
                continue;
            }
            if (partialLength > 0 || discarding) {
                append(data, start, i);
                if (!discarding) {
                    line(partial, 0, partialLength);
                }
                partialLength = 0;
                discarding = false;
                if (partial.length > KEEP_BUFFER_BYTES) {
                    partial = new byte[0]; // ten thousand idle clients must not each keep a welcome-sized buffer
                }
            } else {
                line(data, start, i);
            }
            start = i + 1;
        }
        if (start < end) {
            append(data, start, end);
        }
    }

    public int users() {
        return roster.users();
    }

    private void line(byte[] data, int from, int to) {
        int length = to - from;
        if (length > 0 && data[to - 1] == '\r') {
            to--;
        }
        if (to == from) {
            return;
        }
        if (Stamp.parse(data, from, to, stamp)) {
            if (stamp[0] > Integer.MAX_VALUE) {
                inbound.serverError("garbled", "a stamp with an impossible sender", false);
                return;
            }
            inbound.message((int) stamp[0], stamp[1]);
        } else {
            roster.line(data, from, to - from, length + 1);
        }
    }

    private void append(byte[] data, int from, int to) {
        if (discarding) {
            return;
        }
        int needed = partialLength + (to - from);
        if (needed > MAX_LINE_BYTES) {
            inbound.serverError("garbled", "a line longer than " + MAX_LINE_BYTES + " bytes", false);
            discarding = true;
            partialLength = 0;
            return;
        }
        if (needed > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(needed, Math.min(MAX_LINE_BYTES, partial.length * 2 + 256)));
        }
        System.arraycopy(data, from, partial, partialLength, to - from);
        partialLength = needed;
    }
}
