package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;
import picocli.CommandLine;

/** The command line in-process: help everywhere, and user errors as one line with a distinct exit code. */
class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void rootHelpListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("server", "client", "analyze");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "client", "analyze"})
    void everySubcommandHasHelp(String subcommand) {
        assertThat(run(subcommand, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: chatlab " + subcommand);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("server", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown option '--frobnicate'",
                "run 'chatlab server --help' for all options"));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMistypedOptionGetsTheNearestOneAndAPointerToHelpNotTheWholeHelp() {
        assertThat(run("client", "--nmae", "eve")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown option '--nmae'; did you mean '--name'?",
                "run 'chatlab client --help' for all options"));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTranspositionIsOneEditAway() {
        assertThat(run("server", "--prot", "6000")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown option '--prot'; did you mean '--port'?",
                "run 'chatlab server --help' for all options"));
    }

    @Test
    void aValueGivenWithEqualsIsNotPartOfTheName() {
        assertThat(run("client", "--nmae=eve")).isEqualTo(2);
        assertThat(err.toString()).startsWith("chatlab: unknown option '--nmae'; did you mean '--name'?");
    }

    @Test
    void aMistypedCommandGetsTheNearestCommand() {
        assertThat(run("sever")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown command 'sever'; did you mean 'server'?",
                "run 'chatlab --help' for all commands"));
        err.getBuffer().setLength(0);
        assertThat(run("testbed", "rnu")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown command 'rnu'; did you mean 'run'?",
                "run 'chatlab testbed --help' for all commands"));
    }

    @Test
    void aBadValueIsOneLineAndAPointer() {
        assertThat(run("server", "--port", "many")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(lines("chatlab: invalid value for option '--port': 'many' is not an int",
                "run 'chatlab server --help' for all options"));
    }

    /** Every command and subcommand has the same handler: a typo of --help is caught everywhere. */
    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyCommandSuggestsTheNearestOption(List<String> command) {
        List<String> args = new java.util.ArrayList<>(command);
        args.add("--hepl");
        assertThat(run(args.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
        String qualified = String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("chatlab"),
                command.stream()).toList());
        assertThat(err.toString()).isEqualTo(lines("chatlab: unknown option '--hepl'; did you mean '--help'?",
                "run '" + qualified + " --help' for all options"));
    }

    /** Every command but help (it takes command names) and bench jmh (it hands every word to JMH's parser). */
    static java.util.stream.Stream<List<String>> everyCommand() {
        return HelpLayoutTest.everyCommand().filter(path -> {
            CommandLine cmd = HelpLayoutTest.command(path);
            return !cmd.getCommandSpec().name().equals("help") && cmd.getCommandSpec().unmatchedArgsBindings().isEmpty();
        });
    }

    private static String lines(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(System.lineSeparator());
        }
        return text.toString();
    }

    @Test
    void aBadDurationSaysHowToWriteOne() {
        assertThat(run("server", "--registration-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration; write it like 500ms, 30s, 2m, 1h or 90d");
    }

    @Test
    void anOutOfRangePortIsOneLine() {
        assertThat(run("server", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("chatlab: port must be between 0 and 65535, got 70000" + System.lineSeparator());
    }

    @Test
    void aPortInUseIsOneLineWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run("server", "--bind", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(UserError.EXIT_USER_ERROR);
            assertThat(err.toString()).isEqualTo("chatlab: cannot listen on 127.0.0.1 port " + taken.getLocalPort()
                    + ": it is already in use (is another chatlab server running?); choose another with --port"
                    + System.lineSeparator());
        }
    }

    /** Without --bind the server listens on every address: only the port is named. */
    @Test
    void aPortInUseOnEveryAddressNamesThePortAndSuggestsAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int code = run("server", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(UserError.EXIT_USER_ERROR);
            assertThat(err.toString()).isEqualTo("chatlab: cannot listen on port " + taken.getLocalPort()
                    + ": it is already in use (is another chatlab server running?); choose another with --port"
                    + System.lineSeparator());
        }
    }

    @Test
    void aClientThatCannotConnectSaysSoInOneLine() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        int code = run("client", "--server", "127.0.0.1", "--port", Integer.toString(closedPort), "--udp-port", "0",
                "--name", "alice", "--plain");
        assertThat(code).isEqualTo(UserError.EXIT_USER_ERROR);
        assertThat(err.toString()).isEqualTo("chatlab: cannot connect to 127.0.0.1 port " + closedPort
                + " (connection refused); is chatlab server running there?" + System.lineSeparator());
    }

    /**
     * A server whose accept queue is full drops new SYNs (Linux, tcp_abort_on_overflow off), as a lossy or filtered
     * path does: the client gives the address --connect-timeout, then reports it timed out.
     */
    @Test
    void aClientGivesUpOnAnAddressAfterTheConnectTimeout() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) { // backlog 1 queues two; the third's SYN is already dropped
                    java.net.Socket s = new java.net.Socket();
                    queued.add(s);
                    try {
                        s.connect(neverAccepts.getLocalSocketAddress(), 300);
                    } catch (java.io.IOException dropped) {
                        // the queue is full: what the client below must meet
                    }
                }
                int port = neverAccepts.getLocalPort();
                int code = run("client", "--server", "127.0.0.1", "--port", Integer.toString(port), "--udp-port",
                        "0", "--name", "alice", "--plain", "--connect-timeout", "400ms");
                assertThat(code).isEqualTo(UserError.EXIT_USER_ERROR);
                assertThat(err.toString()).isEqualTo("chatlab: cannot connect to 127.0.0.1 port " + port
                        + " (timed out after 400 ms)" + System.lineSeparator());
            } finally {
                for (java.net.Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aConnectTimeoutOutOfRangeIsAUsageError() {
        assertThat(run("client", "--name", "alice", "--plain", "--connect-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).startsWith("chatlab: --connect-timeout: the connect timeout must be above 0 and "
                + "at most 10 minutes, got 0 ms");
    }

    @Test
    void aServerWithLoginsRefusesAMissingUserStore() {
        int code = run("server", "--bind", "127.0.0.1", "--port", "0", "--auth", "required", "--users",
                "/nonexistent/chatlab/users.db");
        assertThat(code).isEqualTo(UserError.EXIT_USER_ERROR);
        assertThat(err.toString()).startsWith("chatlab: the user store /nonexistent/chatlab/users.db does not exist");
    }

    @Test
    void aClientNameThatBreaksTheRulesIsRefusedBeforeConnecting() {
        assertThat(run("client", "--name", "@all", "--plain")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("chatlab: cannot use that name: the name may not begin with '@'" + System.lineSeparator());
    }
}
