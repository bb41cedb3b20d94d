package chatlab.proc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the helper programs the runner needs (setsid, kill) on PATH, then in /usr/bin and /bin; remembered. */
final class Programs {
    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private Programs() {}

    static Optional<Path> find(String name) {
        return FOUND.computeIfAbsent(name, Programs::look);
    }

    private static Optional<Path> look(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code program} would start: a name with a slash is a file (relative to {@code directory}), any other
     * name is looked up in {@code path} as execvp(3) does. The runner asks before it puts setsid in front, because
     * setsid, not the JVM, would then find a program missing.
     */
    static boolean runnable(String program, String path, Path directory) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            if (!file.isAbsolute() && directory != null) {
                file = directory.resolve(file);
            }
            return Files.isExecutable(file) && !Files.isDirectory(file);
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return true;
            }
        }
        return false;
    }
}
