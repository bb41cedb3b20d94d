package chatlab.history;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the log lives and how its file is made: readable by its owner only (0600, in a 0700 folder), like the user
 * store. SQLite gives the {@code -wal} and {@code -shm} files beside it the same permissions as the database file.
 */
final class LogFiles {
    static final String FILE_NAME = "messages.db";

    private LogFiles() {}

    /** {@code $XDG_DATA_HOME/chatlab}, else {@code ~/.local/share/chatlab}: the user store's folder. */
    static Path defaultDirectory() {
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isEmpty() ? Path.of(dataHome)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("chatlab");
    }

    /** Makes the folder (0700) and an empty file (0600) when they are missing; an existing file is left as it is. */
    static void create(Path file) throws MessageLogException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException existing) {
                // Opened as it is; its permissions are the operator's.
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new MessageLogException(MessageLogException.Reason.READ_ONLY,
                    HistoryTexts.cannotCreate(file, String.valueOf(e.getMessage())), e);
        }
    }

    /** Whether the file system holding the log has less than this many bytes left for it (disk full in all but name). */
    static boolean nearlyFull(Path file, long bytes) {
        try {
            return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace() < bytes;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
