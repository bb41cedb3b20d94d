package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code chatlab bench history}, small: the servers it starts (with the log and without), the acknowledgements of
 * one sender with listeners read on one thread, and joins into a filled room. Counts and lines only: the numbers
 * belong to docs/BENCHMARKS.md.
 */
class BenchHistoryCommandTest {
    @Test
    void measuresTheAcknowledgementsWithAndWithoutTheLogAndTheJoinsIntoALongHistory() {
        BenchCommandTest.Run run = BenchCommandTest.bench("history", "--ack-messages", "40", "--ack-rate", "400",
                "--ack-warmup", "200", "--listeners", "3", "--messages", "2000", "--joins", "5");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("ack latency, one sender at 400/s, 40 messages \\(after 200 to warm up\\), 3 listeners, "
                        + "history on \\(sync normal\\): p50 [0-9.]+ ms, p99 [0-9.]+ ms")
                .containsPattern("3 listeners, history off: p50 [0-9.]+ ms")
                .contains("filled the log with 2,000 messages")
                .containsPattern("join of a room of 2,000 messages, 50 sent as history, 5 joins: hello to the page's "
                        + "end p50 [0-9.]+ ms")
                .containsPattern("server CPU [0-9.]+ ms per join");
    }
}
