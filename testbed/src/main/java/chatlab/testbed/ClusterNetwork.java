package chatlab.testbed;

import java.time.Duration;
import java.util.List;

/**
 * The hosts the cluster scenario adds to the lab's network ({@code chatlab testbed run --scenario cluster}): a NATS
 * broker, two more chat servers beside webserver, and three more client hosts, so each server has a chatlab (v2)
 * client and a lab Python client. The run adds them and removes them again; {@code down} removes them too.
 */
public final class ClusterNetwork {
    public static final LabHost BROKER = new LabHost("broker", "10.20.30.4", "fd00::4");
    public static final LabHost WEBSERVER2 = new LabHost("webserver2", "10.20.30.5", "fd00::5");
    public static final LabHost WEBSERVER3 = new LabHost("webserver3", "10.20.30.6", "fd00::6");
    public static final LabHost CLIENT4 = new LabHost("client4", "10.20.30.14", "fd00::14");
    public static final LabHost CLIENT5 = new LabHost("client5", "10.20.30.15", "fd00::15");
    public static final LabHost CLIENT6 = new LabHost("client6", "10.20.30.16", "fd00::16");

    /** The hosts added to the lab's, in the order they are added. */
    public static final List<LabHost> HOSTS = List.of(BROKER, WEBSERVER2, WEBSERVER3, CLIENT4, CLIENT5, CLIENT6);
    /** The chat servers, in the order {@code chat.ttm4200.com} lists them. */
    public static final List<LabHost> SERVERS = List.of(LabNetwork.WEBSERVER, WEBSERVER2, WEBSERVER3);
    /** nats-server's client port (its default). */
    public static final int BROKER_PORT = 4222;

    /**
     * How long a server that stopped sending its roster stays in the others' lists at most: three presence
     * intervals of 5 s, checked every interval (docs/CLUSTER.md, {@code ClusterConfig.presenceInterval}).
     */
    public static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(20);
    /** What a client adds to that, measured at its screen: the update's way there on a busy two-core machine. */
    public static final Duration CLIENT_LAG = Duration.ofSeconds(2);
    /** The partition lasts longer than the presence timeout, so the other servers must drop the cut-off one's users. */
    public static final Duration PARTITION = PRESENCE_TIMEOUT.plusSeconds(5);

    private ClusterNetwork() {}

    /** The broker's URL as the servers are given it ({@code --cluster}). */
    public static String brokerUrl() {
        return "nats://" + BROKER.ipv4() + ":" + BROKER_PORT;
    }

    /** A host's name under the lab's domain ({@code webserver2.ttm4200.com}). */
    public static String dnsName(LabHost host) {
        return host.name() + "." + LabNetwork.DOMAIN;
    }
}
