package chatlab.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the load goes: a server on the loopback, and nowhere else. Only address literals in 127.0.0.0/8, {@code ::1}
 * and the name {@code localhost} (taken as 127.0.0.1, never looked up) are accepted, so the bench never resolves a name
 * nor sends a byte off this machine.
 */
public final class LoopbackTarget {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]+)):(\\d{1,5})");

    private LoopbackTarget() {}

    /**
     * Parses {@code HOST:PORT} ({@code [::1]:PORT} for IPv6).
     *
     * @throws IllegalArgumentException with one sentence saying what is wrong, for anything but a loopback target
     */
    public static InetSocketAddress parse(String text) {
        Matcher matcher = HOST_PORT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--target must be HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000, not '"
                    + text + "'");
        }
        int port = Integer.parseInt(matcher.group(3));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the port of --target must be between 1 and 65535, not " + port);
        }
        String host = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        return new InetSocketAddress(address(host), port);
    }

    /** The loopback address {@code host} names; refuses every other address, and names other than localhost. */
    public static InetAddress address(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return v4(127, 0, 0, 1);
        }
        Matcher v4 = IPV4.matcher(host);
        if (v4.matches()) {
            int[] parts = new int[4];
            for (int i = 0; i < 4; i++) {
                parts[i] = Integer.parseInt(v4.group(i + 1));
                if (parts[i] > 255) {
                    throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
                }
            }
            if (parts[0] != 127) {
                throw refusal(host);
            }
            return v4(parts[0], parts[1], parts[2], parts[3]);
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:]+")) {
            InetAddress address = literal(host); // a literal: no lookup happens
            if (!address.isLoopbackAddress()) {
                throw refusal(host);
            }
            return address;
        }
        throw new IllegalArgumentException("the bench only loads a server on this machine's loopback: give an address "
                + "in 127.0.0.0/8 or ::1 (or localhost), not the name '" + host + "'");
    }

    private static IllegalArgumentException refusal(String host) {
        return new IllegalArgumentException("the bench only loads a server on this machine's loopback (127.0.0.0/8 or "
                + "::1); " + host + " is not a loopback address");
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
    }

    public static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
