package chatlab.server;

import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import io.netty.channel.Channel;

/**
 * What the server keeps per room: its state (members, topic), its log (seq and replay) and its presence feed.
 * Confined to the room's loop.
 */
record LiveRoom(Room<Channel> state, RoomLog log, PresenceFeed presence) implements Rooms.Held<Channel> {
    String name() {
        return state.name();
    }
}
