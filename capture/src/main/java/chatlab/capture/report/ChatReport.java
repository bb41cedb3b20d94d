package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.ChatLog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The chat rebuilt from the capture, as a transcript: time, frame, who, to whom, what. */
public final class ChatReport {
    private ChatReport() {
    }

    public static List<Object> json(Analysis a) {
        List<Object> out = new ArrayList<>();
        ChatLog log = a.chat();
        for (ChatLog.Line l : log.lines()) {
            out.add(LabAnswers.map("frame", l.frame(), "time_s", (l.timestampNanos() - a.firstNanos()) / 1e9,
                    "kind", l.kind().name().toLowerCase(java.util.Locale.ROOT), "from", l.from(), "to", l.to(),
                    "text", l.text()));
        }
        return out;
    }

    /** Longest message text printed in the transcript; the JSON keeps the whole text. */
    static final int MAX_TEXT_CHARS = 200;

    private static String shorten(Object text) {
        String t = String.valueOf(text).replace("\n", "\\n");
        return t.length() <= MAX_TEXT_CHARS ? t
                : t.substring(0, MAX_TEXT_CHARS) + "... (" + t.length() + " characters)";
    }

    public static void render(Analysis a, PrintWriter out) {
        ChatLog log = a.chat();
        out.printf("%s: chat on port %d, %d lines%n%n", a.file(), a.options().serverPort(), log.lines().size());
        for (Object o : json(a)) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = (java.util.Map<String, Object>) o;
            String kind = (String) m.get("kind");
            m.put("text", shorten(m.get("text")));
            String text = switch (kind) {
                case "register" -> m.get("from") + " registers with the name \"" + m.get("text") + "\"";
                case "room_message" -> m.get("from") + " to everyone: " + m.get("text");
                case "user_list" -> m.get("from") + " to " + m.get("to") + ": active users " + m.get("text");
                case "relay" -> "server relays to " + m.get("to") + ": " + m.get("from") + ": " + m.get("text");
                case "direct_message" -> m.get("from") + " to " + m.get("to") + " (UDP direct): " + m.get("text");
                default -> "[" + m.get("from") + " to " + m.get("to") + ": " + m.get("text") + "]";
            };
            out.printf("%10.6f  #%-6s %s%n", (Double) m.get("time_s"), m.get("frame"), text);
        }
        if (log.dropped() > 0) {
            out.printf("... %d more lines not kept.%n", log.dropped());
        }
        out.flush();
    }
}
