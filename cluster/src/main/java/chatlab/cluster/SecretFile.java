package chatlab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A file that holds a secret of this server (an NKey seed, a credentials file, a TLS private key): others than its
 * owner should not read it, as ssh insists for a private key. A warning only: the server still starts.
 */
public final class SecretFile {
    private SecretFile() {}

    /**
     * A warning when its group or others may read the file, or empty.
     *
     * @param kind what the file is, as the warning names it ({@code NKey seed file})
     */
    public static Optional<String> looseModes(Path file, String kind) {
        try {
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> loose = EnumSet.of(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ);
            loose.retainAll(modes);
            return loose.isEmpty() ? Optional.empty()
                    : Optional.of(ClusterTexts.looseSecretFile(kind, file, PosixFilePermissions.toString(modes)));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty(); // no POSIX modes here (or the file went away: reading it says so)
        }
    }
}
