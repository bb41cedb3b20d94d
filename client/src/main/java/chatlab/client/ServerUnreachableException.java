package chatlab.client;

import java.io.IOException;

/**
 * None of the server's addresses took the connection. The message is the whole sentence for a first attempt; the
 * short reason ({@code connection refused}) is what a reconnect line repeats.
 */
public final class ServerUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String shortReason;

    ServerUnreachableException(String message, String shortReason) {
        super(message);
        this.shortReason = shortReason;
    }

    /** Why, in a few words and without the address: {@code connection refused}, {@code timed out after 5 s}. */
    public String shortReason() {
        return shortReason;
    }
}
