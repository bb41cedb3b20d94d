package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.server.handler.DisconnectReason;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound limits on an embedded channel whose queue is what was written and not yet flushed: the soft limit
 * held for the grace, the hard limit at once, and a client that drains to half the soft limit caught up. The
 * attacks themselves, on real sockets, are in {@link SlowReaderTest}.
 */
class SlowReadersTest {
    private static final int SOFT = 8 * 1024;
    private static final int HARD = 32 * 1024;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final List<Long> behind = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            slowReaders.writabilityChanged(ctx.channel()); // the room hears of it as a task; here at once
        }
    });
    private final Limits limits = Limits.defaults().withMaxOutboundBytes(HARD).withSoftOutboundBytes(SOFT)
            .withSlowReaderGrace(GRACE);
    private final SlowReaders slowReaders;
    private final ServerCounters counters = new ServerCounters();

    SlowReadersTest() {
        channel.freezeTime();
        channel.config().setWriteBufferWaterMark(SlowReaders.waterMark(limits));
        slowReaders = new SlowReaders(channel.eventLoop(), limits, (ch, queued) -> behind.add(queued), counters);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    /** Queues a write of this many bytes (Netty counts about a hundred more per queued write). */
    private void queue(int bytes) {
        channel.write(Unpooled.wrappedBuffer(new byte[bytes]));
    }

    @Test
    void aClientUnderTheSoftLimitIsWrittenToAndNotTimed() {
        queue(SOFT - 1024);
        assertThat(slowReaders.admit(channel)).isTrue();
        assertThat(SlowReaders.isBehind(channel)).isFalse();
        channel.advanceTimeBy(10, TimeUnit.MINUTES);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).as("a queue under the soft limit is never timed").isTrue();
        assertThat(behind).isEmpty();
    }

    @Test
    void aClientOverTheSoftLimitIsStillWrittenToAndCutOffWhenTheGraceEnds() {
        queue(SOFT + 1);
        assertThat(SlowReaders.isBehind(channel)).isTrue();
        assertThat(behind).as("told once, with the bytes queued").singleElement()
                .satisfies(queued -> assertThat(queued).isGreaterThan(SOFT));
        assertThat(slowReaders.admit(channel)).as("behind, but under the hard limit: still written to").isTrue();
        assertThat(behind).as("the grace runs from the first time only").hasSize(1);

        channel.advanceTimeBy(GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).isFalse();
        assertThat(DisconnectReason.of(channel)).isEqualTo(
                "too slow: its outbound queue stayed over the soft limit of 8192 bytes for 5 s");
        assertThat(counters.snapshot().cutSoftLimit()).as("counted for the metrics").isEqualTo(1);
        assertThat(counters.snapshot().cutHardLimit()).isZero();
    }

    @Test
    void aClientThatDrainsToHalfTheSoftLimitCaughtUpAndItsGraceStartsAfreshNextTime() {
        queue(SOFT + 1);
        channel.advanceTimeBy(GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.flushOutbound(); // drained: writable again below the low-water mark
        channel.releaseOutbound();
        assertThat(SlowReaders.isBehind(channel)).isFalse();

        queue(SOFT + 1);
        channel.advanceTimeBy(GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).as("the first grace was cancelled; the second has 1 ms left").isTrue();
        assertThat(behind).hasSize(2);
    }

    /**
     * A client behind and then refused for good: the server lingers for it ({@link LingeringClose}), its side ended,
     * and its queue can no longer drain (a channel whose output is shut is never writable). The grace that runs out
     * meanwhile is not a slow reader's: cutting it off would reset the connection the linger keeps open so that the
     * refusal arrives, and count a slow reader that was not one (LingeringCloseEdgesTest, on real sockets).
     */
    @Test
    void aClientRefusedForGoodWhileBehindIsNotCutOffWhenTheGraceEnds() {
        queue(SOFT + 1);
        assertThat(behind).hasSize(1);
        channel.pipeline().addFirst(LingeringClose.NAME, new io.netty.channel.ChannelDuplexHandler()); // lingers

        channel.advanceTimeBy(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        slowReaders.writabilityChanged(channel);
        channel.advanceTimeBy(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).as("left to the linger, which ends it").isTrue();
        assertThat(counters.snapshot().cutSoftLimit()).isZero();
        assertThat(behind).as("not reported behind again").hasSize(1);
    }

    @Test
    void aClientOverTheHardLimitIsCutOffAtOnce() {
        queue(HARD + 1);
        assertThat(slowReaders.admit(channel)).as("not written to any more").isFalse();
        assertThat(channel.isActive()).isFalse();
        assertThat(DisconnectReason.of(channel)).isEqualTo(
                "too slow: its outbound queue passed the hard limit of 32768 bytes");
        assertThat(counters.snapshot().cutHardLimit()).as("counted for the metrics").isEqualTo(1);
        assertThat(counters.snapshot().cutSoftLimit()).isZero();
    }

    @Test
    void theSoftLimitNeverExceedsTheHardLimit() {
        Limits inverted = Limits.defaults().withMaxOutboundBytes(HARD).withSoftOutboundBytes(10 * HARD);
        assertThat(inverted.effectiveSoftOutboundBytes()).isEqualTo(HARD);
        assertThat(SlowReaders.waterMark(inverted).high()).isEqualTo(HARD);
        assertThat(SlowReaders.waterMark(inverted).low()).isEqualTo(HARD / 2);
    }
}
