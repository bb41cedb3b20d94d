package chatlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab server written the plain C way ({@code labrelay.c}, shipped as a resource): one epoll thread, TCP_NODELAY,
 * one send per message per recipient, nothing more. It is compiled where it runs, with the machine's C compiler,
 * once per JVM, so the bench can compare chatlab with what a straightforward C server costs on the same kernel and
 * cores.
 */
public final class CReferenceServer {
    static final String SOURCE = "labrelay.c";
    static final String PROGRAM = "labrelay";
    /** What the program prints once it accepts connections. */
    static final String READY_LINE = "listening on ";
    private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);
    /** $CC if set (as make reads it: a program and its options), else the system's cc. */
    private static final String COMPILER_VARIABLE = "CC";
    private static final List<String> FLAGS = List.of("-std=gnu11", "-O2");

    private static Path compiled;

    private CReferenceServer() {}

    /**
     * The compiled program, compiling it on first use into a temporary folder removed when the JVM exits; fails
     * with the reason (no compiler, a compile error) as an {@link IllegalStateException}.
     */
    public static synchronized Path program() {
        if (compiled == null || !Files.isExecutable(compiled)) {
            Path directory;
            try {
                directory = Files.createTempDirectory("chatlab-labrelay");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary folder for the C reference server", e);
            }
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> SpawnedServer.deleteFolder(directory), "bench-labrelay-cleanup"));
            compiled = compile(directory, compilerCommand(System.getenv(COMPILER_VARIABLE)));
        }
        return compiled;
    }

    /** Writes the source into {@code directory} and compiles it there with {@code compiler}; returns the program. */
    static Path compile(Path directory, List<String> compiler) {
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
        List<String> command = new ArrayList<>(compiler);
        command.addAll(FLAGS);
        command.addAll(List.of("-o", program.toString(), source.toString()));
        Path output = directory.resolve("compile.log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("the C reference server is compiled here and needs a C compiler, but '"
                    + command.get(0) + "' cannot run (install gcc, or set CC): " + e.getMessage());
        }
        try {
            if (!process.waitFor(COMPILE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly); // cc1, as, ld: not only the driver
                process.destroyForcibly();
                throw new IllegalStateException("compiling the C reference server took over "
                        + COMPILE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the C reference server");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("compiling the C reference server with '" + String.join(" ", command)
                    + "' failed: " + SpawnedServer.tailOf(output));
        }
        return program;
    }

    /** The compiler and its options from $CC ("ccache gcc", "gcc -m64"), or cc when it is unset or blank. */
    static List<String> compilerCommand(String variable) {
        List<String> words = new ArrayList<>();
        if (variable != null) {
            Arrays.stream(variable.trim().split("\\s+")).filter(w -> !w.isEmpty()).forEach(words::add);
        }
        if (words.isEmpty()) {
            words.add("cc");
        }
        return words;
    }

    /** The command line: TCP_NODELAY on, or Nagle's algorithm left on (as chatserver.py has it). */
    static List<String> command(Path program, int port, boolean nagle) {
        return nagle ? List.of(program.toString(), "127.0.0.1", Integer.toString(port), "nagle")
                : List.of(program.toString(), "127.0.0.1", Integer.toString(port));
    }
}
