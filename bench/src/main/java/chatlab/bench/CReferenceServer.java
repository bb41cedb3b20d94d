package chatlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab server written the plain C way ({@code labrelay.c}, shipped as a resource): one epoll thread, TCP_NODELAY,
 * one send per message per recipient, nothing more. It is compiled where it runs, with the machine's C compiler,
 * so the bench can compare chatlab with what a straightforward C server costs on the same kernel and cores.
 */
final class CReferenceServer {
    static final String SOURCE = "labrelay.c";
    static final String PROGRAM = "labrelay";
    /** What the program prints once it accepts connections. */
    static final String READY_LINE = "listening on ";
    private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);
    /** $CC if set (as make does), else the system's cc. */
    private static final String COMPILER_VARIABLE = "CC";

    private CReferenceServer() {}

    /** Writes the source into {@code directory} and compiles it there; returns the program. */
    static Path compile(Path directory) {
        Path source = directory.resolve(SOURCE);
        Path program = directory.resolve(PROGRAM);
        try (InputStream in = CReferenceServer.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the C reference server's source is missing from the bench");
            }
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the C reference server's source", e);
        }
        String compiler = System.getenv().getOrDefault(COMPILER_VARIABLE, "cc");
        List<String> command = List.of(compiler, "-O2", "-o", program.toString(), source.toString());
        Path output = directory.resolve("compile.log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("the C reference server is compiled here and needs a C compiler, but '"
                    + compiler + "' cannot run (install gcc, or set CC): " + e.getMessage());
        }
        try {
            if (!process.waitFor(COMPILE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("compiling the C reference server took over "
                        + COMPILE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the C reference server");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("compiling the C reference server failed: " + read(output));
        }
        return program;
    }

    /** The command line: TCP_NODELAY on, or Nagle's algorithm left on (as chatserver.py has it). */
    static List<String> command(Path program, int port, boolean nagle) {
        return nagle ? List.of(program.toString(), "127.0.0.1", Integer.toString(port), "nagle")
                : List.of(program.toString(), "127.0.0.1", Integer.toString(port));
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 500));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
