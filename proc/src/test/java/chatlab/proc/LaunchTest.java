package chatlab.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a command is put together; nothing is started. */
class LaunchTest {
    @Test
    void aProgramGetsAGroupOfItsOwnThroughSetsidUnlessItAsksForNone() {
        List<String> line = Launch.of("python3", "-u", "x.py").commandLine();
        assertThat(line.get(0)).endsWith("/setsid");
        assertThat(line.subList(1, line.size())).containsExactly("python3", "-u", "x.py");
        assertThat(Launch.of("python3", "x.py").ownGroup(false).commandLine()).containsExactly("python3", "x.py");
    }

    @Test
    void aCommandThatStartsWithSetsidIsLeftAsItIs() {
        assertThat(Launch.of("setsid", "ip", "netns", "exec", "h1", "sh").commandLine())
                .containsExactly("setsid", "ip", "netns", "exec", "h1", "sh");
        assertThat(Launch.of("/usr/bin/setsid", "sh").commandLine()).containsExactly("/usr/bin/setsid", "sh");
    }

    @Test
    void anEmptyCommandOrATinyOutputLimitIsRefused() {
        assertThatThrownBy(() -> Launch.of(List.of())).hasMessage("no command to run");
        assertThatThrownBy(() -> Launch.of("true").outputLimit(1)).hasMessageContaining("at least 2 bytes");
    }
}
