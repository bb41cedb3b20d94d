package chatlab.check.sandbox;

import chatlab.check.Target;
import chatlab.check.net.LabSlot;
import chatlab.check.net.Placement;
import chatlab.testbed.LabHost;
import chatlab.testbed.LabNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who runs where in the lab's network, for each kind of check. A server check: the program on webserver, the check's
 * engine (and its peers, 10.20.30.21 and up) on client1, the lab's Python clients on client2 and client3. A client
 * check: the engine with chatlab's server (10.20.30.3, chat.ttm4200.com) and its peers on webserver, the copies of
 * the client on client1 to client3.
 */
final class LabNet {
    /** The peers' addresses: 10.20.30.21 and up, added to the engine's host. */
    static final String PEER_NETWORK = "10.20.30.";

    private LabNet() {}

    static LabHost engineHost(Target target) {
        return target == Target.SERVER ? LabNetwork.CLIENT1 : LabNetwork.WEBSERVER;
    }

    static LabSlot slot(LabHost host, String prefix) {
        return new LabSlot(host.name(), host.ipv4(), Optional.of(prefix + host.name()));
    }

    static List<LabHost> programHosts(Target target) {
        return target == Target.SERVER ? List.of(LabNetwork.CLIENT2, LabNetwork.CLIENT3) : LabNetwork.CLIENTS;
    }

    static Placement placement(Target target, String prefix) {
        List<LabSlot> programs = new ArrayList<>();
        programHosts(target).forEach(h -> programs.add(slot(h, prefix)));
        return Placement.namespaces(slot(LabNetwork.WEBSERVER, prefix), LabNetwork.CHAT_SERVER_NAME,
                LabNetwork.CHAT_PORT, PEER_NETWORK, programs);
    }

    /** The hosts to capture on: the server's and one lab client's for a server check, the clients' for a client check. */
    static List<LabSlot> captureHosts(Target target, String prefix, int copies) {
        if (target == Target.SERVER) {
            return List.of(slot(LabNetwork.WEBSERVER, prefix), slot(LabNetwork.CLIENT2, prefix));
        }
        return LabNetwork.CLIENTS.subList(0, copies).stream().map(h -> slot(h, prefix)).toList();
    }
}
