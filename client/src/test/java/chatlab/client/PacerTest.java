package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong();
    private final Outbox outbox = new Outbox(100);
    private final Pacer pacer = new Pacer(outbox, clock::get);
    private final List<String> sent = new ArrayList<>();

    private String say(String text) {
        ClientMessage.Say say = new ClientMessage.Say(outbox.newId(), text, false);
        outbox.add(say.id(), say);
        return say.id();
    }

    private OptionalLong pump() {
        return pacer.pump(message -> sent.add(((ClientMessage.Say) message).text()));
    }

    @Test
    void nothingGoesBeforeTheServerAnnouncedItsRate() {
        say("early");
        assertThat(pump()).isEmpty();
        assertThat(sent).isEmpty();
        pacer.announced(2, 5);
        pump();
        assertThat(sent).containsExactly("early");
    }

    @Test
    void aBurstGoesAtOnceLessTheHellosTokenThenAtTheRate() {
        pacer.announced(2, 5); // 2 a second, a burst of 5 of which the hello took one
        for (int i = 1; i <= 7; i++) {
            say("m" + i);
        }
        assertThat(pump()).as("a wake-up after half a second, the rate's gap").hasValue(SECOND / 2);
        assertThat(sent).containsExactly("m1", "m2", "m3", "m4");
        assertThat(pump()).as("one wake-up is pending already").isEmpty();

        clock.addAndGet(SECOND / 2);
        pacer.wokeUp();
        assertThat(pump()).hasValue(SECOND / 2);
        assertThat(sent).containsExactly("m1", "m2", "m3", "m4", "m5");

        clock.addAndGet(SECOND);
        pacer.wokeUp();
        assertThat(pump()).as("all sent: nothing to wake up for").isEmpty();
        assertThat(sent).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7");
    }

    @Test
    void aBurstOfOneStillSendsOne() {
        pacer.announced(1, 1);
        say("a");
        say("b");
        pump();
        assertThat(sent).containsExactly("a");
    }

    @Test
    void aMessageRefusedForTheRateGoesFirstOnceATokenIsBack() {
        pacer.announced(1, 10);
        String a = say("a");
        say("b");
        pump();
        assertThat(sent).containsExactly("a", "b");

        pacer.refused(a); // the server's bucket was emptier than ours
        assertThat(pump()).as("our bucket is emptied too").hasValue(SECOND);
        assertThat(sent).containsExactly("a", "b");
        say("c");

        clock.addAndGet(SECOND);
        pacer.wokeUp();
        pump();
        assertThat(sent).containsExactly("a", "b", "a");
        clock.addAndGet(SECOND);
        pacer.wokeUp();
        pump();
        assertThat(sent).containsExactly("a", "b", "a", "c");
    }

    @Test
    void aRefusalOfSomethingSettledChangesNothing() {
        pacer.announced(1, 10);
        String a = say("a");
        pump();
        outbox.settle(a);
        pacer.refused(a);
        say("b");
        assertThat(pump()).isEmpty();
        assertThat(sent).containsExactly("a", "b");
    }
}
