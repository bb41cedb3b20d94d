package chatlab.capture.flow;

/** One segment of the selected connection, for the sequence (ladder) diagram. */
public record LadderEntry(long frame, long timestampNanos, boolean fromClient, int flags, long relativeSeq,
                          long relativeAck, int length, long window, int analysis) {
}
