package chatlab.server;

import chatlab.protocol.TextRules;
import chatlab.protocol.v2.RoomSummary;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.server.handler.ClientFeatures;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What a room says about itself: its topic, which any member may set (as on an IRC channel without mode +t) and which
 * is announced to the room's members that know rooms, and the list of rooms with their member counts and topics.
 * Confined to the room's event loop.
 */
final class RoomTopics {
    private final Clock clock;
    private final Rooms<Channel, LiveRoom> rooms;
    private final RoomConfig config;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    private final BiConsumer<String, Room.Topic> shared;

    /** @param shared hears every topic set here (a cluster tells the other servers) */
    RoomTopics(Clock clock, Rooms<Channel, LiveRoom> rooms, RoomConfig config, Deliveries deliveries,
            Refusals refusals, BiConsumer<String, Room.Topic> shared) {
        this.shared = shared;
        this.clock = clock;
        this.rooms = rooms;
        this.config = config;
        this.deliveries = deliveries;
        this.refusals = refusals;
    }

    /** Sets the topic (empty text clears it) and tells the room; the member is in the room. */
    void set(Member<Channel> member, LiveRoom room, String text) {
        int chars = text.codePointCount(0, text.length());
        if (chars > config.maxTopicChars()) {
            refusals.refuse(member.connection(), Refusal.topicTooLong(room.name(), chars, config.maxTopicChars()));
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            if (TextRules.isControl(text.charAt(i))) {
                refusals.refuse(member.connection(), Refusal.topicControlCharacter(room.name(), text.charAt(i)));
                return;
            }
        }
        Room.Topic topic = new Room.Topic(text, member.name(), clock.instant());
        apply(room, topic);
        shared.accept(room.name(), topic);
    }

    /**
     * Sets the room's topic (empty text clears it), keeps it in the room's log, and tells its members that know rooms.
     */
    void apply(LiveRoom room, Room.Topic topic) {
        room.state().topic(topic);
        room.log().storeTopic(room.state().topic().orElse(null));
        room.presence().topicChanged();
        ByteBuf bytes = deliveries.share(v2.encode(new ServerMessage.Topic(room.name(), topic.text(), topic.by(),
                topic.time())));
        try {
            for (Member<Channel> each : room.state().members()) {
                if (each.namesRooms()) {
                    deliveries.deliver(each.connection(), bytes, null);
                }
            }
        } finally {
            bytes.release();
        }
    }

    /** Sends the member every room: the default room first, then by name. */
    void list(Member<Channel> member) {
        List<LiveRoom> all = new ArrayList<>(rooms.all());
        LiveRoom first = rooms.defaultRoom();
        all.sort(Comparator.comparing((LiveRoom room) -> room != first).thenComparing(LiveRoom::name));
        List<RoomSummary> summaries = new ArrayList<>(all.size());
        for (LiveRoom room : all) {
            summaries.add(new RoomSummary(room.name(), room.state().size(),
                    room.state().topic().map(Room.Topic::text).orElse(null)));
        }
        SharedLine line = new SharedLine(deliveries.outbound(), v2, () -> v2.encode(new ServerMessage.RoomList(summaries)));
        try {
            deliveries.deliver(member.connection(), line.bytes(ClientFeatures.acceptsDeflate(member.connection())),
                    null);
        } finally {
            line.release();
        }
    }
}
