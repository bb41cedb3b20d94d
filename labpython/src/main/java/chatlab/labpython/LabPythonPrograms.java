package chatlab.labpython;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The lab's Python programs, {@code chatserver.py} and {@code chatclient.py}: our faithful completion of the lab's
 * two skeletons (same {@code recv(1024)}, same prints). They read a few environment variables so several can run
 * on one machine; each file's header lists them.
 */
public final class LabPythonPrograms {
    public static final String SERVER = "chatserver.py";
    public static final String CLIENT = "chatclient.py";

    private LabPythonPrograms() {}

    /** Copies both programs into {@code directory} (created if missing) and returns it. */
    public static Path extractTo(Path directory) {
        try {
            Files.createDirectories(directory);
            for (String name : List.of(SERVER, CLIENT)) {
                try (InputStream in = LabPythonPrograms.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException(name + " is missing from the chatlab-labpython jar");
                    }
                    Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab's Python programs to " + directory, e);
        }
    }
}
