package chatlab.testbed;

/**
 * One host of the lab's network, as in the lab's Docker setup.
 *
 * @param name the host's name (also the last part of its network namespace's name)
 * @param ipv4 its IPv4 address in 10.20.30.0/24
 * @param ipv6 its IPv6 address in fd00::/64
 */
public record LabHost(String name, String ipv4, String ipv6) {
    /** A locally administered MAC address that ends in the host's last IPv4 byte, so captures are easy to read. */
    public String mac() {
        int last = Integer.parseInt(ipv4.substring(ipv4.lastIndexOf('.') + 1));
        return String.format("02:00:0a:14:1e:%02x", last);
    }

    @Override
    public String toString() {
        return name;
    }
}
