package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageLedgerTest {
    @Test
    void aMessageIsCompleteWhenItsLastReceiverGotIt() {
        MessageLedger ledger = new MessageLedger(2, 16);
        long before = System.nanoTime();
        assertThat(ledger.begin(1, 0, 1_000, 3, true)).isTrue();
        long after = System.nanoTime();
        assertThat(ledger.outstanding()).isEqualTo(3);
        MessageLedger.Delivery first = ledger.deliver(1, 0);
        assertThat(first.dueNanos()).isEqualTo(1_000);
        assertThat(first.writtenNanos()).as("stamped when begun").isBetween(before, after);
        assertThat(first.measured()).isTrue();
        assertThat(first.complete()).isFalse();
        assertThat(ledger.deliver(1, 0).complete()).isFalse();
        assertThat(ledger.deliver(1, 0)).isEqualTo(new MessageLedger.Delivery(1_000, first.writtenNanos(), true, true));
        assertThat(ledger.outstanding()).isZero();
        assertThat(ledger.deliver(1, 0)).as("one delivery too many").isNull();
    }

    @Test
    void unknownMessagesAreNotDelivered() {
        MessageLedger ledger = new MessageLedger(1, 16);
        ledger.begin(0, 0, 5, 1, false);
        assertThat(ledger.deliver(0, 16)).as("same slot, other message").isNull();
        assertThat(ledger.deliver(0, 1)).isNull();
        assertThat(ledger.deliver(7, 0)).as("no such sender").isNull();
        assertThat(ledger.outstanding()).isEqualTo(1);
    }

    @Test
    void aSlotIsReusedOnlyOnceItsMessageIsComplete() {
        MessageLedger ledger = new MessageLedger(1, 16);
        for (long seq = 0; seq < 16; seq++) {
            assertThat(ledger.begin(0, seq, seq, 1, true)).isTrue();
        }
        assertThat(ledger.begin(0, 16, 16, 1, true)).as("seq 0 still in flight").isFalse();
        ledger.deliver(0, 0);
        assertThat(ledger.begin(0, 16, 16, 1, true)).isTrue();
        assertThat(ledger.deliver(0, 16).dueNanos()).isEqualTo(16);
    }
}
