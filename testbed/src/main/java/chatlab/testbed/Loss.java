package chatlab.testbed;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packet loss on the webserver's link, for {@code --loss}: this kernel has no netem, so nftables drops a share of
 * the TCP packets at two ingress hooks, both inside the testbed's namespaces. Packets to the webserver are dropped
 * as they enter it (after tcpdump on the webserver saw them); packets from it are dropped as they enter the switch
 * (after tcpdump on the webserver saw them leave). So chatserver.pcap shows each lost segment and its
 * retransmission, as a capture on a lossy link does. UDP (the direct messages) and DNS are never dropped.
 */
final class Loss {
    static final String TABLE = "chatlab_loss";

    private Loss() {}

    static void apply(Testbed testbed, int percent) throws TestbedException {
        Tools.require(Tools.NFT);
        TestbedConfig config = testbed.config();
        add(config.namespace(LabNetwork.WEBSERVER), LabNetwork.HOST_INTERFACE, percent);
        add(config.switchNamespace(), LabNetwork.WEBSERVER.name(), percent);
    }

    private static void add(String namespace, String device, int percent) throws TestbedException {
        String rules = "table netdev " + TABLE + " {\n"
                + "  chain ingress {\n"
                + "    type filter hook ingress device \"" + device + "\" priority 0; policy accept;\n"
                + "    meta l4proto tcp numgen random mod 100 < " + percent + " counter drop\n"
                + "  }\n"
                + "}\n";
        Exec.Result result = Exec.run(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), rules,
                Exec.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new TestbedException("cannot set up packet loss with nftables in " + namespace + ": "
                    + result.output().strip().lines().findFirst().orElse("exit " + result.exitCode()));
        }
    }

    /** How many packets were dropped: toward the webserver, and from it. */
    static long[] dropped(Testbed testbed) {
        TestbedConfig config = testbed.config();
        return new long[] {count(config.namespace(LabNetwork.WEBSERVER)), count(config.switchNamespace())};
    }

    private static long count(String namespace) {
        try {
            Exec.Result result = Exec.run(List.of("ip", "netns", "exec", namespace, "nft", "list", "table", "netdev", TABLE));
            Matcher m = Pattern.compile("counter packets (\\d+)").matcher(result.output());
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (TestbedException e) {
            return 0;
        }
    }

    /** Removes the rules (a testbed that stays up after the run must not keep losing packets). */
    static void remove(Testbed testbed) {
        TestbedConfig config = testbed.config();
        for (String ns : List.of(config.namespace(LabNetwork.WEBSERVER), config.switchNamespace())) {
            try {
                Exec.run(List.of("ip", "netns", "exec", ns, "nft", "delete", "table", "netdev", TABLE));
            } catch (TestbedException e) {
                // The namespace is gone, or the table was never added.
            }
        }
    }
}
