package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedLabServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab-wire client against lab servers written by others, each played by a script in this test on a real socket:
 * one that asks for a password in its own words and sends the user map only after it, one that sends relays of every
 * length from 1 to 4096 bytes (each in one write), one that says {@code ...inn!} and sends the map later.
 */
class LabServerScriptsIT {
    private ScriptedLabServer server;
    private ClientSession session;

    @AfterEach
    void close() throws IOException {
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Starts a client named {@code name} against the script and accepts its connection. */
    private void connect(String name, ClientOutput output) throws IOException {
        server = ScriptedLabServer.listen();
        session = new ClientSession(ClientConfig.of("127.0.0.1").withPort(server.port())
                .withBindAddress(Optional.of(Ports.loopback(191))).withUdpPort(0), output);
        session.start(name);
        server.accept();
    }

    @Test
    void aServerWithItsOwnPasswordPromptGetsThePasswordAndThenTheChat() throws Exception {
        RecordingClientOutput out = new RecordingClientOutput();
        connect("alice", out);
        assertThat(server.read()).isEqualTo("alice");
        server.write("Enter your password");

        session.awaitTurn(); // returns once the prompt is in
        assertThat(out.lines()).contains("chatroom [Enter your password]");
        assertThat(session.nextLineIsSecret()).as("a line answering a password prompt is read without echo").isTrue();
        session.submit("s3cret #ls @not-a-command");
        assertThat(server.read()).isEqualTo("s3cret #ls @not-a-command");
        assertThat(out.lines()).noneMatch(line -> line.contains("s3cret"));

        server.write("!{\"alice\": \"127.0.0.191\"}");
        session.registered().get(20, TimeUnit.SECONDS);
        assertThat(session.nextLineIsSecret()).isFalse();
        session.submit("hello, room");
        assertThat(server.read()).isEqualTo("hello, room");
        Await.until("the message shown as the others see it", () -> out.has("sent alice [hello, room]"));
    }

    @Test
    void aServerThatAsksForMoreThanAPasswordGetsEveryAnswerInTurn() throws Exception {
        RecordingClientOutput out = new RecordingClientOutput();
        connect("alice", out);
        assertThat(server.read()).isEqualTo("alice");
        server.write("Welcome! Do you accept the rules? (yes/no)");
        session.awaitTurn();
        assertThat(session.nextLineIsSecret()).isFalse();
        session.submit("yes");
        assertThat(server.read()).isEqualTo("yes");
        server.write("Password:");
        session.awaitTurn();
        assertThat(session.nextLineIsSecret()).isTrue();
        session.submit("s3cret");
        assertThat(server.read()).isEqualTo("s3cret");
        server.write("!{\"alice\": \"127.0.0.191\"}");
        session.registered().get(20, TimeUnit.SECONDS);
    }

    @Test
    void theEndOfInputBeforeTheServerTookTheNameEndsTheSessionAtOnce() throws Exception {
        RecordingClientOutput out = new RecordingClientOutput();
        connect("alice", out);
        assertThat(server.read()).isEqualTo("alice");
        // A server that never answers: the line waits for a map that is not coming.
        session.submit("hello?");
        session.finish().get(10, TimeUnit.SECONDS);
        assertThat(session.registered()).isNotDone();
        assertThat(session.undelivered()).isEqualTo(1);
        assertThat(server.read()).as("the client closed its side").isNull();
    }

    @Test
    void aTrailingExclamationMarkIsShownWithItsTextWhenNoMapFollows() throws Exception {
        RecordingClientOutput out = new RecordingClientOutput();
        connect("alice", out);
        assertThat(server.read()).isEqualTo("alice");
        server.write("Du er naa logget inn!");
        Await.until("the whole sentence", out::lines, lines -> lines.contains("chatroom [Du er naa logget inn!]"));
        server.write("!{\"alice\": \"127.0.0.191\"}");
        session.registered().get(20, TimeUnit.SECONDS);
        assertThat(out.lines()).filteredOn(line -> line.startsWith("chatroom"))
                .containsExactly("chatroom [Du er naa logget inn!]");
    }

    @Test
    void aRelayOfAnyLengthUpTo4096BytesInOneWriteIsOneMessage() throws Exception {
        LinkedBlockingQueue<String> shown = new LinkedBlockingQueue<>();
        RecordingClientOutput maps = new RecordingClientOutput();
        ClientOutput output = new ClientOutput() {
            @Override public void connected(String server, String name) {}
            @Override public void chatroom(String text) {
                shown.add(text);
            }
            @Override public void direct(Optional<String> sender, String sourceAddress, String text) {}
            @Override public void userMap(Map<String, String> users) {
                maps.userMap(users);
            }
            @Override public void joined(String name, String address) {}
            @Override public void left(String name) {}
            @Override public void listUsers(Map<String, String> users) {}
            @Override public void unknownRecipient(String name) {}
            @Override public void help() {}
            @Override public void problem(String text) {}
            @Override public void disconnected(String reason) {}
        };
        connect("alice", output);
        assertThat(server.read()).isEqualTo("alice");
        server.write("!{\"alice\": \"127.0.0.191\", \"bob\": \"127.0.0.192\"}");
        session.registered().get(20, TimeUnit.SECONDS);
        // Every size once, shuffled (with a fixed seed): a long relay often comes right after short ones, which is
        // when a buffer that adapts to the reads it saw is too small for it.
        List<Integer> sizes = new ArrayList<>(IntStream.rangeClosed(1, 4096).boxed().toList());
        Collections.shuffle(sizes, new Random(4096));
        for (int size : sizes) {
            String relay = relayOf(size);
            server.write(relay);
            String got = shown.poll(20, TimeUnit.SECONDS);
            assertThat(got).as("the relay of " + size + " bytes").isEqualTo(relay);
        }
        assertThat(shown).isEmpty();
    }

    /** {@code bob: TEXT } of exactly {@code bytes} bytes of UTF-8, with characters of one to four bytes. */
    static String relayOf(int bytes) {
        if (bytes < 8) {
            return "x".repeat(bytes);
        }
        String[] pieces = {"a", "ø", "€", "😀", " ", "b", "å"};
        StringBuilder text = new StringBuilder("bob: ");
        int used = text.length() + 1; // the lab's trailing space
        for (int i = 0; ; i++) {
            String piece = pieces[i % pieces.length];
            int length = piece.getBytes(StandardCharsets.UTF_8).length;
            if (used + length > bytes) {
                break;
            }
            text.append(piece);
            used += length;
        }
        text.append("x".repeat(bytes - used)).append(' ');
        assertThat(text.toString().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return text.toString();
    }
}
