package chatlab.client.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Certificates the user chose to trust on first use, one {@code host:port fingerprint} per line, like ssh's
 * known_hosts. A server whose certificate changes is refused, loudly.
 */
public final class KnownServers {
    private final Path file;

    public KnownServers(Path file) {
        this.file = file;
    }

    /** The default: {@code $XDG_CONFIG_HOME/chatlab/known_servers}, else {@code ~/.config/chatlab/known_servers}. */
    public static Path defaultPath() {
        String configHome = System.getenv("XDG_CONFIG_HOME");
        Path base = configHome != null && !configHome.isEmpty() ? Path.of(configHome)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("chatlab").resolve("known_servers");
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<String> fingerprintOf(String server) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[0].equals(server)) {
                    return Optional.of(parts[1]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public synchronized void remember(String server, String fingerprint) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, server + " " + fingerprint + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
