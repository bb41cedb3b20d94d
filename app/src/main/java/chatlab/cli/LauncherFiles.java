package chatlab.cli;

import chatlab.server.ChatServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the launcher (src/dist/bin/chatlab) reads besides the jar, from the code, so it is never a copy:
 * {@value #SERVER_JVM_OPTIONS}, the JVM options a server starts with ({@link ChatServer#RECOMMENDED_JVM_OPTIONS}),
 * one per line after a comment. The launcher reads it with bash alone, so starting chatlab costs no extra JVM. Run by
 * the build (also for the clone's ./chatlab): {@code LauncherFiles OUT_DIR}; the release archive has it in lib/.
 */
public final class LauncherFiles {
    static final String SERVER_JVM_OPTIONS = "server-jvm-options";

    private LauncherFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LauncherFiles OUT_DIR");
        }
        write(Path.of(args[0]));
    }

    static Path write(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# The JVM options of `chatlab server`, written by the build from "
                + "chatlab.server.ChatServer.RECOMMENDED_JVM_OPTIONS; one per line.");
        lines.addAll(ChatServer.RECOMMENDED_JVM_OPTIONS);
        Path file = Files.createDirectories(out).resolve(SERVER_JVM_OPTIONS);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
