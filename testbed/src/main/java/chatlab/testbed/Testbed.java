package chatlab.testbed;

import chatlab.labpython.LabPythonPrograms;
import chatlab.proc.Stopper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's network on this machine: one network namespace per host ({@code dnsserver}, {@code webserver},
 * {@code client1..3}), each with the lab's IPv4 and IPv6 address on its {@code eth0}, all joined by a bridge that
 * lives in a namespace of its own, and dnsmasq on dnsserver answering {@code chat.ttm4200.com}. Nothing is added to
 * the machine's own network namespace.
 */
public final class Testbed {
    /** What {@link #state()} finds. */
    public enum State { DOWN, UP, PARTIAL }

    /** How long dnsmasq gets to open its socket. */
    private static final Duration DNS_START_TIMEOUT = Duration.ofSeconds(10);
    private static final String READY = "ready";
    private static final String PROCESSES = "processes";
    private static final String CREATED_ETC_NETNS = "created-etc-netns";
    static final String DNSMASQ_LABEL = "dnsmasq";

    private final TestbedConfig config;
    private final TestbedEvents events;

    public Testbed(TestbedConfig config, TestbedEvents events) {
        this.config = config;
        this.events = events;
    }

    public TestbedConfig config() {
        return config;
    }

    /** The namespaces with this testbed's prefix that exist now. */
    public List<String> namespaces() {
        Path netns = Path.of("/run/netns");
        if (!Files.isDirectory(netns)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(netns)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(config.prefix())).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every namespace a complete testbed has: the switch first, then the hosts. */
    public List<String> expectedNamespaces() {
        List<String> names = new ArrayList<>();
        names.add(config.switchNamespace());
        LabNetwork.HOSTS.forEach(h -> names.add(config.namespace(h)));
        return names;
    }

    public State state() {
        List<String> present = namespaces();
        boolean runDir = Files.exists(config.runDir());
        if (present.isEmpty() && !runDir) {
            return State.DOWN;
        }
        boolean complete = present.containsAll(expectedNamespaces()) && Files.exists(config.runDir().resolve(READY))
                && dnsmasq().isPresent();
        return complete ? State.UP : State.PARTIAL;
    }

    /**
     * Brings the testbed up. Returns true when it was created, false when a complete one was already there (it is
     * reused, never doubled). A partial one is refused: {@code down} first. Anything that fails midway is undone.
     */
    public boolean up() throws TestbedException {
        Tools.requireAll(List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ));
        // Creating the switch namespace is the lock: of two `up` at once, exactly one creates it.
        Exec.Result created = Exec.run(List.of("ip", "netns", "add", config.switchNamespace()));
        if (!created.ok()) {
            if (state() == State.UP) {
                return false;
            }
            if (namespaces().contains(config.switchNamespace())) {
                throw new TestbedException("an incomplete testbed exists (namespaces " + String.join(", ", namespaces())
                        + "), or another `chatlab testbed up` is building it; run `chatlab testbed down` first");
            }
            throw new TestbedException(created.describe());
        }
        try {
            build();
            return true;
        } catch (TestbedException | RuntimeException e) {
            events.warning("setting up failed; removing what was created");
            down();
            throw e;
        }
    }

    private void build() throws TestbedException {
        Files_createDirectories(config.runDir());
        String sw = config.switchNamespace();
        // The switch has no addresses at all: no IPv6 either, so it never sends anything of its own.
        inNamespace(sw, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && "
                + "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
        ip("-n", sw, "link", "set", "lo", "up");
        ip("-n", sw, "link", "add", LabNetwork.BRIDGE, "type", "bridge", "stp_state", "0");
        ip("-n", sw, "link", "set", LabNetwork.BRIDGE, "up");
        boolean ethtool = Tools.find(Tools.ETHTOOL.command()).isPresent();
        if (!ethtool) {
            events.warning("ethtool is missing (apt-get install ethtool): captured TCP and UDP checksums will look wrong");
        }
        for (LabHost host : LabNetwork.HOSTS) {
            addHost(host, ethtool);
        }
        writeWrapper();
        LabPythonPrograms.extractTo(pythonDir());
        writeChatRecords(List.of(LabNetwork.WEBSERVER));
        startDnsmasq();
        checkDns();
        writeString(config.runDir().resolve(READY), Instant.now() + "\n");
    }

    /**
     * Adds a host to the network: its namespace, its cable to the switch, its addresses and its resolv.conf. The
     * lab's hosts are added by {@link #up}; the cluster scenario adds its own ({@link ClusterNetwork}) and
     * {@link #down} removes them with the rest (every namespace with the testbed's prefix).
     */
    void addHost(LabHost host, boolean ethtool) throws TestbedException {
        String sw = config.switchNamespace();
        String ns = config.namespace(host);
        ip("netns", "add", ns);
        // Both ends of the cable are created inside namespaces: the host's eth0 never exists in the root one.
        ip("-n", sw, "link", "add", host.name(), "type", "veth", "peer", "name", LabNetwork.HOST_INTERFACE,
                "netns", ns);
        ip("-n", sw, "link", "set", host.name(), "master", LabNetwork.BRIDGE, "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "link", "set", LabNetwork.HOST_INTERFACE, "address", host.mac());
        ip("-n", ns, "addr", "add", host.ipv4() + "/" + LabNetwork.IPV4_PREFIX_BITS, "dev", LabNetwork.HOST_INTERFACE);
        // nodad: the address is usable at once instead of after duplicate address detection.
        ip("-n", ns, "addr", "add", host.ipv6() + "/" + LabNetwork.IPV6_PREFIX_BITS, "dev",
                LabNetwork.HOST_INTERFACE, "nodad");
        ip("-n", ns, "link", "set", LabNetwork.HOST_INTERFACE, "up");
        if (ethtool) {
            // veth hands checksums to "hardware" that never computes them; make the kernel compute them.
            inNamespace(ns, "ethtool", "-K", LabNetwork.HOST_INTERFACE, "tx", "off");
        }
        writeResolvConf(ns);
    }

    /** Removes a host {@link #addHost} added (its namespace takes its cable with it) and its resolv.conf. */
    void removeHost(LabHost host) {
        String ns = config.namespace(host);
        for (long pid : pidsIn(ns)) {
            ProcessHandle.of(pid).ifPresent(p -> Stopper.stop(p, Pids.STOP_GRACE));
        }
        try {
            Exec.run(List.of("ip", "netns", "delete", ns));
        } catch (TestbedException e) {
            events.warning(e.getMessage());
        }
        Path dir = config.etcNetns().resolve(ns);
        deleteQuietly(dir.resolve("resolv.conf"));
        deleteQuietly(dir);
    }

    /**
     * Makes {@link LabNetwork#CHAT_SERVER_NAME} answer with these hosts' addresses, in this order (A and AAAA), and
     * gives every host of {@link ClusterNetwork} a name: dnsmasq reads them from its hosts file ({@code
     * --addn-hosts}) again on SIGHUP. {@link #up} points the name at webserver alone, as in the lab.
     */
    void chatServers(List<LabHost> servers) throws TestbedException {
        writeChatRecords(servers);
        Optional<ProcessRecord> dns = dnsmasq();
        if (dns.isEmpty()) {
            throw new TestbedException("dnsmasq is not running on dnsserver; run `chatlab testbed down` and try again");
        }
        Exec.check(List.of("kill", "-HUP", Long.toString(dns.get().pid())));
    }

    private void writeChatRecords(List<LabHost> servers) throws TestbedException {
        StringBuilder hosts = new StringBuilder("# written by chatlab testbed: read by dnsmasq (--addn-hosts), again on SIGHUP\n");
        for (LabHost server : servers) {
            hosts.append(server.ipv4()).append(' ').append(LabNetwork.CHAT_SERVER_NAME).append('\n');
        }
        for (LabHost server : servers) {
            hosts.append(server.ipv6()).append(' ').append(LabNetwork.CHAT_SERVER_NAME).append('\n');
        }
        for (LabHost host : ClusterNetwork.HOSTS) {
            String name = ClusterNetwork.dnsName(host);
            hosts.append(host.ipv4()).append(' ').append(name).append('\n');
            hosts.append(host.ipv6()).append(' ').append(name).append('\n');
        }
        writeString(hostsFile(), hosts.toString());
    }

    private Path hostsFile() {
        return config.runDir().resolve("hosts");
    }

    /**
     * Takes the testbed down: ends every process it started and any other process still inside its namespaces
     * (by PID), deletes the namespaces, the resolv.conf files and its own directory. Safe to call any number of
     * times, on a partial testbed, or with none at all. Returns what it did, one line each.
     */
    public List<String> down() {
        // An interrupted command (Ctrl-C) still gets a complete clean-up.
        boolean interrupted = Thread.interrupted();
        try {
            return removeEverything();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<String> removeEverything() {
        List<String> done = new ArrayList<>();
        for (ProcessRecord record : records()) {
            Pids.alive(record.pid(), Optional.of(record.started())).ifPresent(p -> {
                Stopper.stop(p, Pids.STOP_GRACE);
                done.add("stopped " + record.label() + " (pid " + record.pid() + ")");
            });
        }
        List<String> present = new ArrayList<>(namespaces());
        // Hosts before the switch, so no veth is left dangling while its peer goes.
        present.sort(Comparator.comparing((String n) -> n.equals(config.switchNamespace())));
        for (String ns : present) {
            for (long pid : pidsIn(ns)) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    String command = p.info().command().orElse("?");
                    Stopper.stop(p, Pids.STOP_GRACE);
                    done.add("stopped " + Path.of(command).getFileName() + " (pid " + pid + ") in " + ns);
                });
            }
        }
        for (String ns : present) {
            try {
                Exec.Result result = Exec.run(List.of("ip", "netns", "delete", ns));
                if (result.ok()) {
                    done.add("deleted namespace " + ns);
                } else {
                    events.warning(result.describe());
                }
            } catch (TestbedException e) {
                events.warning(e.getMessage());
            }
        }
        List<String> withResolvConf = new ArrayList<>(expectedNamespaces());
        ClusterNetwork.HOSTS.forEach(h -> withResolvConf.add(config.namespace(h)));
        for (String ns : withResolvConf) {
            Path dir = config.etcNetns().resolve(ns);
            if (deleteQuietly(dir.resolve("resolv.conf")) | deleteQuietly(dir)) {
                done.add("removed " + dir);
            }
        }
        if (Files.exists(config.runDir().resolve(CREATED_ETC_NETNS))) {
            try {
                Files.deleteIfExists(config.etcNetns());
            } catch (DirectoryNotEmptyException e) {
                // Someone else keeps files there too.
            } catch (IOException e) {
                events.warning("cannot remove " + config.etcNetns() + ": " + e.getMessage());
            }
        }
        if (deleteTree(config.runDir())) {
            done.add("removed " + config.runDir());
        }
        return done;
    }

    /** A description of the testbed, one line each, for `chatlab testbed status`. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        State state = state();
        if (state == State.DOWN) {
            lines.add("The testbed is down. Bring it up with `chatlab testbed up`.");
            return lines;
        }
        lines.add(state == State.UP ? "The testbed is up." :
                "The testbed is incomplete (a failed or interrupted `up`?); `chatlab testbed down` removes it.");
        List<String> present = namespaces();
        lines.add(String.format("  %-10s %-14s %-10s %-18s %s", "host", "IPv4", "IPv6", "namespace", "processes"));
        for (LabHost host : LabNetwork.HOSTS) {
            String ns = config.namespace(host);
            if (!present.contains(ns)) {
                lines.add(String.format("  %-10s %-14s %-10s %-18s %s", host.name(), host.ipv4(), host.ipv6(), ns, "(missing)"));
                continue;
            }
            List<String> processes = new ArrayList<>();
            for (long pid : pidsIn(ns)) {
                ProcessHandle.of(pid).ifPresent(p -> processes.add(
                        Path.of(p.info().command().orElse("?")).getFileName() + " " + pid));
            }
            lines.add(String.format("  %-10s %-14s %-10s %-18s %s", host.name(), host.ipv4(), host.ipv6(), ns,
                    processes.isEmpty() ? "-" : String.join(", ", processes)));
        }
        lines.add("  switch: bridge " + LabNetwork.BRIDGE + " in namespace " + config.switchNamespace()
                + (present.contains(config.switchNamespace()) ? "" : " (missing)"));
        Optional<ProcessRecord> dns = dnsmasq();
        lines.add("  DNS: " + LabNetwork.CHAT_SERVER_NAME + " -> " + LabNetwork.WEBSERVER.ipv4() + ", "
                + LabNetwork.WEBSERVER.ipv6() + (dns.isPresent() ? " (dnsmasq on dnsserver, pid " + dns.get().pid() + ")"
                : " (dnsmasq is NOT running)"));
        lines.add("Open a shell on a host with `chatlab testbed shell client1`; take everything down with "
                + "`chatlab testbed down`.");
        return lines;
    }

    /** The command line that runs {@code command} inside the host's namespace (with its resolv.conf). */
    public List<String> onHost(LabHost host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", config.namespace(host)));
        full.addAll(command);
        return full;
    }

    /**
     * The command line that runs {@code command} inside the host's namespace in a session of its own, so a Ctrl-C
     * at the terminal reaches only chatlab, which then stops everything in order. Both setsid and ip replace
     * themselves with the command, so the started process's PID is the command's.
     */
    List<String> onHostDetached(LabHost host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(onHost(host, command));
        return full;
    }

    /** The directory holding the lab's Python programs for the hosts. */
    public Path pythonDir() {
        return config.runDir().resolve("python");
    }

    /** The directory with the `chatlab` wrapper that the hosts' shells find first on PATH. */
    public Path binDir() {
        return config.runDir().resolve("bin");
    }

    /** PIDs of the processes inside a namespace of this testbed. */
    List<Long> pidsIn(String namespace) {
        try {
            Exec.Result result = Exec.run(List.of("ip", "netns", "pids", namespace));
            if (!result.ok()) {
                return List.of();
            }
            return result.output().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                    .filter(pid -> pid != ProcessHandle.current().pid()).toList();
        } catch (TestbedException e) {
            return List.of();
        }
    }

    /** The running dnsmasq this testbed started, if it is still alive. */
    Optional<ProcessRecord> dnsmasq() {
        return records().stream().filter(r -> r.label().equals(DNSMASQ_LABEL))
                .filter(r -> Pids.alive(r.pid(), Optional.of(r.started())).isPresent()).findFirst();
    }

    /** A process that outlives the command that started it, recorded so `down` can end it by PID. */
    record ProcessRecord(String label, long pid, Instant started) {}

    List<ProcessRecord> records() {
        Path file = config.runDir().resolve(PROCESSES);
        List<ProcessRecord> records = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 3) {
                    records.add(new ProcessRecord(parts[0], Long.parseLong(parts[1]), Instant.parse(parts[2])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // No records (down already ran, or up never got that far).
        }
        return records;
    }

    private void record(String label, Process process) throws TestbedException {
        Instant started = process.toHandle().info().startInstant().orElse(Instant.EPOCH);
        try {
            Files.writeString(config.runDir().resolve(PROCESSES), label + " " + process.pid() + " " + started + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TestbedException("cannot write " + config.runDir().resolve(PROCESSES) + ": " + e.getMessage(), e);
        }
    }

    private void startDnsmasq() throws TestbedException {
        LabHost dns = LabNetwork.DNSSERVER;
        List<String> command = new ArrayList<>(List.of(Tools.require(Tools.DNSMASQ).toString(),
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
                "--bind-interfaces", "--listen-address=" + dns.ipv4(), "--listen-address=" + dns.ipv6(),
                "--user=root", "--group=root", "--pid-file=", "--log-queries", "--log-facility=-",
                // Only local answers: nothing is ever forwarded, and other names get NXDOMAIN.
                "--local=/" + LabNetwork.DOMAIN + "/", "--domain-needed", "--bogus-priv",
                // chat.ttm4200.com and the cluster's hosts: a file, so a run can change them (chatServers).
                "--addn-hosts=" + hostsFile()));
        for (LabHost host : LabNetwork.HOSTS) {
            command.add("--host-record=" + host.name() + "." + LabNetwork.DOMAIN + "," + host.ipv4() + "," + host.ipv6());
        }
        Path log = config.runDir().resolve("dnsmasq.log");
        Process process;
        try {
            process = new ProcessBuilder(onHostDetached(dns, command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new TestbedException("cannot start dnsmasq: " + e.getMessage(), e);
        }
        record(DNSMASQ_LABEL, process);
        long deadline = System.nanoTime() + DNS_START_TIMEOUT.toNanos();
        while (SocketTable.read(process.pid()).stream().noneMatch(s -> !s.tcp() && s.localPort() == 53)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = readQuietly(log).strip().lines().reduce((a, b) -> b).orElse("no output");
                throw new TestbedException("dnsmasq did not start on dnsserver: " + why);
            }
            sleep(20);
        }
    }

    /** Asks the lab's DNS server from client1, as the lab's client will. */
    private void checkDns() throws TestbedException {
        if (Tools.find("getent").isEmpty()) {
            return;
        }
        Exec.Result result = Exec.run(onHost(LabNetwork.CLIENT1, List.of("getent", "ahostsv4", LabNetwork.CHAT_SERVER_NAME)));
        if (!result.ok() || !result.output().contains(LabNetwork.WEBSERVER.ipv4())) {
            throw new TestbedException("client1 cannot resolve " + LabNetwork.CHAT_SERVER_NAME + " through dnsserver ("
                    + result.describe() + ")");
        }
    }

    private void writeResolvConf(String ns) throws TestbedException {
        Path etc = config.etcNetns();
        if (!Files.isDirectory(etc)) {
            Files_createDirectories(etc);
            writeString(config.runDir().resolve(CREATED_ETC_NETNS), etc + "\n");
        }
        Files_createDirectories(etc.resolve(ns));
        writeString(etc.resolve(ns).resolve("resolv.conf"), LabNetwork.resolvConf());
    }

    private void writeWrapper() throws TestbedException {
        Files_createDirectories(binDir());
        Path wrapper = binDir().resolve("chatlab");
        Optional<Path> copy = Optional.empty();
        if (config.jar().isPresent()) {
            // A copy, so rebuilding the jar never pulls it from under a chatlab running on a host.
            copy = Optional.of(binDir().resolve("chatlab.jar"));
            try {
                Files.copy(config.jar().get(), copy.get(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new TestbedException("cannot copy " + config.jar().get() + " to " + copy.get() + ": "
                        + e.getMessage(), e);
            }
        }
        String run = copy.map(jar -> "exec " + quote(config.java().toString()) + " -jar " + quote(jar.toString())
                + " \"$@\"\n").orElse("echo 'chatlab: this testbed was started without the chatlab jar' >&2\nexit 1\n");
        writeString(wrapper, "#!/bin/sh\n# chatlab on a testbed host: the same java and jar as the `chatlab testbed` "
                + "that made this testbed.\n" + run);
        try {
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new TestbedException("cannot make " + wrapper + " executable: " + e.getMessage(), e);
        }
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private void ip(String... args) throws TestbedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Exec.check(command);
    }

    private void inNamespace(String ns, String... command) throws TestbedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        Exec.check(full);
    }

    private static void Files_createDirectories(Path dir) throws TestbedException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TestbedException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeString(Path file, String text) throws TestbedException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private boolean deleteQuietly(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            events.warning("cannot remove " + path + ": " + e.getMessage());
            return false;
        }
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    boolean deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException e) {
            events.warning("cannot remove " + root + ": " + e.getMessage());
            return false;
        }
    }

    static void sleep(long millis) throws TestbedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted", e);
        }
    }
}
