package chatlab.testbed;

import java.util.List;
import java.util.Optional;

/** The lab's network: its hosts, addresses, the chat server's DNS name and port. */
public final class LabNetwork {
    public static final String DOMAIN = "ttm4200.com";
    /** The name the lab's client resolves to find the chat server. */
    public static final String CHAT_SERVER_NAME = "chat." + DOMAIN;
    /** The lab's TCP port for the chatroom and UDP port for direct messages. */
    public static final int CHAT_PORT = 5000;
    public static final int IPV4_PREFIX_BITS = 24;
    public static final int IPV6_PREFIX_BITS = 64;
    public static final String IPV4_SUBNET = "10.20.30.0/24";
    public static final String IPV6_SUBNET = "fd00::/64";

    public static final LabHost DNSSERVER = new LabHost("dnsserver", "10.20.30.2", "fd00::2");
    public static final LabHost WEBSERVER = new LabHost("webserver", "10.20.30.3", "fd00::3");
    public static final LabHost CLIENT1 = new LabHost("client1", "10.20.30.11", "fd00::11");
    public static final LabHost CLIENT2 = new LabHost("client2", "10.20.30.12", "fd00::12");
    public static final LabHost CLIENT3 = new LabHost("client3", "10.20.30.13", "fd00::13");

    public static final List<LabHost> HOSTS = List.of(DNSSERVER, WEBSERVER, CLIENT1, CLIENT2, CLIENT3);
    public static final List<LabHost> CLIENTS = List.of(CLIENT1, CLIENT2, CLIENT3);

    /** The namespace that holds only the bridge joining the hosts (the lab network's switch). */
    public static final String SWITCH = "switch";
    /** The bridge's name inside the switch namespace. */
    public static final String BRIDGE = "br0";
    /** Each host's interface to the switch. */
    public static final String HOST_INTERFACE = "eth0";

    private LabNetwork() {}

    public static Optional<LabHost> host(String name) {
        return HOSTS.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public static Optional<LabHost> client(String name) {
        return CLIENTS.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The line that points a host's resolver at the lab's DNS server, as the lab's Docker setup does. */
    public static String resolvConf() {
        return "# written by chatlab testbed; removed by chatlab testbed down\n"
                + "nameserver " + DNSSERVER.ipv4() + "\n"
                + "search " + DOMAIN + "\n";
    }
}
