package chatlab.wire;

/**
 * The v2 wire's fixed limits and the default of its line limit, read by the protocol's codecs and by the capture
 * analyzer, which must accept what chatlab's programs accept.
 */
public final class V2Limits {
    /** Deepest nesting of arrays and objects in one v2 line; the outermost object is level 1. */
    public static final int MAX_NESTING_DEPTH = 8;
    /**
     * A hello's {@code session}: a secret the client draws for its run, 22 to 128 characters of {@code A-Z a-z 0-9 _ -}
     * (22 base64url characters are 128 bits, RFC 4648 section 5), so it cannot be guessed.
     */
    public static final int MIN_SESSION_CHARS = 22;
    public static final int MAX_SESSION_CHARS = 128;
    /** Default longest v2 line in bytes, without its newline (the server's {@code --max-line-bytes}). */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    /**
     * The most a deflated ({@code z}) message may inflate to, in bytes: the client's line limit. A few kilobytes of
     * deflate can claim gigabytes; inflating stops at this size.
     */
    public static final int MAX_INFLATED_BYTES = 8 * 1024 * 1024;

    private V2Limits() {}
}
