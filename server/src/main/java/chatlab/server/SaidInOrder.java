package chatlab.server;

import chatlab.server.room.Member;
import chatlab.server.room.Room;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;

/**
 * What a client said (a chat message or a whisper), handled on the room's loop in the order it was said, and never
 * before everyone has been told the speaker exists. It is counted in the client's read gate until handled, so a
 * client whose words pile up (a newcomer's held for its announcement too) is paused. It runs now if everyone has
 * been told about the sender, else right after the announcement that tells them
 * ({@link PresenceFeed#beforeFirstMessage}).
 *
 * <p>A held message whose sender left meanwhile and whose name is someone else's by then is dropped: relayed, the
 * room would read it as the newcomer's words (and the newcomer would get its predecessor's). A v2 sender had no ack
 * for it and resends it when it is back.
 */
final class SaidInOrder {
    private final Room<Channel> room;
    private final PresenceFeed presence;
    private final EventExecutor roomLoop;

    SaidInOrder(Room<Channel> room, PresenceFeed presence, EventExecutor roomLoop) {
        this.room = room;
        this.presence = presence;
        this.roomLoop = roomLoop;
    }

    /** Runs {@code handle} with the sender on the room's loop, in order; call on the connection's loop. */
    void said(Channel from, Consumer<Member<Channel>> handle) {
        ReadGate gate = ReadGate.of(from);
        gate.relayQueued();
        roomLoop.execute(() -> {
            Member<Channel> sender = room.memberOf(from).orElse(null);
            if (sender == null) {
                gate.relayDone();
                return;
            }
            Runnable guarded = () -> {
                try {
                    if (room.memberOf(from).isPresent() || room.named(sender.name()).isEmpty()) {
                        handle.accept(sender);
                    }
                } finally {
                    gate.relayDone();
                }
            };
            if (presence.isAnnounced(sender)) {
                guarded.run();
            } else {
                presence.beforeFirstMessage(guarded);
            }
        });
    }
}
