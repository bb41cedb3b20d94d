package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsTest {
    @Test
    void anyoneButRootGetsOneClearLine() {
        assertThatThrownBy(() -> Tools.requireRoot("Linux", 1000)).hasMessage(
                "chatlab testbed needs root, because it creates network namespaces; run it with sudo (or as root)");
        assertThatThrownBy(() -> Tools.requireRoot("Mac OS X", 0))
                .hasMessage("chatlab testbed needs Linux (it uses network namespaces); this is Mac OS X");
        assertThatCode(() -> Tools.requireRoot("Linux", 0)).doesNotThrowAnyException();
    }

    @Test
    void aMissingProgramNamesItsDebianPackage() {
        Tools.Tool missing = new Tools.Tool("chatlab-no-such-program", "chatlab-pkg", "does something");
        assertThatThrownBy(() -> Tools.require(missing)).hasMessage("chatlab testbed needs chatlab-no-such-program, "
                + "which does something, and it is not installed; on Debian: apt-get install chatlab-pkg");
        Tools.Tool other = new Tools.Tool("chatlab-no-such-2", "chatlab-pkg2", "x");
        assertThatThrownBy(() -> Tools.requireAll(List.of(missing, other))).hasMessage("chatlab testbed needs programs "
                + "that are not installed (chatlab-no-such-program, chatlab-no-such-2); on Debian: apt-get install "
                + "chatlab-pkg chatlab-pkg2");
    }
}
