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

    /** Frame number to field values (empty fields left out). */
    public static Map<Long, Map<String, String>> fields(Path capture, List<String> names) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(require().toString(), "-n", "-r", capture.toString(), "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=f", "-e", "frame.number", "-e", "frame.protocols"));
        for (String n : names) {
            cmd.add("-e");
            cmd.add(n);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Path out = Files.createTempFile("tshark", ".tsv");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark did not finish within 120 s on " + capture);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
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
        Files.deleteIfExists(out);
        return rows;
    }
}
