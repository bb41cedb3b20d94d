package chatlab.testbed;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network partition between one host and the broker, for the cluster scenario: nftables on the broker drops every
 * packet from that host as it comes in and every packet to it as it goes out, IPv4 and IPv6. Nothing is rejected
 * (no RST, no ICMP), so both ends see only silence, as when a cable or a switch between them fails. The rules sit on
 * the broker, so a capture on the cut-off host shows its unanswered retransmissions.
 */
final class Partition {
    static final String TABLE = "chatlab_partition";

    private Partition() {}

    /** Cuts {@code host} off from the broker. */
    static void apply(Testbed testbed, LabHost host) throws TestbedException {
        Tools.require(Tools.NFT);
        String rules = "table inet " + TABLE + " {\n"
                + "  chain input {\n"
                + "    type filter hook input priority 0; policy accept;\n"
                + "    ip saddr " + host.ipv4() + " counter drop\n"
                + "    ip6 saddr " + host.ipv6() + " counter drop\n"
                + "  }\n"
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    ip daddr " + host.ipv4() + " counter drop\n"
                + "    ip6 daddr " + host.ipv6() + " counter drop\n"
                + "  }\n"
                + "}\n";
        Exec.Result result = Exec.run(List.of("ip", "netns", "exec", namespace(testbed), "nft", "-f", "-"), rules,
                Exec.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new TestbedException("cannot cut " + host + " off from the broker with nftables: "
                    + result.output().strip().lines().findFirst().orElse("exit " + result.exitCode()));
        }
    }

    /** The packets dropped so far, both ways together; 0 when there are no rules. */
    static long dropped(Testbed testbed) {
        try {
            Exec.Result result = Exec.run(List.of("ip", "netns", "exec", namespace(testbed), "nft", "list", "table",
                    "inet", TABLE));
            Matcher m = Pattern.compile("counter packets (\\d+)").matcher(result.output());
            long total = 0;
            while (m.find()) {
                total += Long.parseLong(m.group(1));
            }
            return total;
        } catch (TestbedException e) {
            return 0;
        }
    }

    /** Heals the partition. Returns false when there was nothing to remove (or it could not be removed). */
    static boolean remove(Testbed testbed) {
        try {
            return Exec.run(List.of("ip", "netns", "exec", namespace(testbed), "nft", "delete", "table", "inet", TABLE))
                    .ok();
        } catch (TestbedException e) {
            return false;
        }
    }

    private static String namespace(Testbed testbed) {
        return testbed.config().namespace(ClusterNetwork.BROKER);
    }
}
