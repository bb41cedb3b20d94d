package chatlab.capture.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-segment findings of the TCP sequence analysis, one bit each, named as Wireshark names its
 * {@code tcp.analysis.*} fields.
 */
public final class TcpAnalysis {
    public static final int RETRANSMISSION = 1;
    public static final int FAST_RETRANSMISSION = 1 << 1;
    public static final int SPURIOUS_RETRANSMISSION = 1 << 2;
    public static final int OUT_OF_ORDER = 1 << 3;
    public static final int LOST_SEGMENT = 1 << 4;
    public static final int ACK_LOST_SEGMENT = 1 << 5;
    public static final int WINDOW_UPDATE = 1 << 6;
    public static final int WINDOW_FULL = 1 << 7;
    public static final int KEEP_ALIVE = 1 << 8;
    public static final int KEEP_ALIVE_ACK = 1 << 9;
    public static final int DUPLICATE_ACK = 1 << 10;
    public static final int ZERO_WINDOW = 1 << 11;
    public static final int ZERO_WINDOW_PROBE = 1 << 12;
    public static final int ZERO_WINDOW_PROBE_ACK = 1 << 13;
    public static final int REUSED_PORTS = 1 << 14;
    /** How many findings there are (bits 0 to 14). */
    public static final int BITS = 15;

    /** Any of the three retransmission classes. */
    public static final int ANY_RETRANSMISSION = RETRANSMISSION | FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION;

    private static final String[] FIELD_NAMES = {
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
        "ack_lost_segment", "window_update", "window_full", "keep_alive", "keep_alive_ack", "duplicate_ack",
        "zero_window", "zero_window_probe", "zero_window_probe_ack", "reused_ports",
    };

    private TcpAnalysis() {
    }

    /** The tshark field suffixes ({@code tcp.analysis.<name>}) set by these flags. */
    public static List<String> fieldNames(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FIELD_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                out.add(FIELD_NAMES[i]);
            }
        }
        return out;
    }

    static boolean gt(int x, int y) {
        return (y - x) < 0;
    }

    static boolean lt(int x, int y) {
        return (x - y) < 0;
    }

    static boolean le(int x, int y) {
        return (x - y) <= 0;
    }
}
