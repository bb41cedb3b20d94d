package chatlab.check.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads files under /proc to their end. Their size is reported as 0 or as a page, so a read sized by it (as
 * {@code Files.readString} does) can come back short: here /proc/sys/net/ipv4/ip_local_port_range read as "3".
 */
public final class ProcFiles {
    private ProcFiles() {}

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
