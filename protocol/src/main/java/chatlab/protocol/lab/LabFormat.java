package chatlab.protocol.lab;

import chatlab.wire.Ipv6Text;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The byte layouts of the lab wire, as the lab's completed Python server writes them. */
public final class LabFormat {
    /** First byte of a user-map update. */
    public static final byte USER_MAP_MARKER = '!';
    /** The lab uses one port for the server's TCP socket and every client's UDP socket. */
    public static final int DEFAULT_PORT = 5000;
    /** Name under which the server speaks to a client (reserved, so no user can impersonate it). */
    public static final String SERVER_NAME = "server";

    private LabFormat() {}

    /** {@code NAME + ": " + TEXT + " "}: the lab server's relay keeps that trailing space. */
    public static String relay(String name, String text) {
        return name + ": " + text + " ";
    }

    /**
     * The relay as a lab client receives it: one {@code NAME: TEXT }, or, when that would be longer than
     * {@link LabRelayParts#LAB_CLIENT_READ_BYTES}, several such relays, one per part of the text.
     */
    public static byte[] relayBytes(String name, String text) {
        return LabRelayParts.encode(name, text);
    }

    /** A notice from the server, shaped like a relay from the reserved user {@value #SERVER_NAME}. */
    public static byte[] noticeBytes(String text) {
        return relayBytes(SERVER_NAME, text);
    }

    /** {@code "!" + json.dumps(users)}, as the lab's server sends it. */
    public static byte[] userMapBytes(Map<String, String> users) {
        return ("!" + PythonJson.dumps(users)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The map as chatlab's server sends it to lab clients: {@link #userMapBytes} followed by spaces up to the lab
     * client's 1024-byte read, when it is shorter. The lab client parses each read alone with {@code json.loads},
     * which fails (and ends its receive thread) when anything but JSON whitespace follows the map in the read: a
     * newcomer's name and first message sent together put the map and that message in one write. Padded, the map
     * fills the read and what follows comes in the next. A longer map cannot be read by the lab client at all.
     */
    public static byte[] paddedUserMapBytes(Map<String, String> users) {
        return padded(userMapBytes(users));
    }

    /**
     * One user's entry of a map, {@code "NAME": "ADDRESS"}, as {@code json.dumps} writes it (pure ASCII): a server
     * that keeps each member's entry encoded makes the map by joining them ({@link #paddedUserMapBytes(byte[], int)}).
     */
    public static byte[] userMapEntryBytes(String name, String address) {
        return PythonJson.entry(name, address).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The padded map ({@link #paddedUserMapBytes(Map)}) from its entries, already encoded
     * ({@link #userMapEntryBytes}) and joined with {@code ", "}: the first {@code length} bytes of {@code entries}.
     */
    public static byte[] paddedUserMapBytes(byte[] entries, int length) {
        byte[] map = new byte[length + 3];
        map[0] = USER_MAP_MARKER;
        map[1] = '{';
        System.arraycopy(entries, 0, map, 2, length);
        map[length + 2] = '}';
        return padded(map);
    }

    private static byte[] padded(byte[] map) {
        if (map.length >= LabRelayParts.LAB_CLIENT_READ_BYTES) {
            return map;
        }
        byte[] padded = Arrays.copyOf(map, LabRelayParts.LAB_CLIENT_READ_BYTES);
        Arrays.fill(padded, map.length, padded.length, (byte) ' ');
        return padded;
    }

    /**
     * The address a peer must use to reach a client, formatted as Python's {@code getpeername()[0]}: dotted
     * IPv4 (an IPv4-mapped IPv6 address becomes plain IPv4), RFC 5952 text for IPv6 with the scope of a
     * link-local address.
     */
    public static String address(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        if (isIpv4Mapped(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        String text = Ipv6Text.format(b);
        if (address instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
            if (v6.getScopedInterface() != null) {
                return text + "%" + v6.getScopedInterface().getName();
            }
            if (v6.getScopeId() != 0) {
                return text + "%" + v6.getScopeId();
            }
        }
        return text;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
