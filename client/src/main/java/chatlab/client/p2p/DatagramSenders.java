package chatlab.client.p2p;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.UserInfo;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent a direct message, as far as a client can tell. On v2 a datagram is from a user only when it comes from the
 * address <em>and</em> the UDP port the server announced for that user. Anyone on the same host (or behind the same
 * NAT address) can send from the address but not from the port the user's client holds, so the address alone would
 * let them speak as that user. The lab wire's map has addresses only, so a lab client can go by nothing else.
 */
public final class DatagramSenders {
    private DatagramSenders() {}

    /** The user announced at exactly {@code source}, if any (the first in the room's order). */
    public static Optional<String> announcedAt(Collection<UserInfo> users, InetSocketAddress source) {
        return users.stream().filter(user -> isAnnouncedAt(user, source)).map(UserInfo::name).findFirst();
    }

    /**
     * Lab wire: the first user the map lists at {@code address}, as the lab's client names the sender of a datagram
     * (the lab wire has no ports in its map).
     *
     * @param users name to address, or null before the server sent a map
     */
    public static Optional<String> firstAt(Map<String, String> users, String address) {
        return users == null ? Optional.empty()
                : users.entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey).findFirst();
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
