package chatlab.cluster;

import chatlab.protocol.v2.Wire;
import java.util.List;
import java.util.Objects;

/**
 * A user of another server in the cluster, as that server announces it: what a lab user map and a v2 presence list
 * show, and the rooms it is in there.
 *
 * @param address the address peers use to reach the user directly
 * @param udpPort where the user takes direct messages
 * @param rooms   the rooms it is in, in the order it joined them; null from a server that does not tell (before
 *                rooms were exchanged): the default room alone
 */
public record RemoteUser(String name, String address, int udpPort, Wire wire, List<String> rooms) {
    public RemoteUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(wire, "wire");
        rooms = rooms == null ? null : List.copyOf(rooms);
    }

    /** A user in the default room alone. */
    public RemoteUser(String name, String address, int udpPort, Wire wire) {
        this(name, address, udpPort, wire, null);
    }
}
