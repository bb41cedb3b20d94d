package chatlab.cli;

import chatlab.client.ClientConfig;
import chatlab.client.ClientOutput;
import chatlab.client.ChatSession;
import chatlab.client.ClientSession;
import chatlab.client.ClientTexts;
import chatlab.client.SafeText;
import chatlab.client.console.InputLoop;
import chatlab.client.PasswordSource;
import chatlab.client.tls.KnownServers;
import chatlab.client.tls.TlsHandshakeException;
import chatlab.client.tls.TlsSettings;
import chatlab.client.V2ClientSession;
import chatlab.protocol.v2.Wire;
import chatlab.client.console.Console;
import chatlab.client.console.FriendlyOutput;
import chatlab.client.console.LabOutput;
import chatlab.client.console.PlainConsole;
import chatlab.client.console.TerminalConsole;
import chatlab.protocol.NameRules;
import chatlab.protocol.RoomNames;
import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlab client}: joins a chat server, as the lab's chatclient.py does. */
@Command(
        name = "client",
        defaultValueProvider = OptionDefaults.Client.class,
        mixinStandardHelpOptions = true,
        description = {
            "Joins a chat server and chats: plain text goes to the room you talk in, @NAME: TEXT goes directly to "
                    + "NAME over UDP, #ls lists the users, /join #ROOM joins a room and /rooms lists them (v2), /help "
                    + "lists the commands, /quit or Ctrl-D leaves.",
            "On a terminal the prompt stays at the bottom; when stdin is a pipe, each line is a command and the "
                    + "client leaves at the end of input, once the server has acknowledged everything it read (v2; "
                    + "reconnecting if need be, for at most --drain-timeout)."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:everything read was delivered (v2: acknowledged by the server)",
            "1:the server refused the name or the login, or the connection ended for good",
            "2:a usage error",
            "3:could not connect (no server there, name not found, certificate not trusted)",
            "4:some input was not delivered: messages the server did not acknowledge within --drain-timeout, "
                    + "or (with a pipe) lines refused by the client or the server; counted on the last line"
        })
final class ClientCommand implements Callable<Integer> {
    /** Exit status when the server closed the connection (or refused the name). */
    static final int EXIT_DISCONNECTED = 1;
    /** Exit status when something read was not delivered, or (pipe) a line was refused. */
    static final int EXIT_NOT_ALL_DELIVERED = 4;

    @Option(names = "--server", defaultValue = "localhost",
            description = "DNS name or address of the server; every IPv4 and IPv6 address it resolves to is tried "
                    + "(default: ${DEFAULT-VALUE}; the lab uses chat.ttm4200.com).")
    String server;

    @Option(names = "--port", defaultValue = "" + LabFormat.DEFAULT_PORT,
            description = "The server's TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--name", description = "Your name in the chat; asked for when absent.")
    String name;

    @Option(names = "--room", paramLabel = "#ROOM",
            description = "A room to be in from the start (v2; repeat the option for several); you talk in the first. "
                    + "Without it you are in the server's default room. Rooms given here are joined again after a "
                    + "reconnect, as are those joined with /join.")
    List<String> rooms = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Local address for the TCP connection and the UDP socket; peers see you at it.")
    String bind;

    @Option(names = "--udp-port",
            description = "UDP port for direct messages; as in the lab, by default the same number as --port (lab peers "
                    + "send to it, and on the lab wire it is also where peers are sent to). 0 takes any free port (v2).")
    Integer udpPort;

    @Option(names = "--wire", defaultValue = "v2",
            description = "The wire to speak: v2 (chatlab's own: acknowledged, reconnecting, typed) or lab (the lab's, "
                    + "for the lab's Python server) (default: ${DEFAULT-VALUE}).")
    String wire;

    @Option(names = "--tls", description = "Connect with TLS (v2). The server's certificate is checked against the "
            + "system's trust store, or --tls-pin, or one you trusted before (asked on first use, remembered).")
    boolean tls;

    @Option(names = "--tls-pin", paramLabel = "SHA256",
            description = "Trust exactly the certificate with this SHA-256 fingerprint (as chatlab certs dev prints it).")
    String tlsPin;

    @Option(names = "--known-servers", paramLabel = "FILE",
            description = "Where certificates trusted on first use are remembered; default: "
                    + "$XDG_CONFIG_HOME/chatlab/known_servers or ~/.config/chatlab/known_servers.")
    Path knownServers;

    @Option(names = "--password-stdin",
            description = "Log in with the password on the first line of standard input (v2: SCRAM-SHA-256, the "
                    + "password never crosses the wire). Without it, a terminal asks when the server wants one.")
    boolean passwordStdin;

    @Option(names = "--lab-output",
            description = "Print exactly what the lab's Python client prints (without its input prompts).")
    boolean labOutput;

    @Option(names = "--plain", description = "Use line mode even on a terminal.")
    boolean plain;

    @Option(names = "--min-send-gap", converter = DurationConverter.class,
            description = "Least time between two chatroom messages, so a lab server that reads one message per "
                    + "recv() sees them apart (default: ${DEFAULT-VALUE}).")
    Duration minSendGap;

    @Option(names = "--connect-timeout", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long each of the server's addresses gets to accept the connection before the next is "
                    + "tried; longer over a very lossy network (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--drain-timeout", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "At the end of input (v2), how long to keep trying, reconnecting if the server is away, "
                    + "until the server has acknowledged every message read; what is left then is counted and the "
                    + "exit status is 4 (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--reply-wait", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Lab wire, before the server has accepted the name: how long a line sent to it (the name, "
                    + "a password) waits for its answer before the next line is read, so its prompt shows first. v2: "
                    + "how long the line after a /join waits for the room, so it goes there "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration replyWait;

    @Override
    public Integer call() throws Exception {
        ClientConfig config = config();
        if (config.tls().isPresent() && wireChosen() == Wire.LAB) {
            throw new UserError("TLS needs the v2 wire: the lab wire is plain text by design (drop --wire lab)", 2);
        }
        boolean terminal = !plain && !labOutput && TerminalConsole.available();
        try (Console console = terminal ? TerminalConsole.open() : new PlainConsole(System.in, utf8Stdout())) {
            return run(config, console, terminal);
        }
    }

    private int run(ClientConfig config, Console console, boolean terminal) throws Exception {
        String password = passwordStdin ? readPasswordLine() : null;
        ClientOutput output = labOutput
                ? new LabOutput(console.sink())
                : new FriendlyOutput(console.sink(), terminal && colourWanted(), Clock.systemDefaultZone());
        ClientOutput shown = new NameCompletion(output, console);
        InputLoop input = new InputLoop(console);
        String chosen = name != null ? name : askName(console, input);
        while (true) {
            Optional<String> problem = new NameRules(Limits.DEFAULT_MAX_NAME_CHARS).problemWith(chosen);
            if (problem.isPresent()) {
                if (!askingAgain(terminal)) {
                    throw new UserError("cannot use that name: " + problem.get(), 2);
                }
                shown.problem("cannot use that name: " + problem.get() + "; try another");
                chosen = askName(console, input);
                continue;
            }
            PasswordSource askUser = terminal
                    ? (n, why) -> console.askPassword("The server says: " + SafeText.escape(why) + "\nPassword for "
                            + n + " (Enter alone to give up): ")
                    : (n, why) -> {
                        shown.problem(ClientTexts.passwordNeeded(n));
                        return Optional.empty();
                    };
            try (ChatSession session = wireChosen() == Wire.LAB ? new ClientSession(config, shown)
                    : new V2ClientSession(config, shown, askUser, password)) {
                Optional<Integer> exit = chat(session, chosen, config, console, terminal, input, output);
                if (exit.isPresent()) {
                    return exit.get();
                }
            }
            // The server refused the name before it was in: ask for another.
            chosen = askName(console, input);
        }
    }

    /**
     * One session with {@code chosen}; empty when the server refused the name and the user may try another, otherwise
     * the exit status.
     */
    private Optional<Integer> chat(ChatSession session, String chosen, ClientConfig config, Console console,
            boolean terminal, InputLoop input, ClientOutput output) throws Exception {
        boolean askAgain = askingAgain(terminal);
        try {
            startTrustingOnFirstUse(session, chosen, config, console, terminal);
        } catch (IOException e) {
            if (labOutput) {
                System.out.println("could not connect to chat server...");
            }
            throw new UserError(e.getMessage());
        }
        // v2: until the server took the name (after a login, if it asks for one) nothing else reads the console.
        if (wireChosen() == Wire.V2) {
            CompletableFuture.anyOf(session.registered(), session.ended()).get();
            if (session.ended().isDone()) {
                return askAgain && session.nameRefused() ? Optional.empty() : Optional.of(EXIT_DISCONNECTED);
            }
        }
        if (input.done().isDone()) {
            return Optional.of(EXIT_DISCONNECTED); // input ended while the last name was refused
        }
        if (!inputStarted) {
            inputStarted = true;
            input.start(session);
        } else {
            input.use(session);
        }
        CompletableFuture.anyOf(input.done(), session.ended()).get();
        input.problem().ifPresent(output::problem);
        boolean inputEnded = input.done().isDone();
        if (!inputEnded && askAgain && session.nameRefused()) {
            return Optional.empty();
        }
        if (inputEnded) {
            session.finish().get();
        }
        return Optional.of(report(session, terminal, output, inputEnded));
    }

    private boolean inputStarted;

    /** A person at a terminal who was asked for a name is asked again when the name is refused; a script is not. */
    private boolean askingAgain(boolean terminal) {
        return name == null && terminal;
    }

    /** Says what was not delivered or refused, and picks the exit status. */
    private int report(ChatSession session, boolean terminal, ClientOutput output, boolean inputEnded) {
        int undelivered = session.undelivered();
        boolean registered = session.registered().isDone();
        if (undelivered > 0) {
            output.problem(ClientTexts.undelivered(undelivered, !registered ? ClientTexts.inputEndedBeforeName()
                    : session.failed() || !inputEnded ? ClientTexts.CONNECTION_ENDED
                    : ClientTexts.drainTimedOut(drainTimeout)));
        } else if (!registered && inputEnded && !session.failed()) {
            output.problem(ClientTexts.inputEndedBeforeName());
        }
        // At a terminal each refusal was seen as it happened; a script learns of them from its exit status.
        int refused = terminal ? 0 : session.refused();
        if (refused > 0) {
            output.problem(ClientTexts.refusedLines(refused));
        }
        if (session.failed() || !inputEnded) {
            return EXIT_DISCONNECTED;
        }
        return undelivered > 0 || refused > 0 || !registered ? EXIT_NOT_ALL_DELIVERED : 0;
    }

    /** The first name from the console itself, later ones through the input loop once it reads the console. */
    private String askName(Console console, InputLoop input) throws Exception {
        String prompt = labOutput ? "First enter your name to register it in the server: " : "Your name: ";
        Optional<String> asked = inputStarted ? input.askName(prompt) : console.askName(prompt);
        if (asked.isEmpty()) {
            throw new UserError("no name given; use --name or type one");
        }
        return asked.get();
    }

    /**
     * Starts the session; when TLS meets a certificate nobody vouches for, a person at a terminal may trust it (it is
     * then remembered for this server); a script gets one line naming the fingerprint and --tls-pin.
     */
    private void startTrustingOnFirstUse(ChatSession session, String chosen, ClientConfig config, Console console,
            boolean terminal) throws IOException {
        try {
            session.start(chosen);
        } catch (TlsHandshakeException e) {
            if (e.untrusted().isEmpty() || !terminal) {
                String hint = e.untrusted().isPresent() ? "; to trust it, pass --tls-pin " + e.untrusted().get().fingerprint() : "";
                throw new UserError(e.getMessage() + hint);
            }
            String fingerprint = e.untrusted().get().fingerprint();
            String answer = console.askName("The server " + config.server() + ":" + config.port()
                    + " presents a certificate nobody vouches for.\nSHA-256 fingerprint: " + fingerprint
                    + "\nTrust it and remember it for this server? [y/N] ").orElse("");
            if (!answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                throw new UserError("not connected: the server's certificate was not trusted");
            }
            config.tls().orElseThrow().knownServers().remember(config.server() + ":" + config.port(), fingerprint);
            session.start(chosen);
        }
    }

    /** The first line of standard input, read byte by byte so nothing after it is taken from the console. */
    private static String readPasswordLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = System.in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                throw new UserError("standard input ended before a password line");
            }
        } catch (IOException e) {
            throw new UserError("cannot read the password from standard input: " + e.getMessage());
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private Wire wireChosen() {
        try {
            return Wire.parse(wire);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    ClientConfig config() {
        Optional<InetAddress> local = Optional.empty();
        if (bind != null) {
            try {
                local = Optional.of(InetAddress.getByName(bind));
            } catch (UnknownHostException e) {
                throw new UserError("cannot resolve --bind address '" + bind + "'", 2);
            }
        }
        int udp = udpPort != null ? udpPort : port;
        if (port < 1 || port > 65_535 || udp < 0 || udp > 65_535) {
            throw new UserError("ports must be between 1 and 65535", 2);
        }
        Optional<TlsSettings> tlsSettings = Optional.empty();
        if (tls || tlsPin != null) {
            try {
                tlsSettings = Optional.of(new TlsSettings(Optional.ofNullable(tlsPin),
                        new KnownServers(knownServers != null ? knownServers : KnownServers.defaultPath())));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), 2);
            }
        }
        ClientConfig config = ClientConfig.of(server).withPort(port).withBindAddress(local).withUdpPort(udp)
                .withMinSendGap(minSendGap).withTls(tlsSettings).withRooms(startRooms());
        config = checked("--connect-timeout", config::withConnectTimeout, connectTimeout);
        config = checked("--drain-timeout", config::withDrainTimeout, drainTimeout);
        return checked("--reply-wait", config::withReplyWait, replyWait);
    }

    /**
     * The {@code --room} options, each with its '#' added when left out (as {@code /join} takes them); a name that
     * breaks the rooms' rules is a usage error here rather than a refusal after connecting.
     */
    private List<String> startRooms() {
        if (!rooms.isEmpty() && wireChosen() == Wire.LAB) {
            throw new UserError("--room needs the v2 wire: the lab wire has one room (drop --wire lab)", 2);
        }
        List<String> named = new ArrayList<>();
        for (String room : rooms) {
            String withPrefix = room.startsWith(String.valueOf(RoomNames.PREFIX)) ? room : RoomNames.PREFIX + room;
            Optional<String> problem = RoomNames.problemWith(withPrefix);
            if (problem.isPresent()) {
                throw new UserError("--room " + room + ": " + problem.get(), 2);
            }
            named.add(withPrefix);
        }
        return named;
    }

    /** A duration option the config refuses is a usage error naming the option. */
    private static ClientConfig checked(String option, Function<Duration, ClientConfig> with,
            Duration value) {
        try {
            return with.apply(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage(), 2);
        }
    }

    /** https://no-color.org: any non-empty NO_COLOR turns colours off. */
    private static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return noColor == null || noColor.isEmpty();
    }

    private static PrintStream utf8Stdout() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }
}
