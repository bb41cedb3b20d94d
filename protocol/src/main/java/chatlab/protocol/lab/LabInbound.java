package chatlab.protocol.lab;

/** What the server makes of the bytes a lab-wire client sends: a text line, or the reason there is none. */
public sealed interface LabInbound {
    /** One message: the name at first, a chatroom message afterwards. Never empty, never holds a line end. */
    record Line(String text) implements LabInbound {}

    /** A message that was not valid UTF-8; nothing of it may be relayed. */
    record InvalidUtf8(int byteCount) implements LabInbound {}

    /** A message longer than the limit; its bytes were discarded as they came. */
    record TooLong(long byteCount, int limitBytes) implements LabInbound {}

    /**
     * In line mode, a line just passed the limit: it is not relayed, and the rest of it (up to its newline or a
     * pause) is discarded as it comes.
     */
    record LineTooLong(int limitBytes) implements LabInbound {}

    /** An over-long message went on past the discard limit: the sender is not chatting; close the connection. */
    record EndlessLine(long discardedBytes, long limitBytes) implements LabInbound {}
}
