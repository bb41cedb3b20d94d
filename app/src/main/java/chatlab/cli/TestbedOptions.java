package chatlab.cli;

import chatlab.testbed.Testbed;
import chatlab.testbed.TestbedConfig;
import chatlab.testbed.TestbedEvents;
import chatlab.testbed.TestbedException;
import chatlab.testbed.Tools;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every testbed subcommand shares, and what they all need: root, the config, the chatlab jar. */
final class TestbedOptions {
    @Option(names = "--prefix", hidden = true, defaultValue = TestbedConfig.DEFAULT_PREFIX,
            description = "Start of every namespace's name (tests use their own so they never touch yours).")
    String prefix;

    @Option(names = "--jar", hidden = true, paramLabel = "JAR",
            description = "The chatlab jar to run inside the hosts (default: the jar this chatlab runs from).")
    Path jar;

    /** Checks for root first, so a person without it gets one line and nothing is touched. */
    Testbed testbed(PrintWriter out, PrintWriter err) {
        try {
            Tools.requireRoot();
        } catch (TestbedException e) {
            throw new UserError(e.getMessage());
        }
        TestbedConfig config;
        try {
            config = TestbedConfig.of(prefix, Optional.ofNullable(jar).or(TestbedOptions::runningJar)
                    .map(Path::toAbsolutePath));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
        return new Testbed(config, events(out, err));
    }

    static TestbedEvents events(PrintWriter out, PrintWriter err) {
        return new TestbedEvents() {
            @Override
            public void progress(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void warning(String line) {
                err.println("chatlab: warning: " + line);
                err.flush();
            }
        };
    }

    /** The jar this JVM runs chatlab from, so the hosts run the same chatlab with the same java. */
    static Optional<Path> runningJar() {
        try {
            var source = TestbedOptions.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
