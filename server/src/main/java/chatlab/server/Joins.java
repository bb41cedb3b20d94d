package chatlab.server;

import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ClientFeatures;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Rooms;
import io.netty.channel.Channel;
import java.util.List;

/**
 * Members coming into rooms and going out of them. A member that comes in is sent the room as last announced (a
 * lab client: the room's current map at once; a v2 client from before rooms: a {@code presence} after its welcome; a
 * client with rooms: a {@code room} message), then what it missed there when it resumes, and the room's other members
 * hear of it in the room's next announcement. Confined to the room's event loop.
 */
final class Joins {
    private final Rooms<Channel, LiveRoom> rooms;
    private final RoomConfig config;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final HistorySettings history;

    Joins(Rooms<Channel, LiveRoom> rooms, RoomConfig config, Deliveries deliveries, Refusals refusals,
            HistorySettings history) {
        this.rooms = rooms;
        this.config = config;
        this.deliveries = deliveries;
        this.refusals = refusals;
        this.history = history;
    }

    /**
     * A member just registered: a lab client or a v2 client from before rooms goes into the default room (resumed
     * from {@code resume}); a client with rooms into the rooms its hello named, or into the default room.
     */
    void registered(Member<Channel> member, ClientMessage.Resume resume, List<ClientMessage.Join> requested) {
        if (!member.namesRooms()) {
            LiveRoom room = rooms.join(member, rooms.defaultRoom().name(), rooms.defaultRoom().state().key()).room();
            if (member.wire() == Wire.LAB) {
                room.presence().welcomeLab(member);
                if (history.labMessages() > 0 && room.log().keepsHistory()) {
                    CatchUp.lastMessages(room, member, history.labMessages(), false, deliveries, refusals);
                }
            } else {
                room.presence().sendSnapshot(member.connection());
                fromLog(member, room, resume);
            }
            room.presence().changed();
            return;
        }
        List<ClientMessage.Join> wanted = requested != null ? requested
                : List.of(new ClientMessage.Join(rooms.defaultRoom().name(), resume));
        for (ClientMessage.Join join : wanted) {
            var problem = RoomNames.problemWith(join.room());
            if (problem.isPresent()) {
                refusals.refuse(member.connection(), Refusal.roomNameInvalid(join.room(), problem.get()));
            } else {
                join(member, join.room(), RoomNames.key(join.room()), join.since());
            }
        }
    }

    /** A client with rooms joins one (made if there is none that reads the same), or asks for its state again. */
    void join(Member<Channel> member, String name, String key, ClientMessage.Resume since) {
        Rooms.Joining<LiveRoom> joining = rooms.join(member, name, key);
        switch (joining.outcome()) {
            case JOINED -> {
                entered(member, joining.room(), since, true);
                joining.room().presence().changed();
            }
            case ALREADY_IN -> entered(member, joining.room(), since, false);
            case TOO_MANY_FOR_CLIENT -> refusals.refuse(member.connection(),
                    Refusal.tooManyRooms(name, config.maxRoomsPerClient()));
            case SERVER_FULL -> refusals.refuse(member.connection(), Refusal.roomsFull(name, config.maxRooms()));
        }
    }

    /** @param fresh it was not in the room: a newcomer with "history" gets the room's last messages */
    private void entered(Member<Channel> member, LiveRoom room, ClientMessage.Resume since, boolean fresh) {
        room.presence().sendState(member.connection());
        if (fresh || since != null) {
            fromLog(member, room, since);
        }
    }

    /**
     * What a v2 member that just came into a room gets from its log: a client that comes back, what it missed (from
     * the same epoch: everything after the seq it saw; from another, with the feature "history", the room's last
     * messages as for a newcomer, and without it what this run relayed, at most the last 1,000); a newcomer with the
     * feature "history", the room's last messages, marked as history.
     */
    private void fromLog(Member<Channel> member, LiveRoom room, ClientMessage.Resume since) {
        boolean sameEpoch = since != null && room.log().epoch().equals(since.epoch());
        boolean wantsHistory = room.log().keepsHistory() && history.onJoinMessages() > 0
                && ClientFeatures.wantsHistory(member.connection());
        if (sameEpoch) {
            CatchUp.after(room, member, since.seq(), deliveries, refusals);
        } else if (wantsHistory) {
            CatchUp.lastMessages(room, member, history.onJoinMessages(), true, deliveries, refusals);
        } else if (since != null) {
            CatchUp.after(room, member, room.log().anotherEpochFrom(), deliveries, refusals);
        }
    }

    /** A client with rooms leaves one; confirmed with {@code part}, and the room hears it in its next announcement. */
    void part(Member<Channel> member, String name) {
        LiveRoom room = rooms.named(name).orElse(null);
        if (room == null || !rooms.part(member, room)) {
            refusals.refuse(member.connection(), Refusal.notInRoom(name));
            return;
        }
        room.catchUps().forget(member.connection());
        room.presence().left(member, Notices.PARTED);
        deliveries.send(member.connection(), new ServerMessage.Parted(room.name()));
    }

    /** The member left the server: every room it was in hears why. */
    void leftServer(Member<Channel> member, String reason) {
        for (LiveRoom room : rooms.leaveAll(member)) {
            room.catchUps().forget(member.connection());
            room.presence().left(member, reason);
        }
    }

    /** The room the member is in under that name (null: the default room), or null when it is not in one. */
    LiveRoom roomOf(Member<Channel> member, String name) {
        LiveRoom room = name == null ? rooms.defaultRoom() : rooms.named(name).orElse(null);
        return room != null && room.state().has(member) ? room : null;
    }

    String defaultRoomName() {
        return rooms.defaultRoom().name();
    }

    /** The default room, when the member is in it (a whisper waits for its announcement there). */
    LiveRoom defaultRoomOf(Member<Channel> member) {
        return roomOf(member, null);
    }
}
