package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module direction of ARCHITECTURE.md true for all sources, tests included (Maven only guards the
 * compile scope): the wire facts stand on the JDK alone, capture knows nothing of Netty or the chat (only the wire
 * facts), server and client never import each other, and only the app sees everything.
 */
class ModuleDirectionTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> violations(String module, String... forbiddenPrefixes) throws IOException {
        List<String> found = new ArrayList<>();
        Path src = ROOT.resolve(module).resolve("src");
        assertThat(src).as("module sources of " + module).isDirectory();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.startsWith("import ")) {
                        continue;
                    }
                    for (String prefix : forbiddenPrefixes) {
                        String imported = line.replace("import static ", "import ").substring("import ".length());
                        if (imported.startsWith(prefix + ".")) {
                            found.add(ROOT.relativize(file) + ": " + line);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void wireFactsUseTheJdkAlone() throws IOException {
        assertThat(violations("wire", "chatlab", "io", "com", "net", "org.jline", "org.slf4j", "org.bouncycastle",
                "org.xerial", "picocli")).isEmpty();
    }

    @Test
    void captureIsJdkOnly() throws IOException {
        assertThat(violations("capture", "io.netty", "chatlab.protocol", "chatlab.server", "chatlab.client",
                "chatlab.cli", "com.fasterxml")).isEmpty();
    }

    @Test
    void protocolKnowsNoServerClientOrApp() throws IOException {
        assertThat(violations("protocol", "chatlab.server", "chatlab.client", "chatlab.cli", "chatlab.capture")).isEmpty();
    }

    @Test
    void serverAndClientNeverImportEachOther() throws IOException {
        assertThat(violations("server", "chatlab.client", "chatlab.cli", "chatlab.capture")).isEmpty();
        assertThat(violations("client", "chatlab.server", "chatlab.cli", "chatlab.capture")).isEmpty();
    }

    @Test
    void theCheckRunsChatlabsServerButNeverTheClientOrTheCommandLine() throws IOException {
        assertThat(violations("check", "chatlab.client", "chatlab.cli", "chatlab.testkit")).isEmpty();
    }

    @Test
    void theRoomIsPlainState() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("server/src/main/java/chatlab/server/room"))) {
            for (Path file : files.toList()) {
                Files.readAllLines(file).stream().filter(l -> l.startsWith("import io.netty")).forEach(found::add);
            }
        }
        assertThat(found).isEmpty();
    }
}
