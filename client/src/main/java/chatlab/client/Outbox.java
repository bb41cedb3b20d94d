package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a v2 client owes the server: its chatroom messages and whispers, each under the id it chose, from the moment
 * they are typed until the server acknowledges them or refuses them for good; and which of them are still to be sent
 * on the current connection, in the order they go.
 *
 * <p>A new connection sends everything again in the order it was typed, under the same ids, so the server drops
 * what it already had. A message the server refused for its rate goes out again first. Entries are whole messages,
 * so whatever a message carries (a room, once there are several) goes out again with it.
 *
 * <p>Not thread-safe: the session guards it with its lock. {@link #newId()} alone may be called from any thread.
 */
final class Outbox {
    private final int capacity;
    /** Ids unique to this client run: a random prefix (another run may reuse the name) and a counter. */
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private final AtomicLong nextId = new AtomicLong();
    private final LinkedHashMap<String, ClientMessage> waiting = new LinkedHashMap<>();
    /** Ids still to be sent on this connection, in order; an id whose message was settled meanwhile is skipped. */
    private final ArrayDeque<String> unsent = new ArrayDeque<>();

    /** @param capacity messages kept at most; {@link #isFull()} beyond it */
    Outbox(int capacity) {
        this.capacity = capacity;
    }

    /** A fresh id for a message (chatroom messages and direct messages share one space). */
    String newId() {
        return idPrefix + nextId.incrementAndGet();
    }

    int size() {
        return waiting.size();
    }

    boolean isFull() {
        return waiting.size() >= capacity;
    }

    /** Keeps {@code message} until it is settled, and queues it to be sent after everything queued before. */
    void add(String id, ClientMessage message) {
        waiting.put(id, message);
        unsent.addLast(id);
    }

    /** Whether message {@code id} is still owed. */
    boolean holds(String id) {
        return waiting.containsKey(id);
    }

    /** The server acknowledged the message, or refused it for good: it is no longer owed. Empty when it was not ours. */
    Optional<ClientMessage> settle(String id) {
        return Optional.ofNullable(waiting.remove(id));
    }

    /**
     * The server refused the message for its rate: it is sent again before anything else.
     *
     * @return false when the message is no longer here (settled meanwhile)
     */
    boolean sendAgainFirst(String id) {
        if (!waiting.containsKey(id)) {
            return false;
        }
        unsent.addFirst(id);
        return true;
    }

    /**
     * A new connection: everything still owed is to be sent again, in the order it was typed.
     *
     * @return the messages, in that order
     */
    List<ClientMessage> sendAllAgain() {
        unsent.clear();
        unsent.addAll(waiting.keySet());
        return List.copyOf(waiting.values());
    }

    /** The next message to send on this connection, if any; {@link #sent()} once it went. */
    Optional<ClientMessage> next() {
        while (!unsent.isEmpty()) {
            ClientMessage message = waiting.get(unsent.peekFirst());
            if (message != null) {
                return Optional.of(message);
            }
            unsent.removeFirst(); // acknowledged or refused meanwhile
        }
        return Optional.empty();
    }

    /** The message {@link #next()} returned was written to the connection. */
    void sent() {
        unsent.removeFirst();
    }
}
