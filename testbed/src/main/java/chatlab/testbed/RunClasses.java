package chatlab.testbed;

import chatlab.capture.flow.Analyzer;
import chatlab.capture.report.ChatReport;
import chatlab.capture.report.Conversation;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.MarkdownReport;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.report.TextReport;
import chatlab.capture.report.UdpAnswers;
import chatlab.proc.Finished;
import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import chatlab.proc.Stopper;
import chatlab.wire.PythonRepr;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Loads, links and initializes at the start of a run the classes its clean-up and its report need. Why: a JVM
 * started with {@code java -jar app/target/chatlab.jar} loads classes from that file as it goes, and a build during
 * the run ({@code mvn package}, or {@code ./chatlab} finding the sources newer) rewrites it in place; from then on
 * every class not loaded yet is a {@code NoClassDefFoundError}, which once left namespaces behind. A run must still
 * stop its processes, take the testbed down and write what it can. ({@code ./chatlab} itself runs a private copy of
 * the jar, and the hosts' programs run from the run's own copy; see {@link LabRun#run}.) The list cannot hold every
 * class those paths touch; it holds the entry points and what they use first.
 */
final class RunClasses {
    private static final List<Class<?>> NEEDED_LATER = List.of(
            // the clean-up
            RunProcesses.class, HostProcess.class, HostProcess.Line.class, Pids.class, Loss.class, Exec.class,
            Exec.Result.class, Testbed.ProcessRecord.class, SocketTable.class, SocketTable.Socket.class,
            Launch.class, RunningProcess.class, Stopper.class, Finished.class,
            // the report
            RunReport.class, Transcripts.class, CrashWatch.class, LabSession.class, ClientSessions.class,
            Expectations.class, Expectations.Expected.class, Expectations.Kind.class, PythonRepr.class,
            CaptureAnalysis.class, CaptureAnalysis.Summary.class, RunResult.class,
            Analyzer.class, TextReport.class, MarkdownReport.class, LabAnswers.class, TcpAnswers.class,
            UdpAnswers.class, ConversationsReport.class, Conversation.class, ChatReport.class, Json.class);

    private RunClasses() {}

    static void load() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> c : NEEDED_LATER) {
            try {
                lookup.ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("the testbed cannot initialize " + c, e);
            }
        }
    }
}
