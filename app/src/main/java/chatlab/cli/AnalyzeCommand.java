package chatlab.cli;

import chatlab.capture.file.CaptureFormatException;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.report.ChatReport;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.MarkdownReport;
import chatlab.capture.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chatlab analyze}: answers the lab's capture questions (Q3 to Q12) from a pcap or pcapng file. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Reads a pcap or pcapng capture and answers the lab's questions Q3 to Q12 with the evidence: "
                + "the chat connection's SYN and SYN-ACK, the minimum advertised window, retransmissions classified as "
                + "Wireshark does, and the fields of a UDP datagram of the direct chat. Problems in the file are "
                + "reported with their frame and byte offset, and the analysis goes on.")
final class AnalyzeCommand implements Callable<Integer> {
    /** The capture file could not be read at all (missing, unreadable, not a capture). */
    static final int EXIT_UNREADABLE = 3;
    /** The report directory could not be written. */
    static final int EXIT_REPORT_FAILED = 4;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The capture file (pcap or pcapng) to analyse.")
    Path file;

    @Option(names = "--client", paramLabel = "IP",
            description = "Answer for the connection of the client with this IP address. Without it the first "
                    + "connection to the server port is used.")
    String client;

    @Option(names = "--server-port", paramLabel = "PORT", defaultValue = "" + AnalysisOptions.DEFAULT_SERVER_PORT,
            description = "The chat server's TCP port, also the port of the UDP direct chat (default: ${DEFAULT-VALUE}).")
    int serverPort;

    @Option(names = "--udp-frame", paramLabel = "N",
            description = "Use this frame (numbered from 1, as in Wireshark) for the UDP questions Q7 to Q10 instead "
                    + "of the first datagram of the direct chat.")
    long udpFrame;

    @Option(names = "--json", description = "Print the answers as JSON; the field names are documented in docs/CAPTURE.md.")
    boolean json;

    @Option(names = "--conversations",
            description = "List every TCP connection and UDP flow with packets, bytes, duration, retransmissions and "
                    + "minimum window, instead of the answers.")
    boolean conversations;

    @Option(names = "--chat",
            description = "Rebuild the chat from the capture (TCP streams reassembled in order, UDP direct messages) "
                    + "and print it as a transcript, instead of the answers.")
    boolean chat;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a Markdown report with annotated hex dumps and an SVG sequence diagram of the "
                    + "connection into this directory (created if missing).")
    Path reportDir;

    @Override
    public Integer call() {
        if (serverPort < 1 || serverPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--server-port must be between 1 and 65535, not " + serverPort);
        }
        if (udpFrame < 0) {
            throw new ParameterException(spec.commandLine(), "--udp-frame must be a frame number from 1 up");
        }
        AnalysisOptions options = AnalysisOptions.defaults().withServerPort(serverPort).withUdpFrame(udpFrame)
                .withChat(chat || reportDir != null);
        if (client != null) {
            try {
                chatlab.capture.decode.IpAddresses.parse(client);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--client: " + e.getMessage());
            }
            options = options.withClient(client);
        }
        Analysis analysis;
        try {
            analysis = new Analyzer(options).analyze(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file", EXIT_UNREADABLE);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + file + ": permission denied", EXIT_UNREADABLE);
        } catch (CaptureFormatException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), EXIT_UNREADABLE);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), EXIT_UNREADABLE);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (conversations) {
            if (json) {
                out.print(Json.write(Map.of("conversations", ConversationsReport.json(analysis))));
            } else {
                ConversationsReport.render(analysis, out);
            }
        } else if (chat) {
            if (json) {
                out.print(Json.write(Map.of("chat", ChatReport.json(analysis))));
            } else {
                ChatReport.render(analysis, out);
            }
        } else if (json) {
            out.print(Json.write(LabAnswers.of(analysis)));
        } else {
            TextReport.render(analysis, out);
        }
        if (reportDir != null) {
            try {
                Path written = MarkdownReport.write(analysis, reportDir);
                if (!json) {
                    out.println();
                    out.println("Report written to " + written);
                }
            } catch (IOException e) {
                throw new UserError("cannot write the report to " + reportDir + ": " + e.getMessage(), EXIT_REPORT_FAILED);
            }
        }
        out.flush();
        return 0;
    }
}
