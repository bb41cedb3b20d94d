package chatlab.cluster;

import chatlab.protocol.v2.Wire;
import java.util.Objects;

/**
 * A user of another server in the cluster's default room, as that server announces it: what a lab user map and a v2
 * presence list show.
 *
 * @param address the address peers use to reach the user directly
 * @param udpPort where the user takes direct messages
 */
public record RemoteUser(String name, String address, int udpPort, Wire wire) {
    public RemoteUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(wire, "wire");
    }
}
