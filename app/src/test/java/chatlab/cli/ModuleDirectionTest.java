package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cli.ClassReferences.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module table of ARCHITECTURE.md true in the compiled classes, whatever the source spells (imports,
 * fully-qualified names, signatures, annotations, class names in strings): each module's main classes refer only to
 * what its row allows, and its tests never to the modules its row keeps it apart from. Maven guards the compile scope
 * only, and a test that read import lines would miss {@code chatlab.auth.Authenticator} written out in a handler.
 */
class ModuleDirectionTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The JDK: every module may use it. */
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "com.sun.management.", "org.w3c.dom.",
            "org.xml.sax.");

    /** What each module's main classes may refer to besides the JDK and themselves. */
    private static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            Map.entry("wire", List.of()),
            Map.entry("proc", List.of()),
            Map.entry("labpython", List.of()),
            Map.entry("protocol", List.of("chatlab.wire.", "com.fasterxml.jackson.", "io.netty.")),
            Map.entry("auth", List.of("chatlab.protocol.", "org.sqlite.", "org.bouncycastle.")),
            // The room calls the log, never the other way: another engine (a stream per room) can take its place.
            Map.entry("history", List.of("chatlab.protocol.", "chatlab.wire.", "org.sqlite.")),
            // The cluster takes the log's place behind its interface and never sees the server: the app joins them.
            Map.entry("cluster", List.of("chatlab.history.", "chatlab.protocol.", "io.nats.",
                    "com.fasterxml.jackson.")),
            Map.entry("capture", List.of("chatlab.wire.")),
            Map.entry("testbed", List.of("chatlab.capture.", "chatlab.wire.", "chatlab.labpython.", "chatlab.proc.")),
            Map.entry("server", List.of("chatlab.protocol.", "chatlab.auth.", "chatlab.history.", "chatlab.wire.",
                    "io.netty.")),
            Map.entry("client", List.of("chatlab.protocol.", "chatlab.wire.", "io.netty.", "org.jline.",
                    "com.ongres.scram.")),
            Map.entry("bench", List.of("chatlab.protocol.", "chatlab.wire.", "chatlab.labpython.", "chatlab.proc.",
                    "chatlab.history.",
                    "io.netty.", "org.HdrHistogram.", "org.openjdk.jmh.", "com.fasterxml.jackson.")),
            // The check runs chatlab's server (and the lab's programs) but never the client or the command line.
            Map.entry("check", List.of("chatlab.protocol.", "chatlab.wire.", "chatlab.labpython.", "chatlab.testbed.",
                    "chatlab.capture.", "chatlab.server.", "chatlab.proc.", "com.fasterxml.jackson.")),
            Map.entry("testkit", List.of("chatlab.labpython.", "chatlab.proc.", "org.junit.", "org.opentest4j.",
                    "org.bouncycastle.")));

    /** What each module's tests stay apart from (test code may use the testkit, JUnit, AssertJ and more). */
    private static final Map<String, List<String>> TESTS_NEVER_USE = Map.ofEntries(
            Map.entry("wire", List.of("chatlab.", "io.netty.", "com.fasterxml.")),
            Map.entry("proc", List.of("chatlab.wire.", "chatlab.protocol.", "chatlab.testkit.")),
            Map.entry("capture", List.of("io.netty.", "chatlab.protocol.", "chatlab.server.", "chatlab.client.",
                    "chatlab.cli.", "com.fasterxml.")),
            Map.entry("protocol", List.of("chatlab.server.", "chatlab.client.", "chatlab.cli.", "chatlab.capture.")),
            Map.entry("server", List.of("chatlab.client.", "chatlab.cli.", "chatlab.capture.")),
            Map.entry("client", List.of("chatlab.server.", "chatlab.cli.", "chatlab.capture.")),
            Map.entry("testbed", List.of("chatlab.protocol.", "chatlab.server.", "chatlab.client.", "chatlab.cli.",
                    "io.netty.")));

    private static Path classes(String module, String folder) {
        Path dir = ROOT.resolve(module).resolve("target").resolve(folder);
        assertThat(dir).as(module + "'s compiled " + folder + " (build with -am)").isDirectory();
        return dir;
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        return prefixes.stream().anyMatch(name::startsWith);
    }

    @Test
    void everyModulesMainClassesReferOnlyToWhatItsRowAllows() throws IOException {
        for (Map.Entry<String, List<String>> row : MAY_USE.entrySet()) {
            String own = "chatlab." + (row.getKey().equals("labpython") ? "labpython" : row.getKey()) + ".";
            List<Reference> outside = ClassReferences.under(classes(row.getKey(), "classes")).stream()
                    .filter(r -> !r.to().startsWith(own) && !startsWithAny(r.to(), JDK)
                            && !startsWithAny(r.to(), row.getValue()))
                    .toList();
            assertThat(outside).as("references of " + row.getKey() + "'s main classes outside its row").isEmpty();
        }
    }

    @Test
    void testsStayApartFromWhatTheirModuleMayNotSee() throws IOException {
        for (Map.Entry<String, List<String>> row : TESTS_NEVER_USE.entrySet()) {
            List<Reference> forbidden = ClassReferences.under(classes(row.getKey(), "test-classes")).stream()
                    .filter(r -> startsWithAny(r.to(), row.getValue()) && !r.to().startsWith("chatlab." + row.getKey()))
                    .toList();
            assertThat(forbidden).as("references of " + row.getKey() + "'s tests").isEmpty();
        }
    }

    @Test
    void theRoomIsPlainState() throws IOException {
        assertThat(ClassReferences.under(classes("server", "classes")).stream()
                .filter(r -> r.from().startsWith("chatlab.server.room.") && r.to().startsWith("io.netty.")).toList())
                .isEmpty();
    }

    /** The reader itself: a fully-qualified name in a field's type, which no import line shows, is found. */
    @Test
    void aFullyQualifiedNameIsAReference() throws IOException {
        List<Reference> server = ClassReferences.under(classes("server", "classes"));
        assertThat(server).contains(new Reference("chatlab.server.handler.WireDetector", "chatlab.auth.Authenticator"));
        List<Reference> bench = ClassReferences.under(classes("bench", "classes"));
        assertThat(bench).extracting(Reference::to).contains("chatlab.bench.BenchConfig", "org.HdrHistogram.Histogram");
        try (InputStream named = ModuleDirectionTest.class.getResourceAsStream("ModuleDirectionTest$Named.class")) {
            assertThat(ClassReferences.of(named)).as("a class named in a string").contains("chatlab.cli.Main");
        }
    }

    /** Names a class the way a process start or Class.forName does. */
    private static final class Named {
        static final String MAIN = "chatlab.cli.Main";
    }
}
