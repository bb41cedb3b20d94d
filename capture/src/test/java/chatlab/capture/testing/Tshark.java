package chatlab.capture.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs tshark as the reference: {@code tshark -r FILE -T fields -e ...}, one map per frame. */
public final class Tshark {
    private Tshark() {
    }

    /** Fails (never skips) with a clear message when tshark is missing. */
    public static Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            Path p = Path.of(dir, "tshark");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("tshark is not installed, and these tests compare chatlab's answers with it: "
                + "install it with 'DEBIAN_FRONTEND=noninteractive apt-get install -y tshark'");
    }

    /** One row of {@code tshark -q -z conv,PROTO}: the two endpoints and the totals. */
    public record ConversationRow(String a, String b, long frames, long bytes) {
    }

    /** {@code tshark -q -z conv,tcp} (or udp), rows in tshark's order; byte totals must be in plain bytes. */
    public static List<ConversationRow> conversations(Path capture, String protocol) throws IOException {
        List<ConversationRow> rows = new ArrayList<>();
        for (String line : run(List.of(require().toString(), "-n", "-r", capture.toString(), "-q", "-z",
                "conv," + protocol))) {
            String[] t = line.trim().split("\\s+");
            if (t.length >= 12 && t[1].equals("<->")) {
                if (!t[11].equals("bytes")) {
                    throw new AssertionError("tshark wrote a total in " + t[11] + ", not bytes: " + line);
                }
                rows.add(new ConversationRow(t[0], t[2], Long.parseLong(t[9].replace(",", "")),
                        Long.parseLong(t[10].replace(",", ""))));
            }
        }
        return rows;
    }

    /** {@code editcap -s SNAP in out}: the capture cut to a snap length, as tcpdump -s would have written it. */
    public static Path editcap(Path in, Path out, int snap) throws IOException {
        Path editcap = require().resolveSibling("editcap");
        run(List.of(editcap.toString(), "-s", Integer.toString(snap), in.toString(), out.toString()));
        return out;
    }

    /** Runs a command to its end (two minutes at most) and returns its output lines. */
    private static List<String> run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Path out = Files.createTempFile("tshark", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd.get(0) + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return lines;
    }

    /** Frame number to field values (empty fields left out). */
    public static Map<Long, Map<String, String>> fields(Path capture, List<String> names) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(require().toString(), "-n", "-r", capture.toString(), "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=f", "-e", "frame.number", "-e", "frame.protocols"));
        for (String n : names) {
            cmd.add("-e");
            cmd.add(n);
        }
        List<String> lines = run(cmd);
        Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines) {
            String[] cols = line.split("\t", -1);
            if (cols.length < 2 || cols[0].isEmpty()) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            row.put("frame.protocols", cols[1]);
            for (int i = 0; i < names.size() && i + 2 < cols.length; i++) {
                if (!cols[i + 2].isEmpty()) {
                    row.put(names.get(i), cols[i + 2]);
                }
            }
            rows.put(Long.parseLong(cols[0]), row);
        }
        return rows;
    }
}
