package chatlab.bench.load;

/** Reads one client's incoming bytes, one read at a time. */
public interface WireScanner {
    void read(byte[] data, int offset, int length);

    /** Lab wire: messages the server relayed inside another message's relay; 0 on a framed wire. */
    default long merged() {
        return 0;
    }

    /** Lab wire: messages that shared a read with another message; 0 on a framed wire. */
    default long sharedRead() {
        return 0;
    }

    /** Lab wire: messages cut across reads; 0 on a framed wire. */
    default long split() {
        return 0;
    }
}
