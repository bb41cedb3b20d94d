package chatlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchTermsTest {
    @Test
    void aReportGetsTheDefinitionsOfTheTermsItUsesOnly() {
        String report = "  traffic (closed loop): 9,000 deliveries in 10.0 s = 900 deliveries/s\n"
                + "  lost 0 of 9,000, duplicated 0, merged 2, shared a read 5, split 1\n";
        assertThat(BenchTerms.usedIn(report)).containsExactly(BenchTerms.DELIVERIES, BenchTerms.LOST,
                BenchTerms.MERGED, BenchTerms.SHARED_A_READ, BenchTerms.SPLIT);
        assertThat(BenchTerms.usedIn("  half-open retries   0   3\n")).containsExactly(BenchTerms.HALF_OPEN);
        assertThat(BenchTerms.usedIn("  idle: held 10.0 s\n")).isEmpty();
    }

    @Test
    void everyLineNamesItsTermFirst() {
        for (String line : BenchTerms.all()) {
            assertThat(line).matches("[a-z -]+: .+\\.");
        }
    }
}
