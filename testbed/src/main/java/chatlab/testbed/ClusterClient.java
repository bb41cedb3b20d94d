package chatlab.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** One client of the cluster scenario: where it runs, whom it plays, which server it is on, what was typed. */
final class ClusterClient {
    final LabHost host;
    final String name;
    final Program program;
    final List<HostProcess.Line> typed = new ArrayList<>();
    /** The name or address it was told to connect to. */
    String via;
    HostProcess process;
    /** The server it registered with last, if any. */
    Optional<LabHost> server = Optional.empty();
    String ending = "still running";

    ClusterClient(LabHost host, String name, Program program) {
        this.host = host;
        this.name = name;
        this.program = program;
    }

    boolean v2() {
        return program == Program.CHATLAB;
    }

    String wire() {
        return v2() ? "v2" : "lab";
    }

    /** The lines it printed so far. */
    List<String> output() {
        return process == null ? List.of() : process.lines().stream().map(HostProcess.Line::text).toList();
    }

    /** When it first printed a line matching {@code text} at or after {@code fromNanos}. */
    Optional<Long> firstLine(long fromNanos, Predicate<String> text) {
        if (process == null) {
            return Optional.empty();
        }
        return process.lines().stream().filter(l -> l.atNanos() >= fromNanos && text.test(l.text()))
                .map(HostProcess.Line::atNanos).findFirst();
    }

    /** A line of a server's log about this client. */
    record Logged(LabHost server, HostProcess.Line line) {}

    /** The server that logged this client's registration last ({@code join NAME from ADDRESS}), if any. */
    Optional<LabHost> registeredAt(Map<LabHost, HostProcess> servers) {
        return lastLogged(servers, "join").map(Logged::server);
    }

    /**
     * The server's line that let this client go after its last registration ({@code leave NAME from ADDRESS:
     * REASON}), if any: a client the scenario did not ask to leave was disconnected by its server.
     */
    Optional<Logged> letGo(Map<LabHost, HostProcess> servers) {
        Optional<Logged> join = lastLogged(servers, "join");
        return lastLogged(servers, "leave").filter(l -> join.isPresent()
                && l.line().atNanos() >= join.get().line().atNanos());
    }

    private Optional<Logged> lastLogged(Map<LabHost, HostProcess> servers, String verb) {
        Logged found = null;
        for (Map.Entry<LabHost, HostProcess> e : servers.entrySet()) {
            for (HostProcess.Line l : e.getValue().lines()) {
                if ((found == null || l.atNanos() > found.line().atNanos())
                        && (l.text().contains(verb + " " + name + " from " + host.ipv4())
                        || l.text().contains(verb + " " + name + " from " + host.ipv6()))) {
                    found = new Logged(e.getKey(), l);
                }
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return name;
    }
}
