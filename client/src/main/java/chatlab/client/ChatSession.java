package chatlab.client;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A client's conversation with a server, on either wire; the console drives it with lines the user typed. */
public interface ChatSession extends AutoCloseable {
    /** Binds the UDP socket, connects, and registers the name. */
    void start(String name) throws IOException;

    /** Acts on one line the user typed. Returns false once the user asked to quit. */
    boolean submit(String line);

    /** Sends what is still queued, then leaves so the room sees it. Completes when the connection is closed. */
    CompletableFuture<Void> finish();

    /** Completes with the reason when the session ends without the user asking (refused, server gone for good). */
    CompletableFuture<String> ended();

    /** Completes when the server accepted the name (the first user map or welcome). */
    CompletableFuture<Void> registered();

    /** Whether the session ended for a reason other than the user leaving (refused, gave up reaching the server). */
    default boolean failed() {
        return false;
    }

    /**
     * Lines refused so far for what they are, by this client (an unknown command) or by the server (too long, control
     * characters), or not sent because the session had ended; not direct messages to someone who is not in the room.
     */
    default int refused() {
        return 0;
    }

    /** After {@link #finish()} or the end of the session: messages read but not delivered (v2: not acknowledged). */
    default int undelivered() {
        return 0;
    }

    /** Whether the session ended because the server refused the name itself (taken, breaks a rule). */
    default boolean nameRefused() {
        return false;
    }

    /**
     * Called before the console reads the next line: waits, briefly, while the server has not yet answered a line
     * that is part of its login conversation (lab wire), so its prompt is on the screen before the user answers it.
     */
    default void awaitTurn() {}

    /** Whether the next line the user types answers the server's password prompt (so a terminal hides it). */
    default boolean nextLineIsSecret() {
        return false;
    }

    /**
     * A key asked to talk in the next room ({@code step} 1) or the previous one (-1) of those the client is in (v2
     * with rooms; the lab wire has one room).
     */
    default void cycleRoom(int step) {}

    /** The user map (name to address) once the server sent one. */
    Optional<Map<String, String>> users();

    /** The UDP port direct messages arrive on. */
    int udpPort();

    @Override
    void close();
}
