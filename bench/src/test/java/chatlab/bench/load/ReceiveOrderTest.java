package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.load.ReceiveOrder.Outcome;
import org.junit.jupiter.api.Test;

class ReceiveOrderTest {
    private final ReceiveOrder order = new ReceiveOrder();

    @Test
    void inOrderIsNewAndTheSameTwiceIsADuplicate() {
        assertThat(order.accept(0, 0)).isEqualTo(Outcome.NEW);
        assertThat(order.accept(0, 1)).isEqualTo(Outcome.NEW);
        assertThat(order.accept(3, 0)).isEqualTo(Outcome.NEW);
        assertThat(order.accept(0, 1)).isEqualTo(Outcome.DUPLICATE);
        assertThat(order.accept(3, 0)).isEqualTo(Outcome.DUPLICATE);
        assertThat(order.gaps()).isZero();
    }

    @Test
    void aSkippedMessageIsAGapUntilItArrivesLateAndOnlyThen() {
        assertThat(order.accept(1, 0)).isEqualTo(Outcome.NEW);
        assertThat(order.accept(1, 3)).isEqualTo(Outcome.NEW);
        assertThat(order.gaps()).isEqualTo(2);
        assertThat(order.accept(1, 2)).isEqualTo(Outcome.LATE);
        assertThat(order.gaps()).isEqualTo(1);
        assertThat(order.accept(1, 2)).isEqualTo(Outcome.DUPLICATE);
        assertThat(order.accept(1, 1)).isEqualTo(Outcome.LATE);
        assertThat(order.gaps()).isZero();
        assertThat(order.accept(1, 4)).isEqualTo(Outcome.NEW);
    }
}
