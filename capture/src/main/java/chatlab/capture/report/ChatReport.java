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
            java.util.Map<String, Object> m = LabAnswers.map("frame", l.frame(), "time_s",
                    (l.timestampNanos() - a.firstNanos()) / 1e9, "kind", l.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "from", l.from(), "to", l.to(), "text", l.text(), "wire", l.wire());
            if (l.detail() != null) {
                m.put("detail", l.detail());
            }
            out.add(m);
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

    private static String bracket(Object detail) {
        return detail == null ? "" : " [" + detail + "]";
    }

    public static void render(Analysis a, PrintWriter out) {
        ChatLog log = a.chat();
        out.printf("%s: chat on port %d, %d lines%n%n", a.file(), a.options().serverPort(), log.lines().size());
        for (Object o : json(a)) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = (java.util.Map<String, Object>) o;
            String kind = (String) m.get("kind");
            m.put("text", shorten(m.get("text")));
            Object from = m.get("from");
            Object to = m.get("to");
            Object detail = m.get("detail");
            String text = switch (kind) {
                case "register" -> from + " registers with the name \"" + m.get("text") + "\""
                        + (detail == null ? "" : " (" + detail + ")");
                case "room_message" -> from + " to everyone: " + m.get("text") + bracket(detail);
                case "user_list" -> from + " to " + to + ": active users " + m.get("text") + bracket(detail);
                case "welcome" -> from + " to " + to + ": welcome as " + m.get("text") + bracket(detail);
                case "relay" -> "server relays to " + to + ": " + from + ": " + m.get("text") + bracket(detail);
                case "direct_message" -> from + " to " + to + " (UDP direct): " + m.get("text") + bracket(detail);
                case "ack" -> "UDP direct".equals(detail)
                        ? from + " to " + to + " (UDP direct): acknowledges " + m.get("text")
                        : from + " to " + to + ": acknowledges " + m.get("text") + bracket(detail);
                case "whisper" -> from + " whispers to " + to + ": " + m.get("text") + bracket(detail);
                case "joined" -> from + " to " + to + ": " + m.get("text") + " joined" + bracket(detail);
                case "left" -> from + " to " + to + ": " + m.get("text") + " left" + bracket(detail);
                case "presence" -> from + " to " + to + ": " + m.get("text") + bracket(detail);
                case "error" -> from + " to " + to + ": error: " + m.get("text") + bracket(detail);
                case "login" -> from + " to " + to + ": login (SCRAM) exchange";
                case "keepalive" -> from + " to " + to + ": keepalive " + m.get("text");
                case "other" -> from + " to " + to + ": message of type \"" + m.get("text") + "\" (not decoded)";
                case "bad_line" -> from + " to " + to + ": bad v2 line (" + detail + "): " + m.get("text");
                default -> "[" + from + " to " + to + ": " + m.get("text") + "]";
            };
            out.printf("%10.6f  #%-6s %s%n", (Double) m.get("time_s"), m.get("frame"), text);
        }
        if (log.dropped() > 0) {
            out.printf("... %d more lines not kept.%n", log.dropped());
        }
        out.flush();
    }
}
