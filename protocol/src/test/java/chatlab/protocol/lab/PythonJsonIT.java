package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our json.dumps against Python's own, for names chosen to hit every escaping rule. */
class PythonJsonIT {
    static final List<String> NAMES = List.of(
            "alice", "bøb", "Ærøskøbing", "quote\"name", "back\\slash", "tab\there", "new\nline", "bell\u0007",
            "del\u007f", "nbsp\u00a0", "emoji👋🏽", "family👨‍👩‍👧", "line\u2028sep", "日本語", "slash/ok", "", "'single'",
            "cr\r", "formfeed\f", "backspace\b", "nul\u0000", "lone\ud800surrogate");

    @Test
    void matchesPythonByteForByteForEveryEscapingRule() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            users.put(NAMES.get(i), "10.20.30." + (11 + i));
        }
        assertThat(PythonJson.dumps(users)).isEqualTo(pythonDumps(users));
    }

    @Test
    void emptyMapAndSingleUserLookLikePython() throws Exception {
        assertThat(PythonJson.dumps(Map.of())).isEqualTo("{}");
        Map<String, String> one = new LinkedHashMap<>();
        one.put("alice", "10.20.30.11");
        assertThat(PythonJson.dumps(one)).isEqualTo("{\"alice\": \"10.20.30.11\"}").isEqualTo(pythonDumps(one));
    }

    /**
     * Hands Python the names as code points (so no JSON encoder of ours is involved) and returns its json.dumps.
     */
    static String pythonDumps(Map<String, String> users) throws IOException, InterruptedException {
        StringBuilder program = new StringBuilder("import json,sys\nd={}\n");
        for (Map.Entry<String, String> e : users.entrySet()) {
            program.append("d[").append(codePoints(e.getKey())).append("]=").append(codePoints(e.getValue())).append('\n');
        }
        program.append("sys.stdout.write(json.dumps(d))\n");
        Process python = new ProcessBuilder("python3", "-c", program.toString()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        python.getInputStream().transferTo(out);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A Python expression building the string from its UTF-16 code units, surrogates included. */
    private static String codePoints(String s) {
        StringBuilder out = new StringBuilder("''.join(map(chr,[");
        for (int i = 0; i < s.length(); i++) {
            out.append((int) s.charAt(i)).append(',');
        }
        // Python strings hold code points; join surrogate pairs the way Java would decode them.
        return out.append("])).encode('utf-16','surrogatepass').decode('utf-16','surrogatepass')").toString();
    }
}
