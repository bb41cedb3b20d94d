package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chatlab analyze} end to end in-process: output, JSON field names, exit codes, one-line errors. */
class AnalyzeCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Ethernet + IPv4 + TCP or UDP, checksums left zero (the analyzer does not need them). */
    private static byte[] packet(int proto, int sport, int dport, long seq, long ack, int flags, int window,
                                 String payload, int src, int dst) {
        byte[] data = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int l4 = proto == 6 ? 20 : 8;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4 + data.length);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + data.length)).putInt(0).put((byte) 64)
                .put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport);
        if (proto == 6) {
            b.putInt((int) seq).putInt((int) ack).putShort((short) (0x5000 | flags)).putShort((short) window)
                    .putInt(0);
        } else {
            b.putShort((short) (8 + data.length)).putShort((short) 0x1234);
        }
        b.put(data);
        return b.array();
    }

    private Path capture() throws IOException {
        int client = 0x0A00000B;
        int server = 0x0A00000A;
        byte[][] packets = {
            packet(6, 40000, 5000, 100, 0, 0x002, 64240, "", client, server),
            packet(6, 5000, 40000, 900, 101, 0x012, 65160, "", server, client),
            packet(6, 40000, 5000, 101, 901, 0x010, 502, "", client, server),
            packet(6, 40000, 5000, 101, 901, 0x018, 502, "alice", client, server),
            packet(17, 5000, 5000, 0, 0, 0, 0, " hi bob", client, 0x0A00000C),
        };
        ByteBuffer f = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        f.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int t = 1_700_000_000;
        for (byte[] p : packets) {
            f.putInt(t).putInt(1000 * (++t % 7)).putInt(p.length).putInt(p.length).put(p);
        }
        Path file = dir.resolve("lab.pcap");
        Files.write(file, java.util.Arrays.copyOf(f.array(), f.position()));
        return file;
    }

    @Test
    void answersInTextByDefault() throws IOException {
        Run r = run("analyze", capture().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Q3   SYN sequence number", "Frame 1: sequence number 100 (raw), 0 relative.",
                "Frame 2: sequence number 900 (raw), acknowledgement number 101 (raw, 1 relative).",
                "SYN seq 100 + 1 = 101", "Source Port       5000", "Length            15",
                "17, IPv4 Protocol field, byte 9 of the IP header of frame 5.");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHasTheDocumentedFieldNames() throws IOException {
        Run r = run("analyze", "--json", capture().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"syn\": {", "\"seq_raw\": 100", "\"flags_hex\": \"0x0002\"", "\"synack\": {",
                "\"ack_raw\": 101", "\"window_min\": {", "\"advertised_by_client\": {", "\"zero_window_frames\": []",
                "\"window_full_frames\": []", "\"throttled\": false", "\"retransmissions\": {",
                "\"length_field\": 15", "\"payload_len\": 7", "\"checksum\": \"0x1234\"",
                "\"udp_protocol_number\": 17");
    }

    @Test
    void conversationsChatAndReport() throws IOException {
        Path file = capture();
        assertThat(run("analyze", "--conversations", file.toString()).out()).contains("tcp", "10.0.0.11:40000",
                "10.0.0.10:5000", "udp");
        assertThat(run("analyze", "--chat", file.toString()).out()).contains(
                "alice (10.0.0.11) registers with the name \"alice\"",
                "alice (10.0.0.11) to 10.0.0.12 (UDP direct):  hi bob");
        Run r = run("analyze", "--report", dir.resolve("out").toString(), file.toString());
        assertThat(r.code()).isZero();
        assertThat(dir.resolve("out").resolve("report.md")).exists();
        assertThat(dir.resolve("out").resolve("ladder.svg")).exists();
    }

    @Test
    void theChatIsWrittenAsItIsDecodedThenCountedWithTheProblems() throws IOException {
        Run r = run("analyze", "--chat", capture().toString());
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo(dir.resolve("lab.pcap") + ": chat on port 5000");
        assertThat(lines[2]).contains("#4", "registers with the name \"alice\"");
        assertThat(r.out()).endsWith("\n2 lines.\n");
        Run json = run("analyze", "--chat", "--json", capture().toString());
        assertThat(json.out()).startsWith("{\n  \"chat\": [\n    {\n      \"frame\": 4,").endsWith("\n  ]\n}\n");
    }

    @Test
    void theMemoryBoundsAreOptionsCheckedOnTheCommandLine() throws IOException {
        Run ok = run("analyze", "--max-flows", "1000", "--chat-buffer-bytes", "65536", "--report-chat-lines", "10",
                "--fragment-buffer-bytes", "100000", "--fragment-timeout", "30s", capture().toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        Run bad = run("analyze", "--max-flows", "1", capture().toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("chatlab: --max-flows must be at least 2");
        Run badTime = run("analyze", "--fragment-timeout", "soon", capture().toString());
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).contains("'soon' is not a duration");
    }

    @Test
    void userErrorsAreOneLineWithDistinctExitCodes() throws IOException {
        Run missing = run("analyze", dir.resolve("nope.pcap").toString());
        assertThat(missing.code()).isEqualTo(AnalyzeCommand.EXIT_UNREADABLE);
        assertThat(missing.err()).isEqualTo("chatlab: cannot read " + dir.resolve("nope.pcap") + ": no such file"
                + System.lineSeparator());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a capture");
        Run notCapture = run("analyze", text.toString());
        assertThat(notCapture.code()).isEqualTo(AnalyzeCommand.EXIT_UNREADABLE);
        assertThat(notCapture.err()).startsWith("chatlab: cannot read ").contains("not a pcap or pcapng capture")
                .doesNotContain("Exception");
        Run badIp = run("analyze", "--client", "nobody", capture().toString());
        assertThat(badIp.code()).isEqualTo(2);
        assertThat(badIp.err()).startsWith("chatlab: --client: 'nobody' is not an IPv4 or IPv6 address");
        Path file = Files.writeString(dir.resolve("blocker"), "a file where the report directory should go");
        Run report = run("analyze", "--report", file.resolve("sub").toString(), capture().toString());
        assertThat(report.code()).isEqualTo(AnalyzeCommand.EXIT_REPORT_FAILED);
        assertThat(report.err()).startsWith("chatlab: cannot write the report to ");
    }
}
