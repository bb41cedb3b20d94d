package chatlab.check.sandbox;

import chatlab.testbed.LabHost;
import chatlab.testbed.LabNetwork;
import chatlab.testbed.TestbedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code hosts} file per lab host, which {@code ip netns exec} puts in place of {@code /etc/hosts} for programs
 * in that host's namespace (next to the testbed's {@code resolv.conf}). It maps the host's name to its address, as
 * Docker does in the lab's containers, so an unmodified {@code gethostbyname(gethostname())} finds the lab address
 * (each program also gets that host name, in a UTS namespace of its own).
 */
final class HostsFiles {
    static final String FILE = "hosts";

    private HostsFiles() {}

    static void write(TestbedConfig config) throws IOException {
        for (LabHost host : LabNetwork.HOSTS) {
            Path dir = config.etcNetns().resolve(config.namespace(host));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FILE), text(host), StandardCharsets.UTF_8);
        }
    }

    static String text(LabHost host) {
        return "# written by chatlab check for the lab host " + host.name() + "; removed when the check ends\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + host.ipv4() + "\t" + host.name() + "." + LabNetwork.DOMAIN + "\t" + host.name() + "\n";
    }

    /** Removes the files (before the testbed removes its own and the folders). */
    static void remove(TestbedConfig config) {
        for (LabHost host : LabNetwork.HOSTS) {
            try {
                Files.deleteIfExists(config.etcNetns().resolve(config.namespace(host)).resolve(FILE));
            } catch (IOException ignored) {
                // The testbed's clean-up says what it cannot remove.
            }
        }
    }
}
