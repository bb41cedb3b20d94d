package chatlab.server;

import chatlab.protocol.RoomNames;
import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.Map;

/**
 * Room topics across a cluster: a topic set on any server (this one's come back too) is set on the room here and
 * announced to its members that know rooms, unless the room has it already; the topics of rooms this server does
 * not have yet are kept, and a room made here later starts with its topic. Lab clients see nothing of it (the lab
 * wire has no topics). Confined to the room's loop, except {@link #heard}, which hops onto it.
 */
final class SharedTopics {
    private final EventExecutor loop;
    private final Rooms<Channel, LiveRoom> rooms;
    private final RoomTopics topics;
    /** Every room's topic as the cluster last told it, by what the room's name reads as. */
    private final Map<String, Room.Topic> known = new HashMap<>();

    SharedTopics(EventExecutor loop, Rooms<Channel, LiveRoom> rooms, RoomTopics topics) {
        this.loop = loop;
        this.rooms = rooms;
        this.topics = topics;
    }

    /** A room's topic as set on some server (empty text: cleared). */
    void heard(String room, Room.Topic topic) {
        loop.execute(() -> {
            String key = RoomNames.key(room);
            if (topic.text().isEmpty()) {
                known.remove(key);
            } else {
                known.put(key, topic);
            }
            rooms.named(room).ifPresent(live -> {
                Room.Topic now = live.state().topic().orElse(null);
                boolean same = now == null ? topic.text().isEmpty() : now.equals(topic);
                if (!same) {
                    topics.apply(live, topic);
                }
            });
        });
    }

    /** A room is being made here: it starts with the topic the cluster has for it. */
    void made(Room<Channel> state) {
        Room.Topic topic = known.get(state.key());
        if (topic != null) {
            state.topic(topic);
        }
    }
}
