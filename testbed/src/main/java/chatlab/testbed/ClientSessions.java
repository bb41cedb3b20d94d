package chatlab.testbed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The client programs of a run: every session of each client host in order, and the program running there now. */
final class ClientSessions {
    private final Map<LabHost, HostProcess> running = new LinkedHashMap<>();
    private final Map<LabHost, List<LabSession>> sessions = new LinkedHashMap<>();

    ClientSessions() {
        LabNetwork.CLIENTS.forEach(h -> sessions.put(h, new ArrayList<>()));
    }

    /** A client program started on the host: its new session, and the program running there. */
    void started(LabHost host, LabSession session) {
        sessions.get(host).add(session);
        running.put(host, session.process);
    }

    /** The program running on each client host now. */
    Map<LabHost, HostProcess> running() {
        return running;
    }

    /** The host's program, no longer counted as running (it is leaving); null when none runs. */
    HostProcess leaving(LabHost host) {
        return running.remove(host);
    }

    /** Every session on the host, in order. */
    List<LabSession> of(LabHost host) {
        return sessions.get(host);
    }

    /** The host's last session. */
    Optional<LabSession> current(LabHost host) {
        List<LabSession> list = sessions.get(host);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /** Every client host's output so far, all its sessions, without stderr. */
    Map<LabHost, List<String>> outputs() {
        Map<LabHost, List<String>> out = new LinkedHashMap<>();
        sessions.forEach((host, list) -> {
            List<String> lines = new ArrayList<>();
            list.forEach(s -> s.process.lines().stream().filter(l -> !l.stderr()).forEach(l -> lines.add(l.text())));
            out.put(host, lines);
        });
        return out;
    }
}
