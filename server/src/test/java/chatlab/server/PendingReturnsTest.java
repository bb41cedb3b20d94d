package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingReturnsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final PendingReturns<String> pending = new PendingReturns<>(
            new ClusterLimits(Duration.ofNanos(100), 3), now::get);

    @Test
    void aMessageThatComesBackIsTakenOnce() {
        assertThat(pending.add(1, "m1")).isTrue();
        assertThat(pending.take(1)).isEqualTo("m1");
        assertThat(pending.take(1)).isNull();
        assertThat(pending.size()).isZero();
    }

    @Test
    void messagesExpireOldestFirstOnceTheirTimeIsUp() {
        pending.add(1, "m1");
        now.addAndGet(50);
        pending.add(2, "m2");
        now.addAndGet(49);
        assertThat(pending.expire()).isEmpty();
        now.addAndGet(1);
        assertThat(pending.expire()).containsExactly("m1");
        now.addAndGet(50);
        assertThat(pending.expire()).containsExactly("m2");
        assertThat(pending.take(2)).as("an expired message is forgotten").isNull();
    }

    @Test
    void pastTheCapANewMessageIsNotKept() {
        assertThat(pending.add(1, "m1")).isTrue();
        assertThat(pending.add(2, "m2")).isTrue();
        assertThat(pending.add(3, "m3")).isTrue();
        assertThat(pending.add(4, "m4")).isFalse();
        assertThat(pending.take(4)).isNull();
        pending.take(1);
        assertThat(pending.add(5, "m5")).as("room again once one came back").isTrue();
    }
}
