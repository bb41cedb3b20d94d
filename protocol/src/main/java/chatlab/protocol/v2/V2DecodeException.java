package chatlab.protocol.v2;

/** A v2 line or datagram that is not a valid message, with the error code the server would answer with. */
public final class V2DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    public V2DecodeException(ErrorCode code, String message, String ref) {
        super(message);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the message the problem is in, when it had one. */
    public String ref() {
        return ref;
    }
}
