package chatlab.server.metrics;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.Wire;
import chatlab.server.MetricsSnapshot;
import chatlab.server.ServerCounters;
import java.util.Map;

/**
 * The server's metrics by name: each family's name, type, labels and help are here and in the table of
 * docs/METRICS.md, nowhere else. Names follow Prometheus's conventions: the {@code chatlab_} prefix, {@code _total}
 * on counters, base units (bytes, seconds) in the name.
 */
public final class ServerMetricsText {
    private ServerMetricsText() {}

    public static void write(MetricsSnapshot snapshot, PrometheusText out) {
        MetricsSnapshot.Counts c = snapshot.counts();
        out.single("chatlab_connections_accepted_total", "counter",
                "TCP connections accepted, refused ones included.", c.accepted());
        out.family("chatlab_connections_open", "gauge",
                "Open connections by wire: lab, v2, web (a browser's WebSocket), pending (nothing read yet, or a "
                        + "browser's page requests).");
        for (Map.Entry<String, Integer> wire : snapshot.openByWire().entrySet()) {
            out.sample("chatlab_connections_open", wire.getValue(), "wire", wire.getKey());
        }
        out.family("chatlab_room_users", "gauge", "Users of this server in each room.");
        for (Map.Entry<String, Integer> room : snapshot.usersByRoom().entrySet()) {
            out.sample("chatlab_room_users", room.getValue(), "room", room.getKey());
        }
        out.family("chatlab_messages_received_total", "counter",
                "Chat messages the rooms took from this server's clients, by the sender's wire and kind (room or "
                        + "whisper).");
        for (Wire wire : Wire.values()) {
            out.sample("chatlab_messages_received_total", c.roomMessagesIn()[wire.ordinal()], "wire", wire.text(),
                    "kind", "room");
            out.sample("chatlab_messages_received_total", c.whispersIn()[wire.ordinal()], "wire", wire.text(),
                    "kind", "whisper");
        }
        out.single("chatlab_messages_relayed_total", "counter",
                "Room messages stored and fanned out to this server's members (with --cluster, every server's).",
                c.relayed());
        out.single("chatlab_deliveries_total", "counter",
                "Copies of relayed room messages queued to recipients on this server.", c.deliveries());
        out.single("chatlab_messages_sent_total", "counter",
                "Messages of every kind the rooms queued to clients: relayed copies, acknowledgements, presence, "
                        + "welcomes, history, whispers.", c.sent());
        out.single("chatlab_received_bytes_total", "counter",
                "Bytes read from clients' sockets (TLS records included).", c.bytesIn());
        out.single("chatlab_sent_bytes_total", "counter",
                "Bytes handed to clients' sockets (TLS records included).", c.bytesOut());
        out.family("chatlab_refusals_total", "counter",
                "Requests and connections refused, by the v2 error code the client was told (docs/PROTOCOL.md).");
        for (ErrorCode code : ErrorCode.values()) {
            out.sample("chatlab_refusals_total", c.refusals()[code.ordinal()], "reason", code.code());
        }
        out.family("chatlab_slow_readers_cut_total", "counter",
                "Clients cut off as too slow, by the outbound limit that cut them: hard or soft (after its grace).");
        out.sample("chatlab_slow_readers_cut_total", c.cutHardLimit(), "limit", "hard");
        out.sample("chatlab_slow_readers_cut_total", c.cutSoftLimit(), "limit", "soft");
        out.family("chatlab_logins_total", "counter", "Password logins, by result: ok or failed.");
        out.sample("chatlab_logins_total", c.logins(), "result", "ok");
        out.sample("chatlab_logins_total", c.loginFailures(), "result", "failed");
        out.single("chatlab_log_appended_messages_total", "counter",
                "Messages the message log stored (--history on).", c.logAppends());
        out.single("chatlab_log_append_failed_messages_total", "counter",
                "Messages the message log failed to store; their senders were told.", c.logAppendFailures());
        writeAppendLatency(c, out);
    }

    private static void writeAppendLatency(MetricsSnapshot.Counts c, PrometheusText out) {
        String name = "chatlab_log_append_seconds";
        out.family(name, "histogram",
                "Time the message log took to store (and sync) one group commit of appended messages.");
        long cumulative = 0;
        double[] bounds = ServerCounters.LOG_APPEND_BUCKETS_SECONDS;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += c.logAppendBuckets()[i];
            out.sample(name + "_bucket", cumulative, "le", PrometheusText.number(bounds[i]));
        }
        cumulative += c.logAppendBuckets()[bounds.length];
        out.sample(name + "_bucket", cumulative, "le", "+Inf");
        out.sample(name + "_sum", c.logAppendNanos() / 1e9);
        out.sample(name + "_count", cumulative);
    }
}
