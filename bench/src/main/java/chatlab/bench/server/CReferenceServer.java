package chatlab.bench.server;

import java.nio.file.Path;
import java.util.List;

/**
 * The lab server written the plain C way ({@code labrelay.c}, shipped as a resource): one epoll thread, TCP_NODELAY,
 * one send per message per recipient, nothing more. It is compiled where it runs, with the machine's C compiler,
 * once per JVM, so the bench can compare chatlab with what a straightforward C server costs on the same kernel and
 * cores.
 */
public final class CReferenceServer {
    /** What the program prints once it accepts connections. */
    static final String READY_LINE = "listening on ";

    private CReferenceServer() {}

    /**
     * The compiled program, compiling it on first use into a temporary folder removed when the JVM exits; fails
     * with the reason (no compiler, a compile error) as an {@link IllegalStateException}.
     */
    public static Path program() {
        return CProgram.LAB_RELAY.path();
    }

    /** The command line: TCP_NODELAY on, or Nagle's algorithm left on (as chatserver.py has it). */
    static List<String> command(Path program, int port, boolean nagle) {
        return nagle ? List.of(program.toString(), "127.0.0.1", Integer.toString(port), "nagle")
                : List.of(program.toString(), "127.0.0.1", Integer.toString(port));
    }
}
