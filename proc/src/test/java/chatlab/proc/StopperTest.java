package chatlab.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StopperTest {
    @Test
    void theProcessGroupIsTheFifthFieldCountedAfterTheCommandName() {
        assertThat(Stopper.groupInStat("4242 (java) S 1 4242 4242 0 -1 4194560 9 0 0 0")).hasValue(4242);
        // a command name may hold spaces and parentheses
        assertThat(Stopper.groupInStat("77 (a) b (c) R 5 70 70 0")).hasValue(70);
        assertThat(Stopper.groupInStat("garbage")).isEqualTo(OptionalLong.empty());
    }

    @Test
    void thisJvmIsNotAGroupOfItsOwnToStop() {
        assertThat(Stopper.processGroup(ProcessHandle.current().pid())).isPresent();
        assertThat(Stopper.leadsOwnGroup(ProcessHandle.current())).isFalse();
    }
}
