package chatlab.server.room;

import chatlab.protocol.v2.Wire;
import java.time.Instant;

/**
 * A registered user.
 *
 * @param name       the user's name, unique in the server
 * @param skeleton   what the name reads as ({@link chatlab.protocol.NameSkeleton}), unique in the server too
 * @param address    the address peers use to reach the user directly, as the lab's user map writes it
 * @param udpPort    where the user takes direct messages (lab users: the lab's shared port)
 * @param wire       the wire the user speaks
 * @param connection the transport's handle for the user's connection (opaque to the room)
 * @param joinedAt   when the name was registered
 * @param namesRooms a v2 client that listed the feature "rooms": every room message it gets names its room, and it
 *                   may be in rooms besides the default one; without it, it is a client from before rooms, in the
 *                   default room alone, and gets exactly what it got then
 */
public record Member<C>(String name, String skeleton, String address, int udpPort, Wire wire, C connection,
        Instant joinedAt, boolean namesRooms) {}
