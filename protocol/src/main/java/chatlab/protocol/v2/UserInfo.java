package chatlab.protocol.v2;

import java.time.Instant;

/**
 * A user as v2 presence describes it.
 *
 * @param udpPort where the user takes direct messages (for lab users: the lab's shared port); 0 when unknown
 */
public record UserInfo(String name, String address, int udpPort, Wire wire, Instant joined) {}
