package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedLabServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client on a real terminal (tmux): incoming lines print above the prompt without disturbing what is being
 * typed, with time stamps and colours unless NO_COLOR is set, and typed lines have history.
 */
class TerminalConsoleIT {
    private final String session = "chatlab-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private ChatServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0), ServerEvents.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        tmux("kill-session", "-t", session);
        server.close();
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tmux " + args[0] + " did not finish");
        }
        return out;
    }

    private String screen(boolean withEscapes) {
        try {
            return withEscapes ? tmux("capture-pane", "-p", "-e", "-t", session) : tmux("capture-pane", "-p", "-t", session);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private void startClient(String noColor) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "env NO_COLOR=" + noColor + " TERM=xterm-256color " + java
                + " -XX:TieredStopAtLevel=1 -jar " + ChatlabJar.jar() + " client --server 127.0.0.1 --port "
                + server.port() + " --bind 127.0.0.61 --udp-port 0 --name alice";
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "20", command);
        Await.until("the client to connect and get its first user map", () -> screen(false),
                screen -> screen.contains("1 user here: alice"));
    }

    private static String lastNonEmptyLine(String screen) {
        String[] lines = screen.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i];
            }
        }
        return "";
    }

    @Test
    void incomingLinesPrintAboveWhatIsBeingTyped() throws Exception {
        startClient(""); // in the default room: the prompt names it
        keys("half typed");
        Await.until("the typed text on the prompt", () -> lastNonEmptyLine(screen(false)).equals("#general> half typed"));

        try (RawLabClient bob = RawLabClient.connect(Ports.loopback(62), server.port())) {
            bob.send("bob\nhello alice\n");
            Await.until("bob's message on alice's screen", () -> screen(false), s -> s.contains(" bob: hello alice"));
            String screen = screen(false);
            assertThat(lastNonEmptyLine(screen)).isEqualTo("#general> half typed");
            assertThat(screen).containsPattern("\\d\\d:\\d\\d:\\d\\d \\* bob joined from 127\\.0\\.0\\.62");
            assertThat(screen.indexOf(" bob: hello alice")).isLessThan(screen.indexOf("#general> half typed"));
            assertThat(screen(true)).as("colours on").contains("\u001b[");

            keys("Enter");
            bob.awaitEndsWith("alice: half typed ");
            // The entered line leaves the prompt; the message shows as the others see it, marked once acknowledged.
            Await.until("alice's own message, acknowledged", () -> screen(false),
                    s -> s.contains(" alice: half typed \u2713"));
            assertThat(screen(false)).doesNotContain("#general> half typed");
            keys("Up");
            Await.until("history to recall the line", () -> lastNonEmptyLine(screen(false)).equals("#general> half typed"));
            // Tab completes names after '@' (to the lab's "@NAME:" form) and commands after '/'.
            keys("C-u", "@b", "Tab");
            Await.until("@b to complete to @bob:", () -> lastNonEmptyLine(screen(false)).startsWith("#general> @bob:"));
            keys("C-u", "/qu", "Tab");
            Await.until("/qu to complete to /quit", () -> lastNonEmptyLine(screen(false)).startsWith("#general> /quit"));
            keys("C-u", "/quit", "Enter");
            Await.until("bob to see alice leave",
                    () -> bob.receivedText().endsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.62\"}")));
        }
    }

    /**
     * In several rooms: the prompt names the room the user talks in, Alt-Right and Alt-Left (and Ctrl-X n, Ctrl-X p)
     * go round the rooms without losing what is being typed, lines are labelled with their room, and Tab completes
     * room names after /join and /switch.
     */
    @Test
    void theRoomKeysSwitchRoomsAndThePromptNamesTheRoom() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "20", "env NO_COLOR=1 TERM=xterm-256color " + java
                + " -XX:TieredStopAtLevel=1 -jar " + ChatlabJar.jar() + " client --server 127.0.0.1 --port "
                + server.port() + " --bind 127.0.0.67 --udp-port 0 --name alice --room '#dev' --room '#ops'");
        Await.until("alice in her two rooms, talking in the first", () -> lastNonEmptyLine(screen(false)).equals("#dev>"));
        keys("half typed");
        keys("M-Right");
        Await.until("Alt-Right to the next room", () -> lastNonEmptyLine(screen(false)).equals("#ops> half typed"));
        keys("M-Right");
        Await.until("round to the first", () -> lastNonEmptyLine(screen(false)).equals("#dev> half typed"));
        keys("M-Left");
        Await.until("Alt-Left back", () -> lastNonEmptyLine(screen(false)).equals("#ops> half typed"));
        keys("C-x", "p");
        Await.until("Ctrl-X p back", () -> lastNonEmptyLine(screen(false)).equals("#dev> half typed"));
        keys("C-x", "n");
        Await.until("Ctrl-X n on", () -> lastNonEmptyLine(screen(false)).equals("#ops> half typed"));
        keys("Enter");
        Await.until("the line said in #ops, labelled", () -> screen(false), s -> s.contains(" #ops alice: half typed \u2713"));
        keys("/switch #d", "Tab");
        Await.until("#d to complete to #dev", () -> lastNonEmptyLine(screen(false)).startsWith("#ops> /switch #dev"));
        keys("Enter");
        Await.until("the prompt names #dev", () -> lastNonEmptyLine(screen(false)).equals("#dev>"));
        keys("/quit", "Enter");
    }

    @Test
    void anUntrustedCertificateIsOfferedForTrustOnFirstUseAtTheTerminal(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        DevCertificate certificate = DevCertificate.create("localhost", List.of(InetAddress.getByName("127.0.0.1")),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plus(java.time.Duration.ofDays(1)));
        certificate.write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        ChatServer tlsServer = ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                .withSecurity(chatlab.server.ServerSecurity.none().withTls(
                        TlsContexts.server(dir.resolve("cert.pem").toFile(), dir.resolve("key.pem").toFile()), false)),
                ServerEvents.NONE);
        try {
            Path known = dir.resolve("known_servers");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "20", "env TERM=xterm-256color " + javaBin
                    + " -XX:TieredStopAtLevel=1 -jar " + ChatlabJar.jar() + " client --server localhost --port "
                    + tlsServer.port() + " --bind 127.0.0.64 --udp-port 0 --name tofu --tls --known-servers " + known);
            Await.until("the trust question", () -> screen(false), s -> s.contains("Trust it and remember it for this server? [y/N]"));
            assertThat(screen(false)).contains("SHA-256 fingerprint: " + certificate.fingerprint());
            keys("y", "Enter");
            Await.until("the client to be in over TLS", () -> screen(false), s -> s.contains("1 user here: tofu"));
            assertThat(java.nio.file.Files.readString(known)).isEqualTo("localhost:" + tlsServer.port() + " "
                    + certificate.fingerprint() + System.lineSeparator());
            keys("/quit", "Enter");
        } finally {
            tlsServer.close();
        }
    }

    @Test
    void noColorTurnsColoursOff() throws Exception {
        startClient("1");
        try (RawLabClient bob = RawLabClient.connect(Ports.loopback(63), server.port())) {
            bob.send("bob\nplain please\n");
            Await.until("bob's message on alice's screen", () -> screen(false), s -> s.contains(" bob: plain please"));
            String withEscapes = screen(true);
            String messageLine = withEscapes.lines().filter(l -> l.contains("plain please")).findFirst().orElseThrow();
            assertThat(messageLine).doesNotContain("\u001b[3").doesNotContain("\u001b[9");
        }
    }

    private void startClientWithoutName(String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "env TERM=xterm-256color " + java + " -XX:TieredStopAtLevel=1 -jar " + ChatlabJar.jar()
                + " client --server 127.0.0.1 --port " + server.port() + " --bind 127.0.0.65 --udp-port 0 "
                + String.join(" ", more);
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "20", command);
        Await.until("the name question", () -> screen(false), s -> s.contains("Your name:"));
    }

    /** When the client itself asked for the name, a refused one is asked for again, on either wire. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v2", "lab"})
    void aTakenNameIsAskedForAgain(String wire) throws Exception {
        try (RawLabClient bob = RawLabClient.connect(Ports.loopback(66), server.port())) {
            bob.send("bob\n");
            bob.awaitContains("\"bob\"");
            startClientWithoutName("--wire", wire);
            keys("bob", "Enter");
            Await.until("the refusal and the question again", () -> screen(false),
                    s -> s.contains("is taken") && lastNonEmptyLine(s).equals("Your name:"));
            keys("carol", "Enter");
            Await.until("carol in the room", () -> screen(false), s -> s.contains("2 users here: bob, carol"));
            keys("/quit", "Enter");
            Await.until("bob to see carol leave",
                    () -> bob.receivedText().endsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.66\"}")));
        }
    }

    /** A lab server of someone else's making that asks for a password in its own words, played by this test. */
    @Test
    void aPasswordAskedForByALabServerIsNotShown() throws Exception {
        try (ScriptedLabServer labServer = ScriptedLabServer.listen()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "20", "env TERM=xterm-256color " + java
                    + " -XX:TieredStopAtLevel=1 -jar " + ChatlabJar.jar() + " client --wire lab --server 127.0.0.1"
                    + " --port " + labServer.port() + " --bind 127.0.0.68 --udp-port 0 --name alice");
            labServer.accept();
            assertThat(labServer.read()).isEqualTo("alice");
            labServer.write("Enter your password");
            Await.until("the prompt for a hidden line", () -> screen(false),
                    s -> s.contains("Enter your password") && lastNonEmptyLine(s).startsWith("password>"));
            keys("s3cret");
            Await.until("the masked line", () -> lastNonEmptyLine(screen(false)).equals("password> ******"));
            keys("Enter");
            assertThat(labServer.read()).isEqualTo("s3cret");
            labServer.write("!{\"alice\": \"127.0.0.68\"}");
            Await.until("alice in the room", () -> screen(false), s -> s.contains("1 user here: alice"));
            // The prompt is drawn again just after the line above it: wait for it, then nothing shows the password.
            Await.until("the room's prompt", () -> lastNonEmptyLine(screen(false)).equals(">"));
            assertThat(screen(false)).doesNotContain("s3cret");
            keys("/quit", "Enter");
        }
    }
}
