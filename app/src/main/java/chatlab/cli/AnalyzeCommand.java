package chatlab.cli;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.flow.CaptureLimits;
import chatlab.capture.flow.ChatLog;
import chatlab.capture.flow.PacketObserver;
import chatlab.capture.report.ChatReport;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.MarkdownReport;
import chatlab.capture.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
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
                + "Wireshark does, and the fields of a UDP datagram of the direct chat (IP fragments are put back "
                + "together). Problems in the file are reported after the answers, alike ones grouped, with their "
                + "frames and byte offset, and the analysis goes on. Every output fits in a 256 MB heap; the bounds "
                + "are the options below.")
final class AnalyzeCommand implements Callable<Integer> {
    /** The capture file could not be read at all (missing, unreadable, not a capture). */
    static final int EXIT_UNREADABLE = 3;
    /** The report directory could not be written. */
    static final int EXIT_REPORT_FAILED = 4;
    /** The heap was too small for the capture with the limits given. */
    static final int EXIT_OUT_OF_MEMORY = 5;

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
                    + "minimum window, instead of the answers; written row by row, in constant memory.")
    boolean conversations;

    @Option(names = "--chat",
            description = "Rebuild the chat from the capture (TCP streams reassembled in order, UDP direct messages) "
                    + "and print it as a transcript, instead of the answers; each line is printed as it is decoded.")
    boolean chat;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a Markdown report with annotated hex dumps and an SVG sequence diagram of the "
                    + "connection into this directory (created if missing).")
    Path reportDir;

    @Option(names = "--max-flows", paramLabel = "N",
            description = "TCP connections and UDP flows followed at once (default: as many as fit in the Java heap, "
                    + "about 400 bytes each, 1,000 with --chat or --report: some 545,000 in a 256 MB heap). Past it "
                    + "the flows idle longest are retired, their rows kept; a retired flow that sends again gets a new "
                    + "row and stream number, and a problem says so.")
    Integer maxFlows;

    @Option(names = "--chat-buffer-bytes", paramLabel = "BYTES", defaultValue = "" + CaptureLimits.DEFAULT_CHAT_BUFFER_BYTES,
            description = "Bytes the chat reassembly may hold for all connections together: segments waiting for a "
                    + "hole to fill, messages being put together (default: ${DEFAULT-VALUE}).")
    long chatBufferBytes;

    @Option(names = "--report-chat-lines", paramLabel = "N", defaultValue = "" + CaptureLimits.DEFAULT_REPORT_CHAT_LINES,
            description = "Chat lines the report keeps (in a temporary file past the first few thousand); the rest "
                    + "are counted (default: ${DEFAULT-VALUE}). --chat alone prints every line.")
    long reportChatLines;

    @Option(names = "--fragment-buffer-bytes", paramLabel = "BYTES",
            defaultValue = "" + CaptureLimits.DEFAULT_FRAGMENT_BUFFER_BYTES,
            description = "Bytes of IP fragments that may wait for the rest of their datagram, all datagrams "
                    + "together; past it the oldest datagram is given up and reported (default: ${DEFAULT-VALUE}).")
    long fragmentBufferBytes;

    @Option(names = "--fragment-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Capture time after a datagram's first fragment before it is given up and reported as "
                    + "incomplete (default: ${DEFAULT-VALUE}, as RFC 8200 says).")
    Duration fragmentTimeout;

    @Override
    public Integer call() {
        if (serverPort < 1 || serverPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--server-port must be between 1 and 65535, not " + serverPort);
        }
        if (udpFrame < 0) {
            throw new ParameterException(spec.commandLine(), "--udp-frame must be a frame number from 1 up");
        }
        CaptureLimits limits;
        try {
            limits = new CaptureLimits(maxFlows == null ? CaptureLimits.AUTO_MAX_FLOWS : maxFlows, chatBufferBytes, reportChatLines, fragmentBufferBytes,
                    fragmentTimeout.toNanos());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(spec.commandLine(), "--max-flows must be at least 2, --chat-buffer-bytes and "
                    + "--fragment-buffer-bytes at least 1, --report-chat-lines and --fragment-timeout not negative");
        }
        boolean chatOutput = chat && !conversations;
        if (reportDir == null) {
            limits = limits.withReportChatLines(0); // --chat prints every line as it is decoded: none is kept
        }
        AnalysisOptions options = AnalysisOptions.defaults().withServerPort(serverPort).withUdpFrame(udpFrame)
                .withChat(chatOutput || reportDir != null).withLimits(limits);
        if (client != null) {
            try {
                chatlab.capture.decode.IpAddresses.parse(client);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--client: " + e.getMessage());
            }
            options = options.withClient(client);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            return analyzeAndWrite(options, chatOutput, out);
        } catch (OutOfMemoryError e) {
            out.flush();
            throw new UserError(String.format("ran out of memory: the Java heap (%d MB) is too small for this capture "
                    + "with these limits; lower --max-flows (now %d) or --chat-buffer-bytes (now %d), or give Java "
                    + "more heap, e.g. CHATLAB_JAVA_OPTS=-Xmx1g", Runtime.getRuntime().maxMemory() >> 20,
                    limits.effectiveMaxFlows(options.chat()), chatBufferBytes), EXIT_OUT_OF_MEMORY);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage() == null ? "an input or output failed" : e.getMessage(),
                    EXIT_UNREADABLE);
        }
    }

    private int analyzeAndWrite(AnalysisOptions options, boolean chatOutput, PrintWriter out) {
        ChatLog.Listener listener = null;
        ChatReport.JsonListener jsonChat = null;
        if (chatOutput) {
            if (json) {
                jsonChat = new ChatReport.JsonListener(out);
                listener = jsonChat;
            } else {
                ChatReport.header(file.toString(), serverPort, out);
                listener = ChatReport.textListener(out);
            }
        }
        try (Analysis analysis = analyze(options, listener)) {
            if (conversations) {
                if (json) {
                    ConversationsReport.writeJson(analysis, out);
                } else {
                    ConversationsReport.render(analysis, out);
                }
            } else if (chatOutput) {
                if (jsonChat != null) {
                    jsonChat.end();
                } else {
                    ChatReport.trailer(analysis.chat().total(), 0, out);
                    TextReport.problems(analysis, out);
                }
            } else if (json) {
                Json.write(out, LabAnswers.of(analysis));
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
                    throw new UserError("cannot write the report to " + reportDir + ": " + e.getMessage(),
                            EXIT_REPORT_FAILED);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot delete a temporary file: " + e.getMessage(), EXIT_UNREADABLE);
        }
        out.flush();
        return 0;
    }

    private Analysis analyze(AnalysisOptions options, ChatLog.Listener listener) {
        try {
            return new Analyzer(options, PacketObserver.NONE, listener).analyze(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file", EXIT_UNREADABLE);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + file + ": permission denied", EXIT_UNREADABLE);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), EXIT_UNREADABLE);
        }
    }
}
