package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Roster;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Clock;
import java.time.Instant;

/**
 * Direct messages through the server, from one user to another by name, whatever rooms either is in: a v2 recipient
 * gets a {@code whisper}, a lab recipient the relay {@code NAME: (whisper) TEXT }. The sender is acknowledged with
 * seq 0 (a whisper is in no room's order), or told there is nobody of that name. A whisper to a user of another
 * server of a cluster goes to that server ({@link Remote}). Confined to the room's event loop.
 */
final class Whispers {
    private final Clock clock;
    private final Roster<Channel> roster;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    /** Whispers to users of other servers (set once the cluster is, before the first whisper). */
    private Remote remote = Remote.NONE;

    Whispers(Clock clock, Roster<Channel> roster, Deliveries deliveries, Refusals refusals) {
        this.clock = clock;
        this.roster = roster;
        this.deliveries = deliveries;
        this.refusals = refusals;
    }

    void remote(Remote value) {
        remote = value;
    }

    void whisper(Member<Channel> sender, String id, String to, String text) {
        Channel from = sender.connection();
        var target = roster.named(to);
        if (target.isEmpty()) {
            refusals.refuse(from, Refusal.of(ErrorCode.UNKNOWN_USER, Notices.unknownUser(to)).withRef(id));
            return;
        }
        Member<Channel> recipient = target.get();
        if (RemoteChannel.isRemote(recipient.connection())) {
            // Acknowledged (or refused) when the recipient's server answers.
            remote.whisper(sender, id, recipient, text);
            return;
        }
        Instant time = clock.instant();
        deliver(sender.name(), id, text, time, recipient);
        deliveries.send(from, new ServerMessage.Ack(id, 0, time, false));
    }

    /** Writes a whisper to a user of this server (said here, or on another server of the cluster). */
    void deliver(String from, String id, String text, Instant time, Member<Channel> recipient) {
        byte[] bytes = recipient.wire() == Wire.V2
                ? v2.encode(new ServerMessage.Whisper(from, id, text, time))
                : LabFormat.relayBytes(from, "(whisper) " + text);
        ByteBuf buf = deliveries.share(bytes);
        try {
            deliveries.deliver(recipient.connection(), buf, null);
        } finally {
            buf.release();
        }
    }

    /** Whispers to the users of the other servers of a cluster. */
    interface Remote {
        /** Without a cluster there are no users of other servers. */
        Remote NONE = (sender, id, recipient, text) -> {
            throw new IllegalStateException("a user of another server without a cluster: " + recipient.name());
        };

        void whisper(Member<Channel> sender, String id, Member<Channel> recipient, String text);
    }
}
