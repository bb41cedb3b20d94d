package chatlab.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What each program printed and what was typed into it, in time order: {@code transcripts/client1.txt} to
 * {@code client3.txt} (every session of the host) and {@code server.txt}.
 */
final class Transcripts {
    private Transcripts() {}

    /** Writes the transcripts into {@code dir}; a file that cannot be written is a problem of the run. */
    static void write(Path dir, RunOptions options, ClientSessions clients, HostProcess server, RunLog log) {
        for (LabHost host : LabNetwork.CLIENTS) {
            StringBuilder t = new StringBuilder();
            t.append("# ").append(host).append(" (").append(host.ipv4()).append("), ").append(options.client(host).word())
                    .append(" client. Seconds from the start of the run; \"> \" is what was typed, \"! \" the ")
                    .append("program's stderr. Input prompts are left out.\n");
            for (LabSession session : clients.of(host)) {
                t.append("# --- ").append(session.name).append(", pid ").append(session.process.pid()).append(" ---\n");
                t.append(session(session.typed, session.process));
                t.append("# ").append(session.ending).append('\n');
            }
            write(dir.resolve(host.name() + ".txt"), t.toString(), log);
        }
        if (server != null) {
            StringBuilder t = new StringBuilder("# the server (" + options.server().word() + ") on webserver, pid "
                    + server.pid() + ": its output, seconds from the start of the run\n");
            server.drain(Duration.ofSeconds(1));
            server.lines().forEach(l -> t.append(String.format("%8s  %s%n", "+" + RunLog.seconds(l.atNanos()),
                    l.text())));
            write(dir.resolve("server.txt"), t.toString(), log);
        }
    }

    /** What was typed ({@code > }) and what the program printed ({@code ! } for stderr), by time, one line each. */
    static String session(List<HostProcess.Line> typed, HostProcess process) {
        List<HostProcess.Line> lines = new ArrayList<>(typed.stream()
                .map(l -> new HostProcess.Line(l.atNanos(), false, "> " + l.text())).toList());
        process.drain(Duration.ofSeconds(1));
        for (HostProcess.Line l : process.lines()) {
            String text = Expectations.withoutPrompts(l.text());
            if (!text.isBlank() || !l.stderr()) {
                lines.add(new HostProcess.Line(l.atNanos(), l.stderr(), (l.stderr() ? "! " : "") + text));
            }
        }
        lines.sort(Comparator.comparingLong(HostProcess.Line::atNanos));
        StringBuilder t = new StringBuilder();
        lines.forEach(l -> t.append(String.format("%8s  %s%n", "+" + RunLog.seconds(l.atNanos()), l.text())));
        return t.toString();
    }

    static void write(Path file, String text, RunLog log) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.problem("cannot write " + file + ": " + e.getMessage());
        }
    }
}
