package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.RawLabClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With several network threads ({@code --io-threads}), connections are spread over the loops and the room runs on
 * one of them: relays cross loops through Netty's task queues, and handlers on the other loops hand their
 * refusals to the room's loop. Every relay still arrives, in each sender's order, and refusals still arrive.
 */
class MultiLoopServerTest {
    private static final int CLIENTS = 4;
    private static final int MESSAGES = 30;
    private ServerFixture fixture;
    private final List<RawLabClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO).withIoThreads(3));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawLabClient client : clients) {
            client.close();
        }
        fixture.close();
    }

    @Test
    void everyRelayReachesEveryOtherClientInEachSendersOrder() throws Exception {
        for (int i = 0; i < CLIENTS; i++) {
            RawLabClient client = fixture.connect(40 + i);
            clients.add(client);
            client.send("u" + i);
        }
        for (RawLabClient client : clients) {
            for (int i = 0; i < CLIENTS; i++) {
                client.awaitContains("\"u" + i + "\"");
            }
        }

        for (int i = 0; i < CLIENTS; i++) {
            StringBuilder lines = new StringBuilder();
            for (int m = 0; m < MESSAGES; m++) {
                lines.append("m").append(m).append('\n');
            }
            clients.get(i).send(lines.toString());
        }

        for (int r = 0; r < CLIENTS; r++) {
            RawLabClient recipient = clients.get(r);
            int self = r;
            Await.until("client " + r + " to get every other client's messages",
                    () -> relaysIn(recipient.receivedText()).size() == (CLIENTS - 1) * MESSAGES);
            List<String> relays = relaysIn(recipient.receivedText());
            for (int s = 0; s < CLIENTS; s++) {
                String sender = "u" + s;
                List<String> fromSender = relays.stream().filter(relay -> relay.startsWith(sender + ":")).toList();
                if (s == self) {
                    assertThat(fromSender).as("nobody gets their own messages").isEmpty();
                    continue;
                }
                List<String> expected = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    expected.add(sender + ":m" + m);
                }
                assertThat(fromSender).as("what client %d got from %s, in order", r, sender).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRefusalMadeOnAnotherLoopReachesTheClientBeforeItIsClosed() throws Exception {
        // Connections go to the loops in turn, so of these some are on a loop other than the room's.
        for (int i = 0; i < 4; i++) {
            RawLabClient client = fixture.connect(50 + i);
            clients.add(client);
            client.send("x".repeat(Limits.defaults().maxNameChars() + 1) + i);
        }
        for (RawLabClient client : clients) {
            client.awaitClosedByServer();
            assertThat(client.receivedText()).startsWith("server: cannot register");
        }
    }

    private static final Pattern RELAY = Pattern.compile("(u\\d+): (m\\d+) ");

    /** The relays in a lab client's stream, as {@code sender:message}. */
    private static List<String> relaysIn(String stream) {
        List<String> relays = new ArrayList<>();
        Matcher matcher = RELAY.matcher(stream);
        while (matcher.find()) {
            relays.add(matcher.group(1) + ":" + matcher.group(2));
        }
        return relays;
    }
}
