package chatlab.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The programs the testbed needs, found before anything is changed, so a missing one is one clear line instead of
 * a half-built network.
 */
public final class Tools {
    /** A program and the Debian package that holds it. */
    public record Tool(String command, String debianPackage, String why) {}

    public static final Tool IP = new Tool("ip", "iproute2", "creates the network namespaces");
    public static final Tool SETSID = new Tool("setsid", "util-linux", "starts the hosts' processes in sessions of their own");
    public static final Tool DNSMASQ = new Tool("dnsmasq", "dnsmasq-base", "is the DNS server on dnsserver");
    public static final Tool TCPDUMP = new Tool("tcpdump", "tcpdump", "captures the traffic");
    public static final Tool ETHTOOL = new Tool("ethtool", "ethtool", "turns checksum offload off so captured checksums are real");
    public static final Tool NFT = new Tool("nft", "nftables", "drops packets for --loss and for the cluster scenario's partition");
    public static final Tool NATS_SERVER = new Tool("nats-server", "nats-server", "is the cluster scenario's message broker");

    /** Where programs are looked for after PATH: sudo and cron often leave the sbin directories out. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Tools() {}

    /** Finds a program on PATH or in the usual system directories. */
    public static Optional<Path> find(String command) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Throws a one-line explanation when a program is missing. */
    public static Path require(Tool tool) throws TestbedException {
        return find(tool.command()).orElseThrow(() -> new TestbedException("chatlab testbed needs " + tool.command()
                + ", which " + tool.why() + ", and it is not installed; on Debian: apt-get install " + tool.debianPackage()));
    }

    /** Checks every program in the list and names all missing ones in one line. */
    public static void requireAll(List<Tool> tools) throws TestbedException {
        List<Tool> missing = new ArrayList<>();
        for (Tool tool : tools) {
            if (find(tool.command()).isEmpty()) {
                missing.add(tool);
            }
        }
        if (missing.size() == 1) {
            require(missing.get(0));
        } else if (!missing.isEmpty()) {
            throw new TestbedException("chatlab testbed needs programs that are not installed ("
                    + String.join(", ", missing.stream().map(Tool::command).toList()) + "); on Debian: apt-get install "
                    + String.join(" ", missing.stream().map(Tool::debianPackage).distinct().toList()));
        }
    }

    /** The effective user id from /proc/self/status, or -1 when it cannot be read (not Linux). */
    public static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The testbed creates network namespaces: only Linux, only root. */
    public static void requireRoot() throws TestbedException {
        requireRoot(System.getProperty("os.name", ""), effectiveUid());
    }

    static void requireRoot(String osName, int uid) throws TestbedException {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            throw new TestbedException("chatlab testbed needs Linux (it uses network namespaces); this is " + osName);
        }
        if (uid != 0) {
            throw new TestbedException("chatlab testbed needs root, because it creates network namespaces; "
                    + "run it with sudo (or as root)");
        }
    }
}
