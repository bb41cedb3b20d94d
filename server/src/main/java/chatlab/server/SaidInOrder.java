package chatlab.server;

import chatlab.server.room.Member;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a client said (a chat message, a whisper, a topic), handled on the room's loop in the order it was said, and
 * never before the room it is said in has been told the speaker exists. It is counted in the client's read gate until
 * handled, so a client whose words pile up (a newcomer's held for its announcement too) is paused. It runs now if
 * everyone in that room has been told about the sender, else right after the announcement that tells them
 * ({@link PresenceFeed#beforeFirstMessage}).
 *
 * <p>A held message whose sender left meanwhile and whose name is someone else's by then is dropped: relayed, the
 * room would read it as the newcomer's words (and the newcomer would get its predecessor's). A v2 sender had no ack
 * for it and resends it when it is back.
 */
final class SaidInOrder {
    private final Roster<Channel> roster;
    private final EventExecutor roomLoop;

    SaidInOrder(Roster<Channel> roster, EventExecutor roomLoop) {
        this.roster = roster;
        this.roomLoop = roomLoop;
    }

    /**
     * Runs {@code handle} with the sender and its room on the room's loop, in order; call on the connection's loop.
     *
     * @param where the room whose members must have been told of the sender first, found on the room's loop: a room
     *              the sender is in, or null (then nothing is waited for, and {@code handle} gets null)
     */
    void said(Channel from, Function<Member<Channel>, LiveRoom> where, BiConsumer<Member<Channel>, LiveRoom> handle) {
        ReadGate gate = ReadGate.of(from);
        gate.relayQueued();
        roomLoop.execute(() -> {
            Member<Channel> sender = roster.memberOf(from).orElse(null);
            if (sender == null) {
                gate.relayDone();
                return;
            }
            LiveRoom room = where.apply(sender);
            Runnable guarded = () -> {
                try {
                    if (roster.memberOf(from).isPresent() || roster.named(sender.name()).isEmpty()) {
                        handle.accept(sender, room);
                    }
                } finally {
                    gate.relayDone();
                }
            };
            if (room == null || room.presence().isAnnounced(sender)) {
                guarded.run();
            } else {
                room.presence().beforeFirstMessage(guarded);
            }
        });
    }
}
