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
}
