package chatlab.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lab wire, before the server has accepted the name: the conversation is the server's (a name, then perhaps its own
 * password prompt), so a line sent to it waits for its answer before the next line is read. The user then sees the
 * prompt (and a password is read without echo) before answering it, and a script's lines reach the server one answer
 * at a time, as a person's would. The wait is bounded: a server that says nothing does not stop the client.
 *
 * <p>v2 with rooms: a {@code /join} waits so for the server's answer (the room, or a refusal), so the line after it
 * goes to the room joined, in a script as at a terminal.
 */
final class ReplyGate {
    private boolean awaiting;

    /** A line went to the server; the next waits for its answer. */
    synchronized void sent() {
        awaiting = true;
    }

    /** The server said something (text, a user map) or closed. */
    synchronized void answered() {
        awaiting = false;
        notifyAll();
    }

    /** Waits until the server answered the last line sent, for at most {@code max}. */
    synchronized void await(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (awaiting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
