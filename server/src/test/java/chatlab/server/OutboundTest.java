package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The room's write path on an embedded channel: what reaches the socket, in which pieces and order, and when. The
 * channel's written messages are what the transport would hand to the kernel, one system call each.
 */
class OutboundTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ByteBuf> shared = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        shared.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void theSmallMessagesOfATurnReachTheSocketAsOneBufferInOrder() {
        Outbound outbound = outbound(Duration.ZERO);

        outbound.write(channel, bytes("alice: hi\n"));
        outbound.write(channel, bytes("bob: hello\n"));
        outbound.write(channel, bytes("carol: hey\n"));
        assertThat(written()).as("nothing before the end of the turn").isEmpty();

        channel.runPendingTasks();

        assertThat(written()).containsExactly("alice: hi\nbob: hello\ncarol: hey\n");
        assertThat(shared).as("the shared bytes are read, not consumed, and not kept")
                .allSatisfy(buf -> assertThat(buf.refCnt()).isEqualTo(1))
                .allSatisfy(buf -> assertThat(buf.readerIndex()).isZero());
    }

    @Test
    void aLargeMessageIsSharedNotCopiedAndKeepsItsPlaceBetweenTheSmallOnes() {
        Outbound outbound = outbound(Duration.ZERO);
        String map = "x".repeat(Outbound.COPY_LIMIT_BYTES + 1);
        ByteBuf large = bytes(map);

        outbound.write(channel, bytes("before\n"));
        outbound.write(channel, large);
        outbound.write(channel, bytes("after\n"));
        channel.runPendingTasks();

        List<ByteBuf> pieces = drain();
        try {
            assertThat(pieces).extracting(OutboundTest::text).containsExactly("before\n", map, "after\n");
            assertThat(pieces.get(1).memoryAddress()).as("the recipient's copy is the shared buffer's memory")
                    .isEqualTo(large.memoryAddress());
        } finally {
            pieces.forEach(ByteBuf::release);
        }
        assertThat(large.refCnt()).as("the duplicate's reference went with its write").isEqualTo(1);
    }

    @Test
    void aTrackedWriteIsCountedWhenItsBufferIsWrittenAndWhenTheChannelClosedFirst() {
        Outbound outbound = outbound(Duration.ZERO);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        trackedWrite(outbound, "one\n", done);
        outbound.write(channel, bytes("two\n"));
        assertThat(done).as("not written yet").hasValue(0);

        channel.runPendingTasks();
        assertThat(done).hasValue(1);
        assertThat(written()).containsExactly("one\ntwo\n");

        trackedWrite(outbound, "three\n", done);
        channel.pipeline().close(); // EmbeddedChannel.close() would run the pending flush first
        channel.runPendingTasks();
        assertThat(done).as("the write failed (the connection ended): counted all the same").hasValue(2);
    }

    @Test
    void aLargeTrackedWriteIsCountedToo() {
        Outbound outbound = outbound(Duration.ZERO);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        trackedWrite(outbound, "w".repeat(Outbound.COPY_LIMIT_BYTES + 1), done);

        channel.runPendingTasks();

        assertThat(done).hasValue(1);
        assertThat(written()).containsExactly("w".repeat(Outbound.COPY_LIMIT_BYTES + 1));
    }

    @Test
    void aRecipientsBufferGoesIntoItsQueueOnceItReachesTheLimitSoTheOutboundLimitsSeeItWithinTheTurn() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofSeconds(1));
        makeBusy(outbound);
        String line = "y".repeat(999) + "\n";
        int linesToReachTheLimit = (Outbound.TURN_BUFFER_LIMIT_BYTES + line.length() - 1) / line.length();

        for (int i = 0; i < linesToReachTheLimit + 3; i++) {
            outbound.write(channel, bytes(line));
        }
        channel.runPendingTasks();

        assertThat(written()).as("the turn's flush waits the coalescing window").isEmpty();
        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes())
                .as("queued, unflushed, where the water marks count it").isGreaterThanOrEqualTo(
                        (long) linesToReachTheLimit * line.length());
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();
        assertThat(written()).extracting(String::length).as("queued at the limit, the rest after it")
                .containsExactly(linesToReachTheLimit * line.length(), 3 * line.length());
    }

    @Test
    void theLimitIsAQuarterOfASmallSoftLimit() {
        channel.freezeTime();
        Outbound outbound = new Outbound(channel.eventLoop(), Duration.ofSeconds(1), 8 * 1024);
        makeBusy(outbound);

        outbound.write(channel, bytes("z".repeat(Outbound.COPY_LIMIT_BYTES)));
        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes()).as("1 KiB: still gathered")
                .isZero();
        outbound.write(channel, bytes("z".repeat(Outbound.COPY_LIMIT_BYTES)));
        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes()).as("2 KiB of an 8 KiB soft limit: queued")
                .isPositive();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("z".repeat(2 * Outbound.COPY_LIMIT_BYTES));
    }

    @Test
    void queuedBuffersCountByTheMemoryTheyHold() {
        channel.config().setMessageSizeEstimator(HeldBytesEstimator.INSTANCE);
        ByteBuf roomy = channel.alloc().directBuffer(4096).writeBytes(new byte[10]);

        channel.write(roomy);

        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes()).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void bytesWrittenDirectlyAfterPushPendingFollowWhatTheRoomSentEarlierInTheTurn() {
        Outbound outbound = outbound(Duration.ZERO);
        outbound.write(channel, bytes("room message\n"));

        outbound.pushPending(channel);
        channel.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer("error, closing\n", StandardCharsets.UTF_8));
        channel.runPendingTasks();

        assertThat(written()).containsExactly("room message\n", "error, closing\n");
    }

    @Test
    void aSmallFlushBetweenBigOnesDoesNotSwitchTheWaitOff() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            outbound.write(channel, bytes("fan-out " + i + "\n"));
        }
        channel.runPendingTasks();
        assertThat(written()).hasSize(1);

        for (String ackLike : List.of("an ack\n", "another ack\n")) {
            outbound.write(channel, bytes(ackLike));
            channel.runPendingTasks();
            assertThat(written()).as("still waits: the flushes before gathered ten each").isEmpty();
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runPendingTasks();
            assertThat(written()).containsExactly(ackLike);
        }
    }

    @Test
    void afterTenQuietWindowsTheNextMessageIsNotDelayed() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofMillis(1));
        makeBusy(outbound);

        channel.advanceTimeBy(Outbound.QUIET_WINDOWS, TimeUnit.MILLISECONDS);
        outbound.write(channel, bytes("after a quiet spell\n"));
        channel.runPendingTasks();

        assertThat(written()).containsExactly("after a quiet spell\n");
    }

    @Test
    void aRoomStaysBusyForFiveMillisecondsEvenWhenTenWindowsAreShorter() {
        channel.freezeTime();
        long tenWindowsAndMore = Outbound.QUIET_WINDOWS * 100 + 1;
        Outbound shortWindows = outbound(Duration.ofNanos(100_000));
        makeBusy(shortWindows);
        channel.advanceTimeBy(tenWindowsAndMore, TimeUnit.MICROSECONDS);
        shortWindows.write(channel, bytes("the readers took a millisecond to answer\n"));
        channel.runPendingTasks();
        assertThat(written()).as("still busy: this message waits to share its flush with the others of its round")
                .isEmpty();
        channel.advanceTimeBy(100, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("the readers took a millisecond to answer\n");

        channel.advanceTimeBy(Outbound.QUIET_MIN_NANOS, TimeUnit.NANOSECONDS);
        shortWindows.write(channel, bytes("after a quiet spell\n"));
        channel.runPendingTasks();
        assertThat(written()).containsExactly("after a quiet spell\n");
    }

    @Test
    void aWindowThatEndsWhileMessagesAreStillArrivingWaitsHalfAWindowMoreAtMostThreeTimes() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofMillis(1));
        makeBusy(outbound);

        outbound.write(channel, share(outbound, "first of a burst\n"));
        channel.runPendingTasks();
        channel.advanceTimeBy(900, TimeUnit.MICROSECONDS);
        outbound.write(channel, share(outbound, "still coming\n"));
        channel.advanceTimeBy(100, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).as("the last message came 100 us before the window ended: wait half a window more")
                .isEmpty();
        channel.advanceTimeBy(500, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).as("nothing came in that half window").containsExactly("first of a burst\nstill coming\n");

        outbound.write(channel, share(outbound, "a burst that never ends\n"));
        channel.runPendingTasks();
        for (int i = 0; i < 4 + 2 * Outbound.MAX_EXTENSIONS; i++) {
            channel.advanceTimeBy(250, TimeUnit.MICROSECONDS);
            outbound.write(channel, share(outbound, "more\n"));
            channel.runPendingTasks();
        }
        assertThat(written()).as("one window and three halves, then the flush, whatever keeps coming").hasSize(1);
    }

    /** Messages in the log's commit are on their way: a busy flush waits for them as for messages still arriving. */
    @Test
    void aBusyFlushWaitsForRelaysOnTheirWayThroughTheLogAtMostThreeHalfWindows() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofMillis(1));
        java.util.concurrent.atomic.AtomicBoolean inTheLog = new java.util.concurrent.atomic.AtomicBoolean();
        outbound.waitForRelaysWhile(inTheLog::get);
        makeBusy(outbound);

        outbound.write(channel, share(outbound, "relayed\n"));
        channel.runPendingTasks();
        inTheLog.set(true); // the next messages are being committed
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertThat(written()).as("the window ended while messages were in the log: wait half a window").isEmpty();
        outbound.write(channel, bytes("committed and relayed\n"));
        inTheLog.set(false);
        channel.advanceTimeBy(500, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("relayed\ncommitted and relayed\n");

        inTheLog.set(true); // a log that never comes back does not hold the flush for longer than three half windows
        outbound.write(channel, share(outbound, "waits at most\n"));
        channel.runPendingTasks();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        for (int i = 0; i < Outbound.MAX_EXTENSIONS; i++) {
            assertThat(written()).as("extension %d", i).isEmpty();
            channel.advanceTimeBy(500, TimeUnit.MICROSECONDS);
            channel.runPendingTasks();
        }
        assertThat(written()).containsExactly("waits at most\n");

        inTheLog.set(false); // nothing on its way, nothing arriving: the flush comes when its window ends
        outbound.write(channel, share(outbound, "on time\n"));
        channel.runPendingTasks();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("on time\n");
    }

    @Test
    void aBusyRoomWaitsAQuarterOfTheLastFlushButNoMoreThanFourWindows() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofMillis(1));
        makeBusy(outbound);

        outbound.write(channel, bytes("waits one window\n"));
        channel.runPendingTasks();
        assertThat(written()).isEmpty();
        channel.advanceTimeBy(999, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).as("the last flush took no time: the window is the 1 ms floor").isEmpty();
        channel.advanceTimeBy(1, TimeUnit.MICROSECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("waits one window\n");
    }

    @Test
    void aRoomThatGathersSeveralMessagesPerRecipientWaitsToGatherMoreAndOneAtATimeIsNotDelayed() {
        channel.freezeTime();
        Outbound outbound = outbound(Duration.ofSeconds(1));

        outbound.write(channel, bytes("one message this turn\n"));
        channel.runPendingTasks();
        assertThat(written()).as("a turn of one message per recipient is flushed at its end").hasSize(1);

        outbound.write(channel, bytes("two messages\n"));
        outbound.write(channel, bytes("in this turn\n"));
        channel.runPendingTasks();
        assertThat(written()).as("not delayed either: the last flush gathered nothing").hasSize(1);

        outbound.write(channel, bytes("now the room is busy\n"));
        channel.runPendingTasks();
        assertThat(written()).as("the last flush gathered two each: this one waits the window").isEmpty();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();
        assertThat(written()).containsExactly("now the room is busy\n");
    }

    /** A fan-out of one tracked write, as the room makes it: counted in, queued, then the fan-out's own arrival. */
    private void trackedWrite(Outbound outbound, String text, java.util.concurrent.atomic.AtomicInteger done) {
        WriteCountdown countdown = new WriteCountdown(done::incrementAndGet, 0);
        countdown.expect();
        outbound.writeTracked(channel, bytes(text), countdown);
        countdown.arrive();
    }

    private Outbound outbound(Duration coalesce) {
        return new Outbound(channel.eventLoop(), coalesce, chatlab.protocol.Limits.DEFAULT_SOFT_OUTBOUND_BYTES);
    }

    /** Two turns: the second gathers two messages for the channel, so the next flush counts as one that pays to wait. */
    private void makeBusy(Outbound outbound) {
        outbound.write(channel, bytes("one\n"));
        channel.runPendingTasks();
        outbound.write(channel, bytes("two\n"));
        outbound.write(channel, bytes("three\n"));
        channel.runPendingTasks();
        assertThat(written()).containsExactly("one\n", "two\nthree\n");
    }

    /** A message as the fan-out makes it: shared by the outbound (which notes its arrival), released afterwards. */
    private ByteBuf share(Outbound outbound, String text) {
        ByteBuf buf = outbound.share(text.getBytes(StandardCharsets.UTF_8));
        shared.add(buf);
        return buf;
    }

        private ByteBuf bytes(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = channel.alloc().directBuffer(raw.length).writeBytes(raw);
        shared.add(buf);
        return buf;
    }

    /** The flushed writes since the last call, as text, one entry per buffer handed to the transport. */
    private List<String> written() {
        List<ByteBuf> pieces = drain();
        try {
            return pieces.stream().map(OutboundTest::text).toList();
        } finally {
            pieces.forEach(ByteBuf::release);
        }
    }

    private List<ByteBuf> drain() {
        List<ByteBuf> pieces = new ArrayList<>();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            pieces.add((ByteBuf) message);
        }
        return pieces;
    }

    private static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
