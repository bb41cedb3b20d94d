package chatlab.testbed;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the testbed lives and what it runs.
 *
 * @param prefix   starts the name of every network namespace the testbed creates, so nothing else is touched
 * @param runDir   the testbed's own files (wrapper script, the lab's Python programs, process records, raw
 *                 output of a run); removed by {@code down}
 * @param etcNetns where {@code ip netns exec} looks for per-namespace files ({@code /etc/netns}); the testbed puts
 *                 one {@code resolv.conf} per host there and removes it again
 * @param java     the java executable that runs chatlab inside the hosts
 * @param jar      the chatlab jar to run inside the hosts; empty when chatlab does not run from a jar
 * @param python   the Python 3 executable for the lab's Python programs
 */
public record TestbedConfig(String prefix, Path runDir, Path etcNetns, Path java, Optional<Path> jar, String python) {
    public static final String DEFAULT_PREFIX = "chatlab-";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,9}-");

    public TestbedConfig {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the namespace prefix must be 1 to 10 lower-case letters or digits, "
                    + "starting with a letter, followed by '-'; got '" + prefix + "'");
        }
    }

    /** The defaults for a prefix: files under /run/PREFIXtestbed, the running JVM's java. */
    public static TestbedConfig of(String prefix, Optional<Path> jar) {
        return new TestbedConfig(prefix, Path.of("/run", prefix + "testbed"), Path.of("/etc/netns"),
                Path.of(System.getProperty("java.home"), "bin", "java"), jar, "python3");
    }

    public TestbedConfig withRunDir(Path value) {
        return new TestbedConfig(prefix, value, etcNetns, java, jar, python);
    }

    public TestbedConfig withEtcNetns(Path value) {
        return new TestbedConfig(prefix, runDir, value, java, jar, python);
    }

    /** The network namespace of a host. */
    public String namespace(LabHost host) {
        return prefix + host.name();
    }

    /** The network namespace of the switch (the bridge joining the hosts). */
    public String switchNamespace() {
        return prefix + LabNetwork.SWITCH;
    }
}
