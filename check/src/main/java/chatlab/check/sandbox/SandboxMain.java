package chatlab.check.sandbox;

import chatlab.check.CheckEvents;
import chatlab.check.CheckException;
import chatlab.check.CheckOutcome;
import chatlab.check.Engine;
import chatlab.check.report.OutcomeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check's JVM inside the lab's network (started by {@link Sandbox} with {@code ip netns exec}): its sockets
 * have the lab's addresses. Reads the request, runs the engine, writes the outcome; progress goes to stdout, one
 * line each, warnings to stderr.
 */
public final class SandboxMain {
    /** Exit status when the check could not run; the message is the last line on stderr. */
    static final int EXIT_CANNOT_RUN = 3;
    /** Exit status when the check that started this JVM is gone (killed with SIGKILL). */
    static final int EXIT_ORPHANED = 4;
    /** How often this JVM looks whether the check that started it is still there. */
    static final long PARENT_POLL_MILLIS = 1000;

    private SandboxMain() {}

    /**
     * Ends this JVM (its shutdown hooks stop the programs it started) when the check that started it is gone: a check
     * killed with SIGKILL cannot stop it, and the next check removes the namespaces it leaves.
     */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(PARENT_POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.exit(EXIT_ORPHANED);
            }, "check-parent-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }

    public static void main(String[] args) throws Exception {
        exitWithParent();
        RequestJson.Read read = RequestJson.read(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        CheckEvents events = new CheckEvents() {
            @Override
            public void progress(String line) {
                System.out.println(line);
                System.out.flush();
            }

            @Override
            public void warning(String line) {
                System.err.println(line);
                System.err.flush();
            }
        };
        String prefix = read.namespacePrefix();
        var request = read.request();
        try {
            CheckOutcome outcome = Engine.run(request, LabNet.placement(request.target(), prefix),
                    LabNet.captureHosts(request.target(), prefix, request.copies()), events);
            Files.writeString(Path.of(args[1]), OutcomeJson.write(outcome), StandardCharsets.UTF_8);
        } catch (CheckException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_CANNOT_RUN);
        }
        System.exit(0);
    }
}
