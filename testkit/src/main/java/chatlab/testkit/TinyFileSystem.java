package chatlab.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a given size mounted in a test's folder, for tests of what a program does when its disk is full. Mounting
 * needs root (CI runs the tests as root): a test checks {@link #canMount} first and, elsewhere, is not run and says
 * {@link #whyNot}. Unmounted on {@link #close}.
 */
public final class TinyFileSystem implements AutoCloseable {
    private final Path mount;

    private TinyFileSystem(Path mount) {
        this.mount = mount;
    }

    public static boolean canMount() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** What a test that cannot mount says instead of running. */
    public static String whyNot(String size) {
        return "not run: mounting a tmpfs of " + size + " to fill needs root, and this runs as "
                + System.getProperty("user.name") + " (CI runs the tests as root)";
    }

    /** Mounts a tmpfs of {@code size} (mount(8)'s size: {@code 512k}, {@code 1m}) at {@code dir/tiny}. */
    public static TinyFileSystem mount(Path dir, String size) throws IOException, InterruptedException {
        Path mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mount.toString());
        return new TinyFileSystem(mount);
    }

    public Path path() {
        return mount;
    }

    /** Gives the file system another size (more room for a log to recover). */
    public void resize(String size) throws IOException, InterruptedException {
        run("mount", "-o", "remount,size=" + size, mount.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", mount.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
