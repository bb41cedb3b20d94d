package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Every class a run loads ahead is one the testbed may initialize (a private or foreign one would throw). */
class RunClassesTest {
    @Test
    void loadsEveryClassItNames() {
        assertThatCode(RunClasses::load).doesNotThrowAnyException();
    }
}
