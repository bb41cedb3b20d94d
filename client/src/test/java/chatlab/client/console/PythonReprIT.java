package chatlab.client.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lab client's #ls prints a Python dict; ours must print the same for any name. */
class PythonReprIT {
    @Test
    void matchesPythonsReprOfTheUserMap() throws Exception {
        List<String> names = List.of("alice", "bøb", "o'neil", "say \"hi\"", "both ' and \"", "back\\slash",
                "tab\t", "del\u007f", "nbsp\u00a0x", "emoji👋", "zwj👨‍👩‍👧", "日本", "\u2028", "\u00ad");
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            users.put(names.get(i), "127.0.0." + (i + 1));
        }
        assertThat(PythonRepr.dict(users)).isEqualTo(python(users));
        assertThat(PythonRepr.dict(null)).isEqualTo("None");
    }

    private static String python(Map<String, String> users) throws Exception {
        StringBuilder program = new StringBuilder("import sys\nd={}\n");
        for (Map.Entry<String, String> e : users.entrySet()) {
            program.append("d[").append(codes(e.getKey())).append("]=").append(codes(e.getValue())).append('\n');
        }
        program.append("sys.stdout.write(repr(d))\n");
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", program.toString()).redirectErrorStream(true);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String codes(String s) {
        StringBuilder out = new StringBuilder("''.join(map(chr,[");
        s.codePoints().forEach(cp -> out.append(cp).append(','));
        return out.append("]))").toString();
    }
}
