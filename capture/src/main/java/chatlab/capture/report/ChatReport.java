package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.ChatLog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chat rebuilt from the capture, as a transcript: time, frame, who, to whom, what. {@code chatlab analyze
 * --chat} writes each line as it is decoded ({@link #textListener}, {@link JsonListener}), so the transcript of any
 * capture takes no memory; {@link #render} writes the lines an analysis kept (for the report).
 */
public final class ChatReport {
    /** Longest message text printed in the transcript; the JSON keeps the whole text. */
    static final int MAX_TEXT_CHARS = 200;

    private ChatReport() {
    }

    /** One line as a JSON object. */
    public static Map<String, Object> json(ChatLog.Line l, long captureStartNanos) {
        Map<String, Object> m = LabAnswers.map("frame", l.frame(), "time_s",
                (l.timestampNanos() - captureStartNanos) / 1e9, "kind", l.kind().name().toLowerCase(Locale.ROOT),
                "from", l.from(), "to", l.to(), "text", l.text(), "wire", l.wire());
        if (l.detail() != null) {
            m.put("detail", l.detail());
        }
        return m;
    }

    /** The kept lines as JSON objects (small captures and tests). */
    public static List<Object> json(Analysis a) {
        List<Object> out = new ArrayList<>();
        for (ChatLog.Line l : a.chat().lines()) {
            out.add(json(l, a.firstNanos()));
        }
        return out;
    }

    private static String shorten(Object text) {
        String t = String.valueOf(text).replace("\n", "\\n");
        return t.length() <= MAX_TEXT_CHARS ? t
                : t.substring(0, MAX_TEXT_CHARS) + "... (" + t.length() + " characters)";
    }

    private static String bracket(Object detail) {
        return detail == null ? "" : " [" + detail + "]";
    }

    /** One transcript line: {@code   0.000200  #4      alice (10.0.0.1) registers with the name "alice"}. */
    public static String text(ChatLog.Line l, long captureStartNanos) {
        String from = l.from();
        String to = l.to();
        String detail = l.detail();
        String t = shorten(l.text());
        String line = switch (l.kind()) {
            case REGISTER -> from + " registers with the name \"" + t + "\"" + (detail == null ? "" : " (" + detail + ")");
            case ROOM_MESSAGE -> from + " to everyone: " + t + bracket(detail);
            case USER_LIST -> from + " to " + to + ": active users " + t + bracket(detail);
            case WELCOME -> from + " to " + to + ": welcome as " + t + bracket(detail);
            case RELAY -> "server relays to " + to + ": " + from + ": " + t + bracket(detail);
            case DIRECT_MESSAGE -> from + " to " + to + " (UDP direct): " + t + bracket(detail);
            case ACK -> "UDP direct".equals(detail)
                    ? from + " to " + to + " (UDP direct): acknowledges " + t
                    : from + " to " + to + ": acknowledges " + t + bracket(detail);
            case WHISPER -> from + " whispers to " + to + ": " + t + bracket(detail);
            case JOINED -> from + " to " + to + ": " + t + " joined" + bracket(detail);
            case LEFT -> from + " to " + to + ": " + t + " left" + bracket(detail);
            case PRESENCE -> from + " to " + to + ": " + t + bracket(detail);
            case ERROR -> from + " to " + to + ": error: " + t + bracket(detail);
            case LOGIN -> from + " to " + to + ": login (SCRAM) exchange";
            case KEEPALIVE -> from + " to " + to + ": keepalive " + t;
            case OTHER -> from + " to " + to + ": message of type \"" + t + "\" (not decoded)";
            case BAD_LINE -> from + " to " + to + ": bad v2 line (" + detail + "): " + t;
            case NOTE -> "[" + from + " to " + to + ": " + t + "]";
        };
        return String.format(Locale.ROOT, "%10.6f  #%-6s %s", (l.timestampNanos() - captureStartNanos) / 1e9,
                l.frame(), line);
    }

    /** The first line of a transcript. */
    public static void header(String file, int serverPort, PrintWriter out) {
        out.printf("%s: chat on port %d%n%n", file, serverPort);
    }

    /** The last line of a transcript. */
    public static void trailer(long lines, long notKept, PrintWriter out) {
        out.printf("%n%d line%s%s.%n", lines, lines == 1 ? "" : "s", notKept == 0 ? ""
                : "; the first " + (lines - notKept) + " are kept for the report (--report-chat-lines), " + notKept
                + " are not");
        out.flush();
    }

    /** Writes each line to {@code out} as it is decoded. */
    public static ChatLog.Listener textListener(PrintWriter out) {
        return (line, start) -> out.println(text(line, start));
    }

    /** {@code {"chat": [...]}} written line by line as they are decoded; call {@link #end()} after the analysis. */
    public static final class JsonListener implements ChatLog.Listener {
        private final Json.ArrayStream lines;

        public JsonListener(PrintWriter out) {
            this.lines = new Json.ArrayStream(out, "chat");
        }

        @Override
        public void line(ChatLog.Line line, long captureStartNanos) {
            lines.add(json(line, captureStartNanos));
        }

        public void end() {
            lines.end();
        }
    }

    /** The lines the analysis kept, as a transcript (the report's chat section, the testbed's file). */
    public static void render(Analysis a, PrintWriter out) {
        ChatLog log = a.chat();
        header(a.file(), a.options().serverPort(), out);
        for (ChatLog.Line l : log.lines()) {
            out.println(text(l, a.firstNanos()));
        }
        trailer(log.total(), log.dropped(), out);
    }
}
