package chatlab.protocol;

/**
 * The bytes of one message (lab wire) or line (v2) whose end has not come yet, bounded, for both wires' framers.
 * Up to the limit, plus one byte for a {@code \r} that a {@code \n} would strip, they are held; past it they are
 * discarded as they come and only counted; past {@code maxDiscardBytes} of discarding the line is endless, and
 * everything after it is ignored (the server closes the connection). Not thread-safe; one per connection.
 */
public final class BoundedLine {
    /** {@link #add} result bit: this call took the line past its limit (it is discarded from now on). */
    public static final int PASSED_LIMIT = 1;
    /** {@link #add} result bit: this call took the discarded line past the discard limit. */
    public static final int BECAME_ENDLESS = 2;

    private static final byte[] NOTHING = new byte[0];

    private final long maxDiscardBytes;
    private final int firstCapacity;
    private byte[] bytes = NOTHING;
    private int length;
    private boolean discarding;
    private long discardedBytes;
    private boolean endless;

    /**
     * @param maxDiscardBytes bytes of one line discarded before it is endless
     * @param firstCapacity   the least the buffer takes when it is first needed (0: exactly what is held)
     */
    public BoundedLine(long maxDiscardBytes, int firstCapacity) {
        if (maxDiscardBytes <= 0 || firstCapacity < 0) {
            throw new IllegalArgumentException("maxDiscardBytes must be positive and firstCapacity not negative");
        }
        this.maxDiscardBytes = maxDiscardBytes;
        this.firstCapacity = firstCapacity;
    }

    /**
     * Holds {@code src[offset, offset + count)}, or counts it as discarded once the line is over {@code limit}.
     *
     * @return {@link #PASSED_LIMIT} and {@link #BECAME_ENDLESS} bits for what this call did, or 0
     */
    public int add(byte[] src, int offset, int count, int limit) {
        if (count == 0 || endless) {
            return 0;
        }
        if (discarding) {
            discardedBytes += count;
            return checkEndless();
        }
        if (length + count > limit + 1) {
            discarding = true;
            discardedBytes = (long) length + count;
            length = 0;
            bytes = NOTHING; // nothing more is held for this line
            return PASSED_LIMIT | checkEndless();
        }
        if (length + count > bytes.length) {
            int needed = length + count;
            int capacity = bytes.length == 0 ? Math.max(needed, Math.min(firstCapacity, limit + 1))
                    : Math.min(limit + 1, Math.max(bytes.length * 2, needed));
            byte[] grown = new byte[capacity];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
        return 0;
    }

    /** Counts a whole line that was never held (it came in one read) as discarded; returns {@link #add}'s bits. */
    public int discardWhole(long count) {
        if (endless) {
            return 0;
        }
        discardedBytes = count;
        int result = checkEndless();
        discardedBytes = 0;
        return result;
    }

    private int checkEndless() {
        if (discardedBytes > maxDiscardBytes) {
            endless = true;
            return BECAME_ENDLESS;
        }
        return 0;
    }

    /** The line ended (its newline, or the framer's own rule): the next bytes start a new one. Keeps the buffer. */
    public void end() {
        length = 0;
        discarding = false;
        discardedBytes = 0;
    }

    /** Like {@link #end}, and lets the buffer go: a connection that waits then holds nothing. */
    public void endAndRelease() {
        end();
        bytes = NOTHING;
    }

    /** The held bytes: valid from 0 to {@link #length()}, until the next change. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** The buffer's size: the memory the line holds. */
    public int capacity() {
        return bytes.length;
    }

    public boolean discarding() {
        return discarding;
    }

    public long discardedBytes() {
        return discardedBytes;
    }

    public boolean endless() {
        return endless;
    }

    public long maxDiscardBytes() {
        return maxDiscardBytes;
    }
}
