package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GoodbyeTest {
    private final FakeScheduler timers = new FakeScheduler();
    /** The next token is this many nanoseconds away (then there); 0: at once. */
    private final AtomicLong tokenIn = new AtomicLong();
    private final Goodbye goodbye = new Goodbye(timers, Duration.ofSeconds(5), () -> tokenIn.getAndSet(0));
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private List<String> written() {
        List<String> lines = new ArrayList<>();
        for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
            lines.add(out.toString(StandardCharsets.UTF_8).strip());
        }
        return lines;
    }

    @Test
    void afterARequestItPingsWaitsForThePongThenSaysByeAndWaitsForTheClose() {
        CompletableFuture<Void> left = goodbye.leave(V2Connection.over(channel), true);
        assertThat(written()).containsExactly("{\"type\":\"ping\",\"token\":\"end-of-input\"}");
        goodbye.pong("keepalive"); // not the goodbye's
        assertThat(written()).isEmpty();
        goodbye.pong(Goodbye.LAST_ANSWERS);
        assertThat(written()).containsExactly("{\"type\":\"bye\"}");
        assertThat(left).isNotDone(); // the server may still be writing answers: read until it closes
        channel.close();
        assertThat(left).isDone();
    }

    @Test
    void withoutARequestItSaysByeAtOnceAndTheByeWaitsForATokenOfTheRate() {
        tokenIn.set(50_000_000);
        CompletableFuture<Void> left = goodbye.leave(V2Connection.over(channel), false);
        assertThat(written()).isEmpty();
        timers.advance(Duration.ofMillis(50));
        assertThat(written()).containsExactly("{\"type\":\"bye\"}");
        channel.close();
        assertThat(left).isDone();
    }

    @Test
    void aServerThatNeitherAnswersNorClosesIsLeftAfterTheWaits() {
        CompletableFuture<Void> left = goodbye.leave(V2Connection.over(channel), true);
        written();
        timers.advance(Duration.ofSeconds(5));
        assertThat(written()).containsExactly("{\"type\":\"bye\"}");
        timers.advance(Duration.ofSeconds(5));
        assertThat(left).isDone();
        assertThat(channel.isOpen()).isFalse();
    }
}
