package chatlab.server.room;

import java.time.Instant;

/**
 * A registered user.
 *
 * @param name       the user's name, unique in the room
 * @param address    the address peers use to reach the user directly, as the lab's user map writes it
 * @param connection the transport's handle for the user's connection (opaque to the room)
 * @param joinedAt   when the name was registered
 */
public record Member<C>(String name, String address, C connection, Instant joinedAt) {}
