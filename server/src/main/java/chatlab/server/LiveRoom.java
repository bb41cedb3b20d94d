package chatlab.server;

import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import io.netty.channel.Channel;

/**
 * What the server keeps per room: its state (members, topic), its log (seq, storage, replay), its presence feed and
 * the members being caught up from the log. Confined to the room's loop.
 */
record LiveRoom(Room<Channel> state, RoomLog log, PresenceFeed presence, CatchUps catchUps)
        implements Rooms.Held<Channel> {
    LiveRoom(Room<Channel> state, RoomLog log, PresenceFeed presence) {
        this(state, log, presence, new CatchUps());
    }

    String name() {
        return state.name();
    }
}
