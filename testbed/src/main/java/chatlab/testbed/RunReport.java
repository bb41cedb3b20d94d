package chatlab.testbed;

import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.report.UdpAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After a run: the messages that did not arrive, the transcripts, the captures analysed, and {@code summary.txt},
 * which says what ran, what happened when, what arrived, how every process ended, and the key answers.
 */
final class RunReport {
    private final RunOptions options;
    private final RunLog log;
    private final ClientSessions clients;

    RunReport(RunOptions options, RunLog log, ClientSessions clients) {
        this.options = options;
        this.log = log;
        this.clients = clients;
    }

    /**
     * Writes the report and returns the summary.
     *
     * @param captures tcpdump on each host
     * @param server the server, or null when it never started
     * @param dropped packets the loss rules dropped toward the webserver and from it
     */
    String write(boolean interrupted, Map<LabHost, HostProcess> captures, HostProcess server, long[] dropped) {
        List<String> processLines = captureLines(captures);
        processLines.addAll(log.processLines());
        List<Expectations.Expected> expected = Expectations.of(options.scenario());
        List<Expectations.Expected> missing = Expectations.missing(expected, clients.outputs());
        if (!interrupted && server != null) {
            for (Expectations.Expected m : missing) {
                log.problem("MISSING: " + m.host() + " never printed \"" + m.text() + "\" (scenario line " + m.step() + ")");
            }
        }
        Transcripts.write(options.out().resolve("transcripts"), options, clients, server, log);
        CaptureAnalysis.Summary analysis = CaptureAnalysis.analyze(options.out(), List.of(LabRun.SERVER_CAPTURE,
                LabNetwork.CLIENT1.name(), LabNetwork.CLIENT2.name(), LabNetwork.CLIENT3.name()));
        analysis.problems().forEach(log::problem);
        if (options.lossPercent() > 0 && !interrupted
                && analysis.retransmissions().getOrDefault(LabRun.SERVER_CAPTURE, 0L) == 0) {
            log.warning("no retransmission in chatserver.pcap despite --loss (too few packets were dropped)");
        }
        String text = summary(interrupted, expected, missing, analysis, processLines, dropped);
        try {
            Files.writeString(options.out().resolve("summary.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.problem("cannot write summary.txt: " + e.getMessage());
        }
        return text;
    }

    /** How each tcpdump ended: its packet count and its file, one line each. */
    static List<String> captureLines(Map<LabHost, HostProcess> captures) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<LabHost, HostProcess> e : captures.entrySet()) {
            HostProcess p = e.getValue();
            p.drain(Duration.ofSeconds(2));
            String counted = p.lines().stream().map(HostProcess.Line::text).filter(t -> t.endsWith("packets captured"))
                    .findFirst().orElse("packet count not reported");
            lines.add("tcpdump on " + e.getKey() + " (pid " + p.pid() + "): " + counted + " -> "
                    + LabRun.captureName(e.getKey()) + ".pcap");
        }
        return lines;
    }

    private String summary(boolean interrupted, List<Expectations.Expected> expected,
            List<Expectations.Expected> missing, CaptureAnalysis.Summary analysis, List<String> processLines,
            long[] dropped) {
        StringBuilder s = new StringBuilder();
        s.append("chatlab testbed run, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(", ").append(RunLog.seconds(log.now())).append(" s\n");
        s.append("  server    ").append(options.server().word()).append(" on webserver (").append(LabNetwork.WEBSERVER.ipv4())
                .append(", ").append(LabNetwork.CHAT_SERVER_NAME).append("), port ").append(LabNetwork.CHAT_PORT).append('\n');
        s.append("  clients   ");
        for (LabHost host : LabNetwork.CLIENTS) {
            s.append(host).append(' ').append(options.client(host).word()).append(host.equals(LabNetwork.CLIENT3) ? "\n" : ", ");
        }
        s.append("  scenario  ").append(options.scenario().name()).append(" (").append(options.scenario().steps().size())
                .append(" actions)\n");
        s.append("  loss      ").append(options.lossPercent() == 0 ? "none" : options.lossPercent()
                + "% of TCP packets on the webserver's link; dropped " + dropped[0] + " toward webserver, " + dropped[1]
                + " from it").append('\n');
        s.append("  folder    ").append(options.out().toAbsolutePath()).append("\n\n");
        s.append("Timeline (seconds from the start of the run)\n");
        log.timeline().forEach(line -> s.append(line).append('\n'));
        s.append('\n');
        s.append("Deliveries (from the clients' output, in the lab client's words)\n");
        for (Expectations.Kind kind : Expectations.Kind.values()) {
            long all = expected.stream().filter(e -> e.kind() == kind).count();
            long lost = missing.stream().filter(e -> e.kind() == kind).count();
            if (all > 0) {
                s.append(String.format("  %-30s %d of %d%n", describe(kind), all - lost, all));
            }
        }
        s.append('\n');
        s.append("Processes (each started, tracked and ended by its PID)\n");
        processLines.forEach(line -> s.append("  ").append(line).append('\n'));
        for (LabHost host : LabNetwork.CLIENTS) {
            for (LabSession session : clients.of(host)) {
                s.append("  ").append(host).append(' ').append(session.name).append(" (").append(options.client(host).word())
                        .append(" client, pid ").append(session.process.pid()).append("): ").append(session.ending).append('\n');
            }
        }
        s.append('\n');
        List<String> problems = List.copyOf(log.problems());
        List<String> crashes = problems.stream().filter(p -> p.startsWith("CRASH")).toList();
        s.append("Crashes: ").append(crashes.isEmpty() ? "none" : crashes.size()).append('\n');
        crashes.forEach(c -> s.append("  ").append(c).append('\n'));
        log.notes().forEach(n -> s.append("  Note: ").append(n).append('\n'));
        s.append('\n');
        s.append("Captures (analysed by chatlab's analyzer; details in analysis/)\n");
        analysis.lines().forEach(line -> s.append(line).append('\n'));
        LabAnswers server = analysis.answers().get(LabRun.SERVER_CAPTURE);
        if (server != null) {
            s.append(keyAnswers(server, analysis.answers().get(LabNetwork.CLIENT1.name())));
        }
        s.append('\n');
        s.append("Files\n");
        s.append("  chatserver.pcap, client1.pcap, client2.pcap   the captures the lab asks for (client3.pcap too)\n");
        s.append("  analysis/answers.txt                           Q3 to Q12 answered, with frame numbers\n");
        s.append("  analysis/report-chatserver/report.md           evidence: annotated hex dumps, sequence diagram\n");
        s.append("  analysis/report-client1/report.md              evidence for the UDP questions\n");
        s.append("  transcripts/client1.txt ... server.txt         what each program printed, and what was typed\n");
        s.append("  dnsmasq.log                                    the DNS queries of the run\n");
        s.append('\n');
        List<String> others = problems.stream().filter(p -> !p.startsWith("CRASH")).toList();
        if (problems.isEmpty() && !interrupted) {
            s.append("Result: OK: every message arrived where it should and nothing crashed.\n");
        } else {
            s.append(interrupted ? "Result: INTERRUPTED\n" : "Result: PROBLEMS (" + problems.size() + ")\n");
            others.forEach(p -> s.append("  ").append(p).append('\n'));
            crashes.forEach(p -> s.append("  ").append(p).append('\n'));
        }
        return s.toString();
    }

    private static String describe(Expectations.Kind kind) {
        return switch (kind) {
            case CHATROOM -> "chatroom messages received";
            case DIRECT -> "direct (UDP) messages received";
            case LIST -> "#ls lists with the right users";
            case NOT_REGISTERED -> "\"is not registered\" answers";
        };
    }

    /** Q3, Q4, Q6 from the server's capture and Q7 from client1's, in a few lines for the summary. */
    static String keyAnswers(LabAnswers server, LabAnswers client1) {
        StringBuilder s = new StringBuilder();
        TcpAnswers tcp = server.tcp();
        if (tcp != null && tcp.syn() != null) {
            s.append("  Q3  client1's SYN: chatserver.pcap frame ").append(tcp.syn().frame()).append(", sequence number ")
                    .append(tcp.syn().seqRaw()).append(" (raw), flags ").append(tcp.syn().flagsHex()).append('\n');
        }
        if (tcp != null && tcp.synAck() != null) {
            s.append("  Q4  the SYN-ACK: frame ").append(tcp.synAck().frame()).append(", sequence number ")
                    .append(tcp.synAck().seqRaw()).append(", acknowledgement ").append(tcp.synAck().ackRaw())
                    .append(" (").append(tcp.synAck().ackDerivation()).append(")\n");
        }
        if (tcp != null) {
            s.append("  Q6  retransmissions on client1's connection: ").append(tcp.retransmissions().total())
                    .append('\n');
        }
        UdpAnswers.Datagram direct = client1 == null ? null : client1.udp().first();
        if (direct != null) {
            s.append("  Q7  a direct message: client1.pcap frame ").append(direct.frame()).append(", UDP length field ")
                    .append(direct.lengthField()).append(" = 8 header bytes + ").append(direct.payloadLen())
                    .append(" payload bytes\n");
        }
        return s.toString();
    }
}
