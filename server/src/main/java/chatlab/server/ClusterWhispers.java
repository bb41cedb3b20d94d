package chatlab.server;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Whispers between the servers of a cluster, with a single server's semantics for the sender: one to a user of
 * another server goes to that server ({@link ClusterLink#whisper}) and is acknowledged (seq 0) once that server has
 * given it to its user; a user that left there (or whose server is gone) is {@code unknown_user}, as on one server;
 * a cluster that cannot carry it (the broker away, or no answer within the link's request timeout) is
 * {@code cluster_unavailable} with the sentence why. One from another server is given to the user here, if there is
 * one. Confined to the room's loop, except the link's callbacks, which hop onto it.
 */
final class ClusterWhispers implements Whispers.Remote {
    private final ClusterLink link;
    private final EventExecutor loop;
    private final Clock clock;
    private final Roster<Channel> roster;
    private final Whispers whispers;
    private final Deliveries deliveries;
    private final Refusals refusals;

    ClusterWhispers(ClusterLink link, EventExecutor loop, Clock clock, Roster<Channel> roster, Whispers whispers,
            Deliveries deliveries, Refusals refusals) {
        this.link = link;
        this.loop = loop;
        this.clock = clock;
        this.roster = roster;
        this.whispers = whispers;
        this.deliveries = deliveries;
        this.refusals = refusals;
    }

    @Override
    public void whisper(Member<Channel> sender, String id, Member<Channel> recipient, String text) {
        Instant time = clock.instant();
        String server = ((RemoteChannel) recipient.connection()).server();
        Channel from = sender.connection();
        String to = recipient.name();
        link.whisper(server, new ClusterLink.Whisper(sender.name(), id, to, text, time), result -> loop.execute(() -> {
            if (result.delivered()) {
                deliveries.send(from, new ServerMessage.Ack(id, 0, time, false));
            } else if (result.failure() == null) {
                refusals.refuse(from, Refusal.of(ErrorCode.UNKNOWN_USER, Notices.unknownUser(to)).withRef(id));
            } else {
                refusals.refuse(from, Refusal.of(ErrorCode.CLUSTER_UNAVAILABLE, result.failure()).withRef(id));
            }
        }));
    }

    /** A whisper from another server: given to the user here of that name, if it is one of this server's. */
    void received(ClusterLink.Whisper whisper, Consumer<Boolean> delivered) {
        loop.execute(() -> {
            Member<Channel> recipient = roster.named(whisper.to())
                    .filter(member -> !RemoteChannel.isRemote(member.connection())).orElse(null);
            if (recipient == null || deliveries.stopping()) {
                delivered.accept(false);
                return;
            }
            whispers.deliver(whisper.from(), whisper.id(), whisper.text(), whisper.time(), recipient);
            delivered.accept(true);
        });
    }
}
