package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.report.ChatReport;
import chatlab.capture.report.Json;
import chatlab.capture.testing.ChatSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat rebuilt from synthetic captures of chatlab's v2 wire, alone and next to a lab connection. */
class V2ChatTest {
    static final String SERVER = "10.0.0.2";
    static final String ALICE = "10.0.0.11";
    static final String BOB = "10.0.0.12";

    @TempDir
    Path dir;

    private static Analysis analyze(Path file) throws IOException {
        return new Analyzer(AnalysisOptions.defaults().withChat(true)).analyze(file);
    }

    /** The transcript without the header, the time column and the line count: "#frame text". */
    private static List<String> transcript(Analysis a) {
        StringWriter out = new StringWriter();
        ChatReport.render(a, new PrintWriter(out));
        return Arrays.stream(out.toString().split("\n")).skip(2).filter(l -> l.matches(" *\\d+\\.\\d{6}  #.*"))
                .map(l -> l.substring(12).replaceAll(" +", " "))
                .map(l -> l.replaceFirst("^#\\d+ ", "")).toList();
    }

    private static String welcome(String name, String users) {
        return "{\"type\":\"welcome\",\"version\":2,\"server\":\"chatlab/0.1.0\",\"name\":\"" + name + "\",\"address\":\""
                + ALICE + "\",\"limits\":{\"max_line_bytes\":16384,\"messages_per_second\":20.0},\"users\":[" + users
                + "],\"epoch\":\"e1\"}\n";
    }

    private static String user(String name, String address, int udpPort, String wire) {
        return "{\"name\":\"" + name + "\",\"address\":\"" + address + "\",\"udp_port\":" + udpPort + ",\"wire\":\""
                + wire + "\",\"joined\":\"2026-11-25T13:38:30.576363289Z\"}";
    }

    @Test
    void aV2SessionBecomesATranscript() throws IOException {
        ChatSession cs = new ChatSession(SERVER, 5000);
        ChatSession.Connection alice = cs.connect(ALICE, 40001);
        alice.client("{\"type\":\"hello\",\"version\":2,\"name\":\"alice\",\"client\":\"chatlab-client/0.1.0\","
                + "\"udp_port\":41000,\"features\":[\"dm-ack\"],\"scram\":\"n,,n=alice,r=SECRETNONCE\"}\n");
        alice.server("{\"type\":\"challenge\",\"mechanism\":\"SCRAM-SHA-256\",\"server_first\":\"r=SECRETNONCE1,s=SALT,i=4096\"}\n");
        alice.client("{\"type\":\"proof\",\"client_final\":\"c=biws,r=SECRETNONCE1,p=PROOFBYTES\"}\n");
        alice.serverSplit(welcome("alice", user("alice", ALICE, 41000, "v2")).replace("\"epoch\"",
                "\"scram_final\":\"v=SERVERSIG\",\"epoch\""), 40);
        ChatSession.Connection bob = cs.connect(BOB, 40002);
        bob.client("{\"type\":\"hello\",\"version\":2,\"name\":\"bob\",\"udp_port\":42000}\r\n");
        bob.server(welcome("bob", user("alice", ALICE, 41000, "v2") + "," + user("bob", BOB, 42000, "v2")));
        alice.server("{\"type\":\"joined\",\"user\":" + user("bob", BOB, 42000, "v2") + "}\n");
        // two lines in one segment, then a line cut over two segments
        alice.client("{\"type\":\"say\",\"id\":\"k3x-1\",\"text\":\"hello, room \\u00e9\\ud83d\\ude00\"}\n"
                + "{\"type\":\"ping\",\"token\":\"t1\"}\n{\"type\":\"say\",\"id\":\"k3x-2\",");
        alice.client("\"text\":\"waves\",\"action\":true}\n");
        alice.server("{\"type\":\"ack\",\"id\":\"k3x-1\",\"seq\":1,\"time\":\"2026-11-25T13:38:31Z\"}\n"
                + "{\"type\":\"pong\",\"token\":\"t1\"}\n"
                + "{\"type\":\"ack\",\"id\":\"k3x-1\",\"seq\":1,\"time\":\"2026-11-25T13:38:31Z\",\"duplicate\":true}\n");
        bob.server("{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hello, room \\u00e9\\ud83d\\ude00\",\"seq\":1,"
                + "\"time\":\"2026-11-25T13:38:31Z\",\"id\":\"k3x-1\",\"wire\":\"v2\"}\n");
        cs.udp(ALICE, 41000, BOB, 42000, "{\"type\":\"dm\",\"from\":\"alice\",\"id\":\"k3x-5\",\"text\":\"psst\",\"to\":\"bob\"}");
        cs.udp(BOB, 42000, ALICE, 41000, "{\"type\":\"dm_ack\",\"id\":\"k3x-5\"}");
        bob.client("{\"type\":\"whisper\",\"id\":\"b-1\",\"to\":\"alice\",\"text\":\"over tcp\"}\n");
        alice.server("{\"type\":\"whisper\",\"from\":\"bob\",\"id\":\"b-1\",\"text\":\"over tcp\",\"time\":\"t\"}\n");
        bob.server("{\"type\":\"ack\",\"id\":\"b-1\",\"seq\":0,\"time\":\"t\"}\n");
        bob.client("{\"type\":\"whisper\",\"id\":\"b-2\",\"to\":\"zed\",\"text\":\"?\"}\n");
        bob.server("{\"type\":\"error\",\"code\":\"unknown_user\",\"message\":\"no user named \\\"zed\\\" is in the room\","
                + "\"fatal\":false,\"ref\":\"b-2\"}\n");
        bob.client("{\"type\":\"shout\",\"id\":\"b-3\"}\n");
        bob.client("{\"type\":\"say\",\"text\":\"unclosed\"\n");
        bob.client("[\"not\",\"an\",\"object\"]\n");
        bob.client("{\"text\":\"no type\"}\n");
        bob.client("{\"type\":\"say\",\"text\":\"" + "[".repeat(3) + "\",\"deep\":" + "[".repeat(8) + "]".repeat(8) + "}\n");
        bob.client(new byte[] {'{', '"', (byte) 0xC3, '"', '}', '\n'});
        bob.client("{\"type\":\"bye\"}\n");
        alice.server("{\"type\":\"left\",\"name\":\"bob\",\"reason\":\"said bye\"}\n");
        bob.close();
        alice.client("{\"type\":\"say\",\"id\":\"k3x-3\",\"text\":\"never finished");
        Analysis a = analyze(cs.writePcap(dir.resolve("v2.pcap")));
        List<String> t = transcript(a);
        String A = "alice (" + ALICE + ")";
        String B = "bob (" + BOB + ")";
        String S = "server (" + SERVER + ")";
        assertThat(t).containsExactly(
                A + " registers with the name \"alice\" (v2 wire, UDP port 41000, SCRAM login)",
                S + " to " + A + ": login (SCRAM) exchange",
                A + " to " + S + ": login (SCRAM) exchange",
                S + " to " + A + ": active users {alice=" + ALICE + "} [welcome as alice, login verified (SCRAM),"
                        + " alice: v2 wire, UDP port 41000]",
                B + " registers with the name \"bob\" (v2 wire, UDP port 42000)",
                S + " to " + B + ": active users {alice=" + ALICE + ", bob=" + BOB + "} [welcome as bob,"
                        + " alice: v2 wire, UDP port 41000; bob: v2 wire, UDP port 42000]",
                S + " to " + A + ": bob joined [" + BOB + ", v2 wire, UDP port 42000]",
                A + " to everyone: hello, room \u00e9\uD83D\uDE00 [id k3x-1]",
                A + " to " + S + ": keepalive ping",
                A + " to everyone: waves [id k3x-2, action (/me)]",
                S + " to " + A + ": acknowledges k3x-1 [seq 1]",
                S + " to " + A + ": keepalive pong",
                S + " to " + A + ": acknowledges k3x-1 [seq 1, duplicate]",
                "server relays to " + B + ": alice: hello, room \u00e9\uD83D\uDE00 [seq 1, id k3x-1]",
                A + " to " + B + " (UDP direct): psst [id k3x-5]",
                B + " to " + A + " (UDP direct): acknowledges k3x-5",
                B + " whispers to alice (through the server): over tcp [id b-1]",
                "bob (through the server) whispers to " + A + ": over tcp [id b-1]",
                S + " to " + B + ": acknowledges b-1 [seq 0]",
                B + " whispers to zed (through the server): ? [id b-2]",
                S + " to " + B + ": error: no user named \"zed\" is in the room [code unknown_user, about id b-2]",
                B + " to " + S + ": message of type \"shout\" (not decoded)",
                B + " to " + S + ": bad v2 line (not JSON: truncated: the object is not closed at offset 31):"
                        + " {\"type\":\"say\",\"text\":\"unclosed\"",
                B + " to " + S + ": bad v2 line (not JSON: not a JSON object at offset 0): [\"not\",\"an\",\"object\"]",
                B + " to " + S + ": bad v2 line (no string field \"type\"): {\"text\":\"no type\"}",
                B + " to " + S + ": bad v2 line (not JSON: nesting deeper than 8 levels at offset 41): {\"type\":\"say\","
                        + "\"text\":\"[[[\",\"deep\":[[[[[[[[]]]]]]]]}",
                B + " to " + S + ": bad v2 line (not UTF-8): [5 bytes, not UTF-8]",
                B + " to " + S + ": bob left [says bye]",
                S + " to " + A + ": bob left [said bye]",
                A + " to " + S + ": bad v2 line (a line not finished at the end of the capture): {\"type\":\"say\","
                        + "\"id\":\"k3x-3\",\"text\":\"never finished");
        String all = String.join("\n", t) + Json.write(ChatReport.json(a));
        assertThat(all).as("SCRAM values never shown").doesNotContain("SECRETNONCE", "PROOFBYTES", "SERVERSIG", "SALT");
        assertThat(Json.write(ChatReport.json(a))).contains("\"kind\": \"ack\"", "\"wire\": \"v2\"",
                "\"detail\": \"seq 1, duplicate\"");
        assertThat(a.chat().nameOf(BOB)).isEqualTo("bob");
    }

    @Test
    void aLabAndAV2ConnectionInOneCapture() throws IOException {
        ChatSession cs = new ChatSession(SERVER, 5000);
        ChatSession.Connection carol = cs.connect(BOB, 40003);
        carol.client("carol");
        carol.server(padded("!{\"carol\": \"" + BOB + "\"}")); // chatlab's server pads maps for lab clients
        ChatSession.Connection alice = cs.connect(ALICE, 40004);
        alice.client("{\"type\":\"hello\",\"version\":2,\"name\":\"alice\",\"udp_port\":5000}\n");
        alice.server(welcome("alice", user("carol", BOB, 5000, "lab") + "," + user("alice", ALICE, 5000, "v2")));
        carol.server(padded("!{\"carol\": \"" + BOB + "\", \"alice\": \"" + ALICE + "\"}").substring(0, 500));
        carol.server(padded("!{\"carol\": \"" + BOB + "\", \"alice\": \"" + ALICE + "\"}").substring(500));
        carol.client("{not json, just text");
        alice.server("{\"type\":\"message\",\"from\":\"carol\",\"text\":\"{not json, just text\",\"seq\":1,"
                + "\"time\":\"t\",\"wire\":\"lab\"}\n");
        alice.client("{\"type\":\"say\",\"id\":\"x-1\",\"text\":\"hi carol\"}\n");
        carol.server("alice: hi carol ");
        cs.udp(ALICE, 5000, BOB, 5000, "psst, plain text");
        cs.udp(BOB, 5000, ALICE, 5000, "{\"type\":\"dm\",\"from\":\"carol\",\"id\":\"1\",\"text\":\"forged?\",\"to\":\"alice\"}");
        cs.udp(BOB, 5000, ALICE, 5000, "{lab text that looks like JSON}");
        cs.udp(BOB, 41000, ALICE, 42000, "{\"not\":\"a dm\"}");
        cs.udp(BOB, 41000, ALICE, 42000, "{\"type\":\"dm\",\"from\":\"bob\",\"id\":\"9\",\"text\":\"hi\",\"to\":\"al\"}");
        Analysis a = analyze(cs.writePcap(dir.resolve("mixed.pcap")));
        String A = "alice (" + ALICE + ")";
        String C = "carol (" + BOB + ")";
        String S = "server (" + SERVER + ")";
        assertThat(transcript(a)).containsExactly(
                C + " registers with the name \"carol\"",
                S + " to " + C + ": active users {carol=" + BOB + "}",
                A + " registers with the name \"alice\" (v2 wire, UDP port 5000)",
                S + " to " + A + ": active users {carol=" + BOB + ", alice=" + ALICE + "} [welcome as alice,"
                        + " carol: lab wire, UDP port 5000; alice: v2 wire, UDP port 5000]",
                S + " to " + C + ": active users {carol=" + BOB + ", alice=" + ALICE + "}",
                C + " to everyone: {not json, just text",
                "server relays to " + A + ": carol: {not json, just text [seq 1, sent on the lab wire]",
                A + " to everyone: hi carol [id x-1]",
                "server relays to " + C + ": alice: hi carol",
                A + " to " + C + " (UDP direct): psst, plain text",
                C + " to " + A + " (UDP direct): forged? [id 1]",
                C + " to " + A + " (UDP direct): {lab text that looks like JSON}",
                C + " to " + A + " (UDP direct): hi [id 9, says it is from bob, addressed to al]");
        assertThat(a.chat().lines()).extracting(ChatLog.Line::wire).containsExactly("lab", "lab", "v2", "v2", "lab",
                "lab", "v2", "v2", "lab", "lab", "v2", "lab", "v2");
    }

    /**
     * chatlab's server sends a newcomer a welcome naming only itself ({@code users_follow}) and, in the same segment,
     * the room as one presence. The first user of an empty room gets an empty presence: the welcome is not a user
     * list, so the frame's one user list is not printed twice.
     */
    @Test
    void aWelcomeWhoseRoomFollowsIsOneLineAndTheRoomAnother() throws IOException {
        ChatSession cs = new ChatSession(SERVER, 5000);
        ChatSession.Connection alice = cs.connect(ALICE, 40001);
        alice.client("{\"type\":\"hello\",\"version\":2,\"name\":\"alice\",\"udp_port\":41000}\n");
        String follows = "\"users_follow\":true,\"epoch\"";
        alice.server(welcome("alice", user("alice", ALICE, 41000, "v2")).replace("\"epoch\"", follows)
                + "{\"type\":\"presence\",\"joined\":[],\"left\":[]}\n");
        ChatSession.Connection bob = cs.connect(BOB, 40002);
        bob.client("{\"type\":\"hello\",\"version\":2,\"name\":\"bob\",\"udp_port\":42000}\n");
        bob.server(welcome("bob", user("bob", BOB, 42000, "v2")).replace("\"epoch\"", follows)
                + "{\"type\":\"presence\",\"joined\":[" + user("alice", ALICE, 41000, "v2") + "],\"left\":[]}\n");
        Analysis a = analyze(cs.writePcap(dir.resolve("welcome-follows.pcap")));
        String A = "alice (" + ALICE + ")";
        String B = "bob (" + BOB + ")";
        String S = "server (" + SERVER + ")";
        assertThat(transcript(a)).containsExactly(
                A + " registers with the name \"alice\" (v2 wire, UDP port 41000)",
                S + " to " + A + ": welcome as alice [the room follows, alice: v2 wire, UDP port 41000]",
                S + " to " + A + ": active users {alice=" + ALICE + "} [the room at the welcome]",
                B + " registers with the name \"bob\" (v2 wire, UDP port 42000)",
                S + " to " + B + ": welcome as bob [the room follows, bob: v2 wire, UDP port 42000]",
                S + " to " + B + ": active users {alice=" + ALICE + ", bob=" + BOB + "} [the room at the welcome]");
        assertThat(Json.write(ChatReport.json(a))).contains("\"kind\": \"welcome\"");
    }

    /** A user map padded with spaces to 1024 bytes, as chatlab's server sends it to lab clients. */
    private static String padded(String map) {
        return map + " ".repeat(1024 - map.length());
    }

    /** Raw deflate (RFC 1951) of a line, base64, as chatlab's server sends large presence to clients that ask. */
    private static String z(String line) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        deflater.finish();
        byte[] out = new byte[line.length() + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return "{\"type\":\"z\",\"data\":\"" + java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(out, n)) + "\"}\n";
    }

    @Test
    void presenceMessagesPlainAndDeflatedBecomeOneLineEach() throws IOException {
        ChatSession cs = new ChatSession(SERVER, 5000);
        ChatSession.Connection alice = cs.connect(ALICE, 40001);
        alice.client("{\"type\":\"hello\",\"version\":2,\"name\":\"alice\",\"features\":[\"deflate\"]}\n");
        alice.server(welcome("alice", user("alice", ALICE, 41000, "v2")));
        alice.server("{\"type\":\"presence\",\"joined\":[" + user("bob", BOB, 42000, "v2") + "],\"left\":[]}\n");
        alice.server(z("{\"type\":\"presence\",\"joined\":[" + user("carol", "10.0.0.13", 0, "lab") + ","
                + user("dave", "10.0.0.14", 0, "v2") + "],\"left\":[{\"name\":\"bob\",\"reason\":\"said bye\"}]}"));
        alice.server("{\"type\":\"presence\",\"joined\":[],\"left\":[{\"name\":\"carol\",\"reason\":\"\"}]}\n");
        alice.server(z(z("{\"type\":\"ping\"}")));
        alice.server("{\"type\":\"z\",\"data\":\"@@@\"}\n");
        Analysis a = analyze(cs.writePcap(dir.resolve("presence.pcap")));
        String A = "alice (" + ALICE + ")";
        String S = "server (" + SERVER + ")";
        assertThat(transcript(a)).containsExactly(
                A + " registers with the name \"alice\" (v2 wire)",
                S + " to " + A + ": active users {alice=" + ALICE + "} [welcome as alice, alice: v2 wire, UDP port 41000]",
                S + " to " + A + ": bob joined [" + BOB + ", v2 wire, UDP port 42000]",
                S + " to " + A + ": joined: carol, dave; left: bob (said bye) [presence, sent deflated]",
                S + " to " + A + ": carol left [presence]",
                "[" + S + " to " + A + ": deflated message: holds another deflated message]",
                "[" + S + " to " + A + ": deflated message: \"data\" is not base64]");
        assertThat(a.chat().nameOf("10.0.0.14")).isEqualTo("dave");
    }
}
