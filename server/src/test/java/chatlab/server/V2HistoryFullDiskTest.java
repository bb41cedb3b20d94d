package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatlab.testkit.Await;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.TinyFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose message log is on a file system that fills up: a tmpfs of {@value #SIZE} this test mounts (root,
 * as CI runs the tests; the history module's FullDiskTest does the same for the log alone). Senders are told their
 * message was not stored (not acknowledged, not relayed), and every message acknowledged before is in the log.
 */
class V2HistoryFullDiskTest {
    static final String SIZE = "1m";
    static final String NOT_STORED = "the message log is full (disk full): message not stored; it was not relayed; "
            + "send it again later";
    /** Far more than 1 MiB holds: the loop ends by the disk filling. */
    static final int MAX_MESSAGES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aFullDiskGivesSendersTheReasonAndLosesNothingAcknowledged() throws Exception {
        assumeTrue(TinyFileSystem.canMount(), TinyFileSystem.whyNot(SIZE));
        try (TinyFileSystem tiny = TinyFileSystem.mount(dir, SIZE)) {
            fillAndCheck(tiny.path());
        }
    }

    private static void fillAndCheck(Path mount) throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        try (ServerFixture fixture = new ServerFixture(V2HistoryTest.config(HistorySettings.in(mount)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", V2HistoryTest.FEATURES,
                        null);
                RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", V2HistoryTest.FEATURES, null)) {
            String refused = null;
            for (int i = 1; i <= MAX_MESSAGES && refused == null; i++) {
                alice.send("{\"type\":\"say\",\"id\":\"m" + i + "\",\"text\":\"" + text(i) + "\"}");
                String id = "m" + i;
                String answer = alice.raw.awaitLine("the answer to " + id,
                        l -> l.contains("\"id\":\"" + id + "\"") || l.contains("\"ref\":\"" + id + "\""));
                if (answer.contains("\"type\":\"ack\"")) {
                    acknowledged.add((long) i); // seq i: the room numbers from 1 and nothing failed before
                } else {
                    refused = answer;
                }
            }
            assertThat(refused).as("the disk never filled").isNotNull();
            assertThat(refused).isEqualTo("{\"type\":\"error\",\"room\":\"#general\",\"code\":\"not_stored\","
                    + "\"message\":\"" + NOT_STORED + "\",\"fatal\":false,\"ref\":\"m" + (acknowledged.size() + 1)
                    + "\"}");
            assertThat(acknowledged).as("acknowledged before the disk filled").hasSizeGreaterThanOrEqualTo(20);
            // Nobody saw what was not stored.
            bob.sync("after");
            assertThat(bob.raw.lines()).noneMatch(l -> l.contains("\"id\":\"m" + (acknowledged.size() + 1) + "\""));
            // A lab sender is told in its wire. (A full disk may still take a small write now and then, and a
            // checkpoint may free a little: then its message is stored and relayed, and the next one tried.)
            try (RawLabClient lab = fixture.connect(4)) {
                lab.send("labby");
                bob.awaitMembers("#general", "alice", "bob", "labby");
                boolean told = false;
                for (int i = 1; i <= MAX_MESSAGES && !told; i++) {
                    String text = "lab " + text(i);
                    lab.send(text);
                    Await.until("labby's message " + i + " refused or relayed", () -> lab.receivedText()
                            .contains("server: " + NOT_STORED + " ") || bob.said("#general").contains("labby: "
                            + text));
                    told = lab.receivedText().contains("server: " + NOT_STORED + " ");
                }
                assertThat(told).as("the lab sender was told").isTrue();
            }
        }
        long refusedSeq = acknowledged.size() + 1; // the room numbers from 1; a refused number is never given again
        assertThat(V2HistoryTest.storedSeqs(mount, "#general")).containsAll(acknowledged).doesNotContain(refusedSeq);
    }

    /** About 300 bytes that do not compress into each other. */
    private static String text(int i) {
        StringBuilder text = new StringBuilder("message ").append(i);
        Random random = new Random(i);
        while (text.length() < 300) {
            text.append(' ').append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        return text.toString();
    }
}
