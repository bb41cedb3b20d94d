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

    static ScriptedProcess start(String label, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return ScriptedProcess.start(label, command, env);
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
