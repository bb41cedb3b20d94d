package chatlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import chatlab.labpython.LabPythonPrograms;

/**
 * The lab's own Python programs (our faithful completion of the two skeletons, in the labpython module), started
 * as real processes to be reference peers.
 */
public final class LabPrograms {
    private static Path directory;

    private LabPrograms() {}

    /** Copies chatserver.py and chatclient.py to a temporary folder (once per JVM) and returns it. */
    public static synchronized Path directory() {
        if (directory == null) {
            try {
                Path dir = Files.createTempDirectory("chatlab-lab-programs");
                LabPythonPrograms.extractTo(dir);
                for (String name : List.of(LabPythonPrograms.SERVER, LabPythonPrograms.CLIENT)) {
                    dir.resolve(name).toFile().deleteOnExit();
                }
                dir.toFile().deleteOnExit();
                directory = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    public static Path script(String name) {
        return directory().resolve(name);
    }

    /** Starts the lab server on {@code address:port} and waits until it listens. */
    public static ScriptedProcess startServer(InetAddress address, int port) {
        ScriptedProcess server = ScriptedProcess.start("python-chatserver",
                List.of("python3", "-u", script("chatserver.py").toString()),
                Map.of("CHAT_SERVER_IP", address.getHostAddress(), "CHAT_PORT", Integer.toString(port),
                        "PYTHONIOENCODING", "utf-8"));
        server.awaitStdout("Waiting for connection...");
        return server;
    }

    /**
     * Starts the lab client at {@code clientAddress}; it connects at once and then asks for the name on stdin.
     * Its UDP socket listens on {@code clientAddress:port}, as in the lab.
     */
    public static ScriptedProcess startClient(String label, String server, int port, InetAddress clientAddress) {
        return ScriptedProcess.start(label,
                List.of("python3", "-u", script("chatclient.py").toString()),
                Map.of("CHAT_SERVER", server, "CHAT_PORT", Integer.toString(port),
                        "CHAT_CLIENT_IP", clientAddress.getHostAddress(), "PYTHONIOENCODING", "utf-8"));
    }
}
