package chatlab.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One check to run.
 *
 * @param target    a server or a client program
 * @param command   the program and its arguments; placeholders {@code {host} {server} {port} {udp_port}
 *                  {client_ip} {name}} are replaced (see {@code CommandTemplate})
 * @param network   in the lab's namespaces, or on the loopback
 * @param host      LOCAL: the address the server listens on (the program under test's, or chatlab's for a client
 *                  check); ignored in NAMESPACES, where it is the lab's webserver
 * @param port      LOCAL: the TCP port, 0 for a free one chosen at each start; NAMESPACES: always the lab's 5000
 * @param udpPort   LOCAL: the UDP port of direct messages, 0 for the same number as the TCP port (the lab's rule)
 * @param timeouts  every time bound
 * @param only      rule ids to run (empty: all)
 * @param skip      rule ids not to run
 * @param reportDir where the Markdown report, the program's output and the captures go, if anywhere
 * @param prefix    starts the name of every namespace the check creates (1 to 3 letters); the check adds its
 *                  process id and a count, so checks running side by side never share a namespace
 * @param python    the Python 3 that runs the lab's own client (and chatlab's copies of the lab programs)
 * @param password  typed when a client under test asks for a password
 * @param copies    how many copies of a client under test run side by side (1 to 3; two are needed for C-COPIES)
 */
public record CheckRequest(Target target, List<String> command, Network network, String host, int port, int udpPort,
        CheckTimeouts timeouts, Set<String> only, Set<String> skip, Optional<Path> reportDir, String prefix,
        String python, String password, int copies) {
    public static final String DEFAULT_PREFIX = "chk";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PASSWORD = "secret";
    public static final int MAX_COPIES = 3;

    public CheckRequest {
        command = List.copyOf(command);
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("give the program to check after --, such as: -- python3 chatserver.py");
        }
        if (port < 0 || port > 65535 || udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("a port is 1 to 65535 (0: choose a free one)");
        }
        if (!prefix.matches("[a-z]{1,3}")) {
            throw new IllegalArgumentException("the namespace prefix is 1 to 3 lower-case letters; got '" + prefix + "'");
        }
        if (copies < 1 || copies > MAX_COPIES) {
            throw new IllegalArgumentException("--copies is 1 to " + MAX_COPIES);
        }
    }

    /** A request with the defaults: namespaces, every rule, no report. */
    public static CheckRequest of(Target target, List<String> command) {
        return new CheckRequest(target, command, Network.NAMESPACES, DEFAULT_HOST, 0, 0, CheckTimeouts.defaults(),
                Set.of(), Set.of(), Optional.empty(), DEFAULT_PREFIX, "python3", DEFAULT_PASSWORD, 2);
    }

    public CheckRequest local(String newHost, int newPort) {
        return new CheckRequest(target, command, Network.LOCAL, newHost, newPort, udpPort, timeouts, only, skip,
                reportDir, prefix, python, password, copies);
    }

    public CheckRequest withUdpPort(int value) {
        return new CheckRequest(target, command, network, host, port, value, timeouts, only, skip, reportDir, prefix,
                python, password, copies);
    }

    public CheckRequest withTimeouts(CheckTimeouts value) {
        return new CheckRequest(target, command, network, host, port, udpPort, value, only, skip, reportDir, prefix,
                python, password, copies);
    }

    public CheckRequest withRules(Set<String> newOnly, Set<String> newSkip) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, newOnly, newSkip, reportDir,
                prefix, python, password, copies);
    }

    public CheckRequest withReportDir(Path value) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, only, skip,
                Optional.ofNullable(value), prefix, python, password, copies);
    }

    public CheckRequest withPrefix(String value) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, only, skip, reportDir, value,
                python, password, copies);
    }

    public CheckRequest withPython(String value) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, only, skip, reportDir, prefix,
                value, password, copies);
    }

    public CheckRequest withPassword(String value) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, only, skip, reportDir, prefix,
                python, value, copies);
    }

    public CheckRequest withCopies(int value) {
        return new CheckRequest(target, command, network, host, port, udpPort, timeouts, only, skip, reportDir, prefix,
                python, password, value);
    }

    /** Whether the rule with this id is to run. */
    public boolean selected(String ruleId) {
        return (only.isEmpty() || only.contains(ruleId)) && !skip.contains(ruleId);
    }
}
