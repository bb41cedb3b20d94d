package chatlab.server.room;

import chatlab.protocol.v2.Wire;
import java.time.Instant;

/**
 * A registered user.
 *
 * @param name       the user's name, unique in the room
 * @param skeleton   what the name reads as ({@link chatlab.protocol.NameSkeleton}), unique in the room too
 * @param address    the address peers use to reach the user directly, as the lab's user map writes it
 * @param udpPort    where the user takes direct messages (lab users: the lab's shared port)
 * @param wire       the wire the user speaks
 * @param connection the transport's handle for the user's connection (opaque to the room)
 * @param joinedAt   when the name was registered
 */
public record Member<C>(String name, String skeleton, String address, int udpPort, Wire wire, C connection,
        Instant joinedAt) {}
