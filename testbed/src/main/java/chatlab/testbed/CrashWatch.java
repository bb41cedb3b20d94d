package chatlab.testbed;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a crash from an ending: a client that ended before it was asked to, a Python traceback, a server that
 * exited on its own. Each process is reported once.
 */
final class CrashWatch {
    private final RunLog log;
    private final Set<HostProcess> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    CrashWatch(RunLog log) {
        this.log = log;
    }

    /** Whether the process's ending was reported already. */
    boolean reported(HostProcess p) {
        return reported.contains(p);
    }

    /** Marks the process's ending as reported; false when it was already. */
    boolean markReported(HostProcess p) {
        return reported.add(p);
    }

    /** Reports what crashed since the last check, among the clients, every started process, and the server. */
    void check(ClientSessions clients, List<HostProcess> started, HostProcess server) {
        for (Map.Entry<LabHost, HostProcess> e : clients.running().entrySet()) {
            HostProcess p = e.getValue();
            if (!p.alive() && !p.inputClosed() && !reported.contains(p)) {
                clients.current(e.getKey()).ifPresent(s -> clientCrashed(p, s));
            }
        }
        for (HostProcess p : started) {
            if (!reported.contains(p) && p.count(l -> l.startsWith("Traceback (most recent call last)")) > 0) {
                reported.add(p);
                if (p.inputClosed()) {
                    // The lab's client shuts its socket down at the end of its input; its receive thread then
                    // indexes an empty message and dies on the way out. A flaw of the lab's program, not a crash.
                    log.note(p.label() + " printed a Python traceback while leaving (the lab client's receive "
                            + "thread fails on the closed socket; the program exited normally)");
                } else {
                    log.problem("CRASH: " + p.label() + " printed a Python traceback (a thread of the program "
                            + "died): " + lastLine(p));
                }
            }
        }
        if (server != null && !server.alive() && !server.stopRequested() && !reported.contains(server)) {
            reported.add(server);
            log.problem("CRASH: the server exited on its own at " + RunLog.seconds(log.now()) + " s with "
                    + status(server) + ": " + lastLine(server));
        }
    }

    /** A client that exited before it was asked to leave. */
    void clientCrashed(HostProcess p, LabSession session) {
        if (reported.add(p)) {
            session.ending = "exited on its own with " + status(p) + " before it was asked to leave";
            log.problem("CRASH: " + p.host() + ": " + session.name + "'s client " + session.ending + ": "
                    + lastLine(p));
        }
    }

    /** An exit status as a person reads it: 137 is "status 137 (killed by signal 9, SIGKILL)". */
    static String status(HostProcess p) {
        int code = p.exitCode().orElse(-1);
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 2 -> ", SIGINT";
                case 6 -> ", SIGABRT";
                case 9 -> ", SIGKILL";
                case 11 -> ", SIGSEGV";
                case 15 -> ", SIGTERM";
                default -> "";
            };
            return "status " + code + " (killed by signal " + signal + name + ")";
        }
        return "status " + code;
    }

    /** The program's last line of output that says something. */
    static String lastLine(HostProcess p) {
        p.drain(Duration.ofSeconds(1));
        List<HostProcess.Line> lines = p.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String text = lines.get(i).text().strip();
            if (!text.isEmpty() && !text.startsWith("Running as user")) {
                return text;
            }
        }
        return "(no output)";
    }
}
