package chatlab.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process by its PID, never by name: SIGTERM, a bounded wait, then SIGKILL and another bounded wait. A process
 * that leads a process group of its own (started through {@code setsid}, see {@link Launch#ownGroup}) is signalled
 * as that whole group ({@code kill -s SIG -- -PGID}), so what it started goes with it; otherwise the process and the
 * descendants it has at that moment are signalled one by one. A group is signalled only while its leader is alive
 * (so its number cannot have been reused) and never when it is this JVM's own group.
 */
public final class Stopper {
    /** How long a process gets to exit after SIGTERM before it is killed. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** How long to wait for the kernel to report a killed process gone. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** How long the kill command itself may take. */
    private static final Duration KILL_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private Stopper() {}

    /**
     * SIGTERM, up to {@code grace} for the process (and the descendants it had) to exit, then SIGKILL. True when
     * everything ended after SIGTERM, false when something had to be killed.
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        List<ProcessHandle> family = family(process);
        boolean group = leadsOwnGroup(process);
        signal(process, family, group, "TERM");
        if (awaitAll(family, grace)) {
            return true;
        }
        signal(process, family, group, "KILL");
        awaitAll(family, KILL_WAIT);
        return false;
    }

    /** Sends SIGTERM (as {@link #stop} does first) and returns at once. */
    public static void terminate(ProcessHandle process) {
        if (process.isAlive()) {
            signal(process, family(process), leadsOwnGroup(process), "TERM");
        }
    }

    /** SIGKILL to the process (its group or its descendants) and a bounded wait for it to be gone. */
    public static void kill(ProcessHandle process) {
        if (process.isAlive()) {
            List<ProcessHandle> family = family(process);
            signal(process, family, leadsOwnGroup(process), "KILL");
            awaitAll(family, KILL_WAIT);
        }
    }

    /** Waits for the process to end; an interruption is remembered but does not cut the wait short. */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !process.isAlive();
                }
                try {
                    process.onExit().get(left, TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException | ExecutionException e) {
                    return !process.isAlive();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<ProcessHandle> family(ProcessHandle process) {
        List<ProcessHandle> family = new ArrayList<>();
        family.add(process);
        process.descendants().forEach(family::add);
        return family;
    }

    private static boolean awaitAll(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            if (!awaitExit(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    private static void signal(ProcessHandle leader, List<ProcessHandle> family, boolean group, String signal) {
        if (group && leader.isAlive() && killGroup(leader.pid(), signal)) {
            return;
        }
        // ProcessHandle checks the start time, so a PID reused meanwhile is left alone.
        for (ProcessHandle p : family) {
            if (signal.equals("KILL")) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        }
    }

    /** True when the process is the leader of a process group that is not this JVM's. */
    static boolean leadsOwnGroup(ProcessHandle process) {
        OptionalLong group = processGroup(process.pid());
        OptionalLong ours = processGroup(ProcessHandle.current().pid());
        return group.isPresent() && group.getAsLong() == process.pid()
                && (ours.isEmpty() || ours.getAsLong() != group.getAsLong());
    }

    /**
     * The process group of {@code pid}, from the fifth field of /proc/PID/stat (proc(5): "pid (comm) state ppid
     * pgrp ..."; comm may hold spaces and parentheses, so the fields are counted after its last ')').
     */
    static OptionalLong processGroup(long pid) {
        try {
            return groupInStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong groupInStat(String stat) {
        try {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[2]));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code kill -s SIGNAL -- -PGID}; false when no kill command ran or it failed. */
    private static boolean killGroup(long group, String signal) {
        Optional<Path> kill = Programs.find("kill");
        if (kill.isEmpty()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(kill.get().toString(), "-s", signal, "--", "-" + group)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(KILL_COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
