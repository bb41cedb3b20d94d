package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one room that are being sent what they missed (or the room's last messages) from its log
 * ({@link CatchUp}), and what the room's fan-out does for them meanwhile: it holds back each live message for them
 * instead of sending it, so a member never gets a live message before older ones from the log. When the catch-up
 * is done it sends what was held back and is newer than what the log gave, and the fan-out skips a message the
 * log gave already. Confined to the room's loop.
 */
final class CatchUps {
    /** Live messages held back for one member at most; past it they are dropped and the log is read once more. */
    static final int MAX_HELD_MESSAGES = 10_000;

    /** One member's catch-up: the live messages held back, and how often they overflowed. */
    static final class Held {
        private final List<ServerMessage.Message> messages = new ArrayList<>();
        private int overflows;

        /** Changes whenever held messages were dropped: a read issued before that cannot end the catch-up. */
        int overflows() {
            return overflows;
        }
    }

    private final Map<Channel, Held> held = new HashMap<>();
    /** Members caught up: the newest seq the log gave them, which the fan-out must not send again. */
    private final Map<Channel, Long> givenThrough = new HashMap<>();

    /** Starts holding back live messages for the member (again, if it was being caught up already). */
    Held hold(Channel member) {
        givenThrough.remove(member);
        Held fresh = new Held();
        held.put(member, fresh);
        return fresh;
    }

    boolean isEmpty() {
        return held.isEmpty() && givenThrough.isEmpty();
    }

    /**
     * The fan-out asks whether to send a live message to the member now: not while it is caught up (the message is
     * held back), nor when the log gave it already.
     */
    boolean sendNow(Channel member, ServerMessage.Message message) {
        Held h = held.get(member);
        if (h != null) {
            if (h.messages.size() >= MAX_HELD_MESSAGES) {
                h.messages.clear();
                h.overflows++;
            }
            h.messages.add(message);
            return false;
        }
        Long through = givenThrough.get(member);
        if (through == null) {
            return true;
        }
        if (message.seq() <= through) {
            return false;
        }
        givenThrough.remove(member); // live messages are past what the log gave: nothing more to skip
        return true;
    }

    /**
     * Ends the member's catch-up: returns the held-back messages newer than {@code logThrough} (the newest seq the log
     * gave it), in order, for the caller to send, and skips later live messages up to that seq. Null when the
     * catch-up is no longer the member's current one.
     */
    List<ServerMessage.Message> release(Channel member, Held current, long logThrough) {
        if (held.get(member) != current) {
            return null;
        }
        held.remove(member);
        List<ServerMessage.Message> newer = new ArrayList<>();
        long newest = logThrough;
        for (ServerMessage.Message message : current.messages) {
            if (message.seq() > logThrough) {
                newer.add(message);
                newest = Math.max(newest, message.seq());
            }
        }
        givenThrough.put(member, newest);
        return newer;
    }

    /** Whether the member's catch-up is still this one (it has not left the room or started another). */
    boolean isCurrent(Channel member, Held current) {
        return held.get(member) == current;
    }

    /** The member left the room: nothing is held or skipped for it. */
    void forget(Channel member) {
        held.remove(member);
        givenThrough.remove(member);
    }
}
