package chatlab.testbed;

import java.util.ArrayList;
import java.util.List;

/** One client program's life on a host: who it registered as, what was typed, how it ended. */
final class LabSession {
    final String name;
    final HostProcess process;
    final List<HostProcess.Line> typed = new ArrayList<>();
    String ending = "still running";

    LabSession(String name, HostProcess process) {
        this.name = name;
        this.process = process;
    }
}
