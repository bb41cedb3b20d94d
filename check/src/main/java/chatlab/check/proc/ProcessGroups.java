package chatlab.check.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ends a program and everything it started: the program under test runs as the leader of a process group of its
 * own ({@code setsid}), so its group id is its PID. Members are found in {@code /proc/PID/stat} (field 5, the
 * process group; proc(5)) and by descent, and each is signalled by its PID: SIGTERM, a grace period, SIGKILL.
 * Never by name.
 */
public final class ProcessGroups {
    /** How long to wait for the kernel to report killed processes gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 10;

    private ProcessGroups() {}

    /** How a stop went. */
    public enum Stopped {
        /** It had exited before the stop. */
        ALREADY_EXITED,
        /** It ended after SIGTERM. */
        TERMINATED,
        /** It ignored SIGTERM for the grace period and was killed. */
        KILLED
    }

    /** The living processes whose process group is {@code pgid}, and the descendants of {@code leader}. */
    public static List<ProcessHandle> members(long pgid, ProcessHandle leader) {
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        if (leader.isAlive()) {
            found.put(leader.pid(), leader);
        }
        leader.descendants().forEach(p -> found.put(p.pid(), p));
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (!found.containsKey(pid) && groupOf(dir) == pgid) {
                    ProcessHandle.of(pid).ifPresent(p -> found.put(pid, p));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the leader and its descendants are what we know.
        }
        return found.values().stream().filter(ProcessGroups::running).toList();
    }

    /** The process group in /proc/PID/stat: after the command name in parentheses come state, ppid, pgrp. */
    static long groupOf(Path procDir) {
        try {
            String stat = ProcFiles.read(procDir.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGTERM to every member, up to {@code grace} for all to end, then SIGKILL to those left. */
    public static Stopped stop(ProcessHandle leader, Duration grace) {
        long pgid = leader.pid();
        List<ProcessHandle> members = members(pgid, leader);
        if (members.isEmpty()) {
            return Stopped.ALREADY_EXITED;
        }
        members.forEach(ProcessHandle::destroy);
        if (awaitAll(members, grace) && members(pgid, leader).isEmpty()) {
            return Stopped.TERMINATED;
        }
        // Those that ignored SIGTERM, and any started meanwhile.
        List<ProcessHandle> left = new ArrayList<>(members(pgid, leader));
        members.stream().filter(ProcessGroups::running).filter(p -> !left.contains(p)).forEach(left::add);
        left.forEach(ProcessHandle::destroyForcibly);
        awaitAll(left, KILL_WAIT);
        return Stopped.KILLED;
    }

    /**
     * Waits until none of the processes runs. A process that has ended but that nobody has reaped yet (a zombie,
     * state Z in /proc/PID/stat) counts as ended: the JDK's onExit would wait for the reaping, which for a
     * program's own children falls to init and can take its time.
     */
    private static boolean awaitAll(List<ProcessHandle> processes, Duration timeout) {
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (processes.stream().anyMatch(ProcessGroups::running)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Alive and not a zombie. */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = ProcFiles.read(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }
}
