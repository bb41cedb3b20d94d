package chatlab.server;

import java.util.Map;

/**
 * The server's counts and gauges at one moment, for a metrics scrape (docs/METRICS.md). Arrays indexed by an enum
 * are indexed by its ordinal: {@code Wire} for the messages in, {@code ErrorCode} for the refusals.
 *
 * @param counts          the counters ({@link ServerCounters})
 * @param usersByRoom     this server's own users in each room (a cluster's users on other servers not included)
 * @param openByWire      open connections by the wire they speak: lab, v2, web (a browser's WebSocket), http (a
 *                        browser's page requests) or undetected (nothing read yet)
 */
public record MetricsSnapshot(Counts counts, Map<String, Integer> usersByRoom, Map<String, Integer> openByWire) {
    /** The counters; see {@link ServerCounters} for who writes each. */
    public record Counts(long[] roomMessagesIn, long[] whispersIn, long relayed, long deliveries, long sent,
            long cutHardLimit, long cutSoftLimit, long accepted, long bytesIn, long bytesOut, long logins,
            long loginFailures, long[] refusals, long logAppends, long logAppendFailures, long[] logAppendBuckets,
            long logAppendNanos) {}
}
