package chatlab.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonRepr} against python3 itself: every character of the Basic Multilingual Plane and a sample of the
 * others, alone and between quotes, and a dict. Characters the JDK's Unicode tables do not know (assigned after
 * its Unicode version) are left out: see {@link PythonRepr}.
 */
class PythonReprIT {
    @Test
    void everyCharacterAsPython() throws IOException, InterruptedException {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c <= 0x10FFFF; c += c < 0x10000 ? 1 : 97) {
            if (Character.getType(c) != Character.UNASSIGNED) {
                texts.add(new String(Character.toChars(c)));
            }
        }
        texts.addAll(List.of("o'neil", "say \"hi\"", "both ' and \"", "x\uD800y", "zwj\uD83D\uDC68\u200D\uD83D\uDC69"));
        List<String> python = python("import sys\nfor line in sys.stdin:\n"
                + "    print(repr(''.join(chr(int(c, 16)) for c in line.split())))\n", texts);
        assertThat(python).hasSameSizeAs(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(PythonRepr.string(texts.get(i))).as("U+%04X", texts.get(i).codePointAt(0))
                    .isEqualTo(python.get(i));
        }
    }

    @Test
    void aDictAsPython() throws IOException, InterruptedException {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", "10.20.30.11");
        users.put("nbsp\u00a0bob", "fd00::12");
        users.put("o'neil", "10.20.30.13");
        List<String> python = python("import sys\nlines = [''.join(chr(int(c, 16)) for c in l.split()) "
                + "for l in sys.stdin]\nprint(repr(dict(zip(lines[0::2], lines[1::2]))))\n",
                users.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toList());
        assertThat(python).containsExactly(PythonRepr.dict(users));
    }

    /** Runs the program with each text as a line of hex code points on its input; returns its output lines. */
    private static List<String> python(String program, List<String> texts) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", program).redirectErrorStream(true);
        builder.environment().put("PYTHONIOENCODING", "utf-8:surrogatepass");
        Process process = builder.start();
        try {
            StringBuilder input = new StringBuilder();
            for (String text : texts) {
                text.codePoints().forEach(c -> input.append(Integer.toHexString(c)).append(' '));
                input.append('\n');
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(output);
                } catch (IOException e) {
                    // the process ended; what was read is checked below
                }
            });
            reader.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
            reader.join(10_000);
            assertThat(process.exitValue()).as(output.toString(StandardCharsets.UTF_8)).isZero();
            return output.toString(StandardCharsets.UTF_8).lines().toList();
        } finally {
            process.destroyForcibly();
        }
    }
}
