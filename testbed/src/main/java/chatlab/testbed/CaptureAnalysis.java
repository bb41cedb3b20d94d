package chatlab.testbed;

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
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs chatlab's capture analyzer (the capture module, in-process) on a run's captures, as {@code chatlab analyze}
 * would: the server's capture for the TCP questions (the connection of client1, as the lab's display filter asks)
 * and each client's capture for the UDP questions.
 */
final class CaptureAnalysis {
    /** What a run's summary needs from the analysis. */
    record Summary(List<String> lines, List<String> problems, Map<String, LabAnswers> answers,
            Map<String, Long> retransmissions) {}

    private CaptureAnalysis() {}

    /**
     * Analyses {@code out/NAME.pcap} for each name and writes, per capture, {@code analysis/NAME.txt} (the
     * answers), {@code NAME.json}, {@code NAME-conversations.txt}, {@code NAME-chat.txt} and
     * {@code report-NAME/report.md} with {@code ladder.svg}; plus {@code answers.txt}, Q3 to Q12 for the lab report.
     */
    static Summary analyze(Path out, List<String> captures) {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, LabAnswers> answers = new LinkedHashMap<>();
        Map<String, Long> retransmissions = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Path dir = out.resolve("analysis");
        for (String name : captures) {
            Path file = out.resolve(name + ".pcap");
            if (!Files.isRegularFile(file)) {
                problems.add("no capture " + file.getFileName() + " to analyse");
                continue;
            }
            boolean server = name.equals(LabRun.SERVER_CAPTURE);
            AnalysisOptions options = AnalysisOptions.defaults().withServerPort(LabNetwork.CHAT_PORT).withChat(true);
            if (server) {
                // The lab: (ip.src==10.20.30.11 || ip.dst==10.20.30.11) && tcp on chatserver.pcap.
                options = options.withClient(LabNetwork.CLIENT1.ipv4());
            }
            try (Analysis analysis = new Analyzer(options).analyze(file)) {
                Files.createDirectories(dir);
                String text = render(w -> TextReport.render(analysis, w));
                texts.put(name, text);
                Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
                LabAnswers json = LabAnswers.of(analysis);
                answers.put(name, json);
                Files.writeString(dir.resolve(name + ".json"), Json.write(json), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(name + "-conversations.txt"),
                        render(w -> ConversationsReport.render(analysis, w)), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(name + "-chat.txt"), render(w -> ChatReport.render(analysis, w)),
                        StandardCharsets.UTF_8);
                MarkdownReport.write(analysis, dir.resolve("report-" + name));
                long total = analysis.tcpRetransmissions();
                retransmissions.put(name, total);
                lines.add(String.format("  %-16s %6d frames, %d TCP connection(s), %d UDP flow(s), %d TCP retransmission(s)",
                        file.getFileName(), analysis.frames(), analysis.tcpConnections(), analysis.udpFlows(),
                        total));
            } catch (IOException e) {
                problems.add("cannot analyse " + file.getFileName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                problems.add("the analyzer failed on " + file.getFileName() + ": " + e);
            }
        }
        String serverText = texts.get(LabRun.SERVER_CAPTURE);
        String clientText = texts.get(LabNetwork.CLIENT1.name());
        if (serverText != null || clientText != null) {
            StringBuilder combined = new StringBuilder();
            combined.append("The lab's Milestone 4 questions, answered from this run's captures by chatlab's analyzer.\n")
                    .append("Q3 to Q6: chatserver.pcap, the TCP connection of client1 (")
                    .append(LabNetwork.CLIENT1.ipv4()).append("), as the lab's display filter\n")
                    .append("(ip.src==").append(LabNetwork.CLIENT1.ipv4()).append(" || ip.dst==")
                    .append(LabNetwork.CLIENT1.ipv4()).append(") && tcp selects. Q7 to Q12: client1.pcap, a direct ")
                    .append("message (UDP).\nEvidence as annotated hex dumps: analysis/report-chatserver/report.md and ")
                    .append("analysis/report-client1/report.md.\n\n");
            if (serverText != null) {
                combined.append("==== chatserver.pcap (Q3 to Q6) ====\n\n").append(serverText).append('\n');
            }
            if (clientText != null) {
                combined.append("==== client1.pcap (Q7 to Q12) ====\n\n").append(clientText).append('\n');
            }
            try {
                Files.writeString(dir.resolve("answers.txt"), combined.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add("cannot write analysis/answers.txt: " + e.getMessage());
            }
        }
        return new Summary(lines, problems, answers, retransmissions);
    }

    private static String render(Consumer<PrintWriter> renderer) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            renderer.accept(writer);
        }
        return text.toString();
    }
}
