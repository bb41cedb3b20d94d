package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final Outbox outbox = new Outbox(3);

    private ClientMessage.Say say(String text) {
        ClientMessage.Say say = new ClientMessage.Say(outbox.newId(), text, false);
        outbox.add(say.id(), say);
        return say;
    }

    /** Takes everything {@link Outbox#next()} offers, as if each was written. */
    private List<ClientMessage> sendAll() {
        List<ClientMessage> sent = new ArrayList<>();
        for (Optional<ClientMessage> next = outbox.next(); next.isPresent(); next = outbox.next()) {
            outbox.sent();
            sent.add(next.get());
        }
        return sent;
    }

    @Test
    void idsAreUniqueAndShareThisRunsPrefix() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(outbox.newId());
        }
        assertThat(ids).hasSize(1000);
        String prefix = outbox.newId().split("-")[0];
        assertThat(ids).allMatch(id -> id.startsWith(prefix + "-"));
        assertThat(new Outbox(3).newId()).as("another run, another prefix").doesNotStartWith(prefix + "-");
    }

    @Test
    void sendsInTheOrderTypedAndKeepsEachUntilSettled() {
        ClientMessage.Say a = say("a");
        ClientMessage.Say b = say("b");
        assertThat(sendAll()).containsExactly(a, b);
        assertThat(outbox.size()).as("sent is not acknowledged").isEqualTo(2);
        assertThat(outbox.settle(a.id())).contains(a);
        assertThat(outbox.settle(a.id())).as("an acknowledgement that came twice").isEmpty();
        assertThat(outbox.settle("someone-else-1")).isEmpty();
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void aNewConnectionSendsEverythingOwedAgainInTheOrderTyped() {
        ClientMessage.Say a = say("a");
        ClientMessage.Say b = say("b");
        sendAll();
        ClientMessage.Say c = say("c"); // typed while the server was away
        ClientMessage.Whisper w = new ClientMessage.Whisper(outbox.newId(), "bob", "psst");
        outbox.settle(a.id());
        assertThat(outbox.size()).isEqualTo(2);
        outbox.add(w.id(), w);

        assertThat(outbox.sendAllAgain()).containsExactly(b, c, w);
        assertThat(sendAll()).as("the same messages, the same ids").containsExactly(b, c, w);
    }

    @Test
    void aMessageRefusedForTheRateGoesFirst() {
        ClientMessage.Say a = say("a");
        ClientMessage.Say b = say("b");
        ClientMessage.Say c = say("c");
        assertThat(outbox.next()).contains(a);
        outbox.sent();
        assertThat(outbox.sendAgainFirst(a.id())).isTrue();
        assertThat(sendAll()).containsExactly(a, b, c);

        outbox.settle(b.id());
        assertThat(outbox.sendAgainFirst(b.id())).as("settled meanwhile: nothing to send").isFalse();
        assertThat(sendAll()).isEmpty();
    }

    @Test
    void whatWasSettledBeforeItsTurnIsSkipped() {
        ClientMessage.Say a = say("a");
        ClientMessage.Say b = say("b");
        outbox.settle(a.id()); // refused for good before it went
        assertThat(sendAll()).containsExactly(b);
    }

    @Test
    void isFullAtItsCapacity() {
        say("a");
        say("b");
        assertThat(outbox.isFull()).isFalse();
        ClientMessage.Say c = say("c");
        assertThat(outbox.isFull()).isTrue();
        outbox.settle(c.id());
        assertThat(outbox.isFull()).isFalse();
    }
}
