package chatlab.client.p2p;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.UserInfo;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Optional;

/**
 * Who sent a direct message, as far as a v2 client can tell: a datagram is from a user only when it comes from the
 * address <em>and</em> the UDP port the server announced for that user. Anyone on the same host (or behind the same
 * NAT address) can send from the address but not from the port the user's client holds, so the address alone would
 * let them speak as that user.
 */
public final class DatagramSenders {
    private DatagramSenders() {}

    /** The user announced at exactly {@code source}, if any (the first in the room's order). */
    public static Optional<String> announcedAt(Collection<UserInfo> users, InetSocketAddress source) {
        return users.stream().filter(user -> isAnnouncedAt(user, source)).map(UserInfo::name).findFirst();
    }

    /** Whether the server announced {@code user} at exactly {@code source} (address and port). */
    public static boolean isAnnouncedAt(UserInfo user, InetSocketAddress source) {
        return user != null && user.udpPort() != 0 && user.udpPort() == source.getPort()
                && user.address().equals(LabFormat.address(source.getAddress()));
    }

    /** How a source is shown when it matches nobody: address and port, IPv6 in brackets. */
    public static String describe(InetSocketAddress source) {
        String address = LabFormat.address(source.getAddress());
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + source.getPort();
    }
}
