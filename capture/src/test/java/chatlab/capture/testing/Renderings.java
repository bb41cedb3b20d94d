package chatlab.capture.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.flow.Analysis;
import chatlab.capture.report.ChatReport;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.MarkdownReport;
import chatlab.capture.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Renders an analysis every way the CLI can, so that no answer shape can crash a renderer. */
public final class Renderings {
    private Renderings() {
    }

    public static void renderAll(Analysis a, Path reportDir) throws IOException {
        StringWriter text = new StringWriter();
        TextReport.render(a, new PrintWriter(text));
        assertThat(text.toString()).contains("Q10  Maximum UDP payload", "Q12  UDP protocol number");
        assertThat(Json.write(LabAnswers.of(a))).startsWith("{");
        ConversationsReport.render(a, new PrintWriter(new StringWriter()));
        assertThat(Json.write(Map.of("c", ConversationsReport.json(a)))).startsWith("{");
        if (a.chat() != null) {
            ChatReport.render(a, new PrintWriter(new StringWriter()));
            Json.write(Map.of("chat", ChatReport.json(a)));
        }
        MarkdownReport.write(a, reportDir);
    }
}
