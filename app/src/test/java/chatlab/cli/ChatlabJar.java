package chatlab.cli;

import chatlab.testkit.ScriptedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the shaded jar that `mvn package` built, as the launcher would: a real process. */
final class ChatlabJar {
    private ChatlabJar() {}

    static Path jar() {
        Path jar = Path.of("target", "chatlab.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run the integration tests with `mvn verify`, which builds " + jar);
        }
        return jar;
    }

    /**
     * Runs {@code chatlab ARGS}. Unless {@code env} says otherwise, each process gets a data folder of its own
     * ({@code XDG_DATA_HOME}): a server keeps its message log there, and tests (and several builds at once on one
     * machine) must not share one log, nor leave it in the home folder.
     */
    static ScriptedProcess start(String label, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(List.of(args));
        Map<String, String> withData = new java.util.HashMap<>(env);
        if (!withData.containsKey("XDG_DATA_HOME")) {
            try {
                withData.put("XDG_DATA_HOME", Files.createTempDirectory("chatlab-it-data-").toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ScriptedProcess.start(label, command, withData);
    }

    static ScriptedProcess start(String label, String... args) {
        return start(label, Map.of(), args);
    }

    /** {@code chatlab server} on 127.0.0.1 and the port, once it listens. */
    static ScriptedProcess startServer(int port) {
        ScriptedProcess server = start("server", "server", "--bind", "127.0.0.1", "--port", Integer.toString(port));
        server.awaitStderr("listening on");
        return server;
    }
}
