package chatlab.protocol;

import java.util.function.LongSupplier;

/**
 * A rate limit: a bucket of {@code burst} tokens refilled at {@code perSecond}; each message
 * takes one. Not thread-safe: the server confines one to a connection, the client guards its own.
 */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    public TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** How long (ns) until a token is there: 0 when one is there now. */
    public long nanosUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Takes a token if one is there. */
    public boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - lastRefill) * perNano);
        lastRefill = now;
    }
}
