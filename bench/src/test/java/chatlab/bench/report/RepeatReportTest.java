package chatlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatReportTest {
    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        RepeatReport.Spread spread = RepeatReport.Spread.of(List.of(5.0, 1.0, 3.0));
        assertThat(spread.median()).isEqualTo(3.0);
        assertThat(spread.min()).isEqualTo(1.0);
        assertThat(spread.max()).isEqualTo(5.0);
        assertThat(spread.values()).as("kept in round order").containsExactly(5.0, 1.0, 3.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(RepeatReport.Spread.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
    }

    @Test
    void roundsThatDidNotKnowTheNumberAreLeftOut() {
        RepeatReport.Spread spread = RepeatReport.Spread.of(Arrays.asList(null, 2.0, 8.0));
        assertThat(spread.median()).isEqualTo(5.0);
        assertThat(spread.min()).isEqualTo(2.0);
        assertThat(RepeatReport.Spread.of(Arrays.asList(null, null))).isNull();
    }
}
