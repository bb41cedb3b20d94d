package chatlab.bench.server;

import chatlab.proc.Finished;
import chatlab.proc.Launch;
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

/**
 * A C program the bench ships as source ({@code labrelay.c}, {@code labload.c}) and compiles where it runs, with
 * the machine's C compiler, once per JVM, into a temporary folder removed when the JVM exits. Compiling here rather
 * than shipping a binary keeps it right for the machine's kernel headers and C library.
 */
public final class CProgram {
    /** The lab server written the plain C way: the reference for speed ({@link CReferenceServer}). */
    static final CProgram LAB_RELAY = new CProgram("labrelay.c", "labrelay", "the C reference server", List.of());
    /** The fanout open loop as a small C program ({@link NativeGenerator}). */
    public static final CProgram LAB_LOAD = new CProgram("labload.c", "labload", "the C load generator", List.of("-pthread"));

    private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);
    /** $CC if set (as make reads it: a program and its options), else the system's cc. */
    private static final String COMPILER_VARIABLE = "CC";
    private static final List<String> FLAGS = List.of("-std=gnu11", "-O2");

    private final String source;
    private final String program;
    private final String description;
    private final List<String> extraFlags;
    private Path compiled;

    private CProgram(String source, String program, String description, List<String> extraFlags) {
        this.source = source;
        this.program = program;
        this.description = description;
        this.extraFlags = extraFlags;
    }

    /** What the program is, for messages: "the C reference server". */
    String description() {
        return description;
    }

    /**
     * The compiled program, compiling it on first use; fails with the reason (no compiler, a compile error) as an
     * {@link IllegalStateException}.
     */
    public synchronized Path path() {
        if (compiled == null || !Files.isExecutable(compiled)) {
            Path directory;
            try {
                directory = Files.createTempDirectory("chatlab-" + program);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary folder for " + description, e);
            }
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> SpawnedServer.deleteFolder(directory), "bench-" + program + "-cleanup"));
            compiled = compile(directory, compilerCommand(System.getenv(COMPILER_VARIABLE)));
        }
        return compiled;
    }

    /** Writes the source into {@code directory} and compiles it there with {@code compiler}; returns the program. */
    Path compile(Path directory, List<String> compiler) {
        Path sourceFile = directory.resolve(source);
        Path programFile = directory.resolve(program);
        try (InputStream in = CProgram.class.getResourceAsStream(source)) {
            if (in == null) {
                throw new IllegalStateException("the source of " + description + " is missing from the bench");
            }
            Files.copy(in, sourceFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the source of " + description, e);
        }
        List<String> command = new ArrayList<>(compiler);
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.addAll(List.of("-o", programFile.toString(), sourceFile.toString()));
        Finished compiled;
        try {
            compiled = Launch.of(command).label("the C compiler").mergeStderr().run(COMPILE_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException(capitalized(description) + " is compiled here and needs a C compiler, but '"
                    + command.get(0) + "' cannot run (install gcc, or set CC): " + e.getMessage());
        }
        if (compiled.timedOut()) { // stopped with its group: cc1, as and ld, not only the driver
            throw new IllegalStateException("compiling " + description + " took over "
                    + COMPILE_TIMEOUT.toSeconds() + " s");
        }
        if (compiled.exitCode() != 0) {
            throw new IllegalStateException("compiling " + description + " with '" + String.join(" ", command)
                    + "' failed: " + compiled.tail(500));
        }
        return programFile;
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

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
