package chatlab.check;

import chatlab.check.net.Placement;
import chatlab.check.sandbox.Sandbox;
import java.util.List;

/** Runs a check: on the loopback in this JVM, or in the lab's network through the sandbox. */
public final class CheckRunner {
    private CheckRunner() {}

    public static CheckOutcome run(CheckRequest request, CheckEvents events) throws CheckException, InterruptedException {
        if (request.network() == Network.NAMESPACES) {
            return Sandbox.run(request, events);
        }
        int programs = request.target() == Target.SERVER ? 2 : request.copies();
        Placement placement = Placement.local(request.host(), request.port(), request.udpPort(), programs);
        return Engine.run(request, placement, List.of(), events);
    }
}
