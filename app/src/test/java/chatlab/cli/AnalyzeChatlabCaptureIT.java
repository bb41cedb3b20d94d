package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump on loopback while the chatlab server (the shaded jar) serves two lab Python clients that chat and send
 * each other direct UDP messages; {@code chatlab analyze --json} must then give the numbers tshark reads in the
 * same frames.
 */
class AnalyzeChatlabCaptureIT {
    @TempDir
    Path dir;

    private static String tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed; this test needs it: "
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y tcpdump tshark");
    }

    private static String tshark(Path file, long frame, String field) throws Exception {
        Process p = new ProcessBuilder(tool("tshark"), "-n", "-r", file.toString(), "-Y", "frame.number == " + frame,
                "-T", "fields", "-E", "occurrence=f", "-e", field).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String json(String json, String key) {
        int i = json.indexOf("\"" + key + "\": ");
        assertThat(i).as(key + " in the JSON").isNotNegative();
        int start = i + key.length() + 4;
        int end = start;
        while (end < json.length() && ",\n}".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(start, end).replace("\"", "");
    }

    @Test
    void answersForAChatlabServerCaptureMatchTshark() throws Exception {
        InetAddress server = Ports.loopback(51);
        InetAddress a = Ports.loopback(52);
        InetAddress b = Ports.loopback(53);
        int port = Ports.freeForTcpAndUdp(server, a, b);
        String p = Integer.toString(port);
        Path pcap = dir.resolve("chatlab-server.pcap");
        List<ScriptedProcess> started = new ArrayList<>();
        try {
            ScriptedProcess dump = ScriptedProcess.start("tcpdump", List.of(tool("tcpdump"), "-Z", "root",
                    "--immediate-mode", "-U", "-i", "lo", "-w", pcap.toString(), "port " + p), java.util.Map.of());
            started.add(dump);
            dump.awaitStderr("listening on");
            ScriptedProcess srv = ChatlabJar.start("server", "server", "--bind", server.getHostAddress(), "--port", p);
            started.add(srv);
            srv.awaitStderr("listening on");
            ScriptedProcess alice = LabPrograms.startClient("alice", server.getHostAddress(), port, a);
            started.add(alice);
            alice.typeLine("alice");
            srv.awaitStderr("join alice from " + a.getHostAddress());
            ScriptedProcess bob = LabPrograms.startClient("bob", server.getHostAddress(), port, b);
            started.add(bob);
            bob.typeLine("bob");
            srv.awaitStderr("join bob from " + b.getHostAddress());
            Await.until("alice's client to know bob", () -> {
                alice.typeLine("#ls");
                return alice.stdout().contains("'bob': '" + b.getHostAddress() + "'");
            });
            alice.typeLine("hello room");
            bob.awaitStdout("incoming msg from chatserver (alice: hello room )");
            alice.typeLine("@bob: hi bob");
            bob.awaitStdout("Incoming msg (P2P) from alice: hi bob");
            alice.closeInput();
            alice.awaitExit(Duration.ofSeconds(20));
            Await.until("the capture to show alice's connection closed from both sides", () -> endedBoth(pcap));
        } finally {
            for (ScriptedProcess s : started) {
                s.close();
            }
        }
        StringWriter out = new StringWriter();
        var cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("analyze", "--json", "--server-port", p, "--client", a.getHostAddress(), pcap.toString());
        assertThat(code).isZero();
        String j = out.toString();
        long synFrame = Long.parseLong(json(j.substring(j.indexOf("\"syn\": {")), "frame"));
        long synAckFrame = Long.parseLong(json(j.substring(j.indexOf("\"synack\": {")), "frame"));
        long udpFrame = Long.parseLong(json(j.substring(j.indexOf("\"first\": {")), "frame"));
        assertThat(json(j.substring(j.indexOf("\"syn\": {")), "seq_raw")).isEqualTo(tshark(pcap, synFrame, "tcp.seq_raw"));
        assertThat(json(j.substring(j.indexOf("\"syn\": {")), "flags_hex")).isEqualTo(tshark(pcap, synFrame, "tcp.flags"));
        String synack = j.substring(j.indexOf("\"synack\": {"));
        assertThat(json(synack, "seq_raw")).isEqualTo(tshark(pcap, synAckFrame, "tcp.seq_raw"));
        assertThat(json(synack, "ack_raw")).isEqualTo(tshark(pcap, synAckFrame, "tcp.ack_raw"));
        assertThat(tshark(pcap, synAckFrame, "ip.src")).isEqualTo(server.getHostAddress());
        String udp = j.substring(j.indexOf("\"first\": {"));
        assertThat(json(udp, "length_field")).isEqualTo(tshark(pcap, udpFrame, "udp.length"));
        assertThat(json(udp, "checksum")).isEqualTo(tshark(pcap, udpFrame, "udp.checksum"));
        assertThat(json(udp, "payload_text")).isEqualTo(" hi bob");
        assertThat(json(j, "udp_protocol_number")).isEqualTo(tshark(pcap, udpFrame, "ip.proto"));
    }

    private static boolean endedBoth(Path pcap) {
        try {
            Process p = new ProcessBuilder(tool("tshark"), "-n", "-r", pcap.toString(), "-Y",
                    "tcp.flags.fin == 1 || tcp.flags.reset == 1", "-T", "fields", "-e", "frame.number")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(60, TimeUnit.SECONDS);
            return !out.isEmpty() && out.split("\n").length >= 2;
        } catch (Exception e) {
            return false;
        }
    }
}
