package chatlab.client.console;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * A real terminal: the prompt stays on the bottom line and incoming lines print above it, with history and tab
 * completion of commands, user names and room names. A line, once entered, is erased from the prompt: what it did is
 * shown above (your message as the others see it, the answer to a command), so nothing shows twice. What still waits
 * for the server is shown dim at the right of the prompt. Alt-Right and Alt-Left (and Ctrl-X n, Ctrl-X p, for
 * terminals that take Alt for themselves) go to the next and the previous room ({@link #onRoomKeys}).
 */
public final class TerminalConsole implements Console {
    private static final List<String> COMMANDS = List.of("#ls", "/names", "/msg", "/me", "/join", "/part", "/switch",
            "/rooms", "/topic", "/history", "/search", "/help", "/quit");
    /** Commands whose argument is a room: {@code /join #de<Tab>} completes the room's name. */
    private static final List<String> ROOM_COMMANDS = List.of("/join", "/j", "/part", "/leave", "/switch", "/sw");
    static final String NEXT_ROOM = "chatlab-next-room";
    static final String PREVIOUS_ROOM = "chatlab-previous-room";
    /**
     * Alt-Right as xterm and most terminals send it (CSI 1;3C), as others do (ESC before the plain arrow, ESC [ C or
     * ESC O C), and Ctrl-X n; the same with D and p for Alt-Left.
     */
    static final List<String> NEXT_ROOM_KEYS = List.of("\033[1;3C", "\033\033[C", "\033\033OC", KeyMap.ctrl('X') + "n");
    static final List<String> PREVIOUS_ROOM_KEYS = List.of("\033[1;3D", "\033\033[D", "\033\033OD", KeyMap.ctrl('X') + "p");

    private final Terminal terminal;
    private final LineReader reader;
    private volatile List<String> names = List.of();
    private volatile List<String> rooms = List.of();
    private volatile IntConsumer roomKeys = step -> { };
    /** The right prompt, with its style; null for none. */
    private volatile String status;
    private volatile String prompt = PROMPT;

    private TerminalConsole(Terminal terminal) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chatlab")
                .completer((lineReader, parsed, candidates) -> {
                    String word = parsed.word();
                    if (parsed.wordIndex() == 0 && (word.startsWith("#") || word.startsWith("/"))) {
                        COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
                    } else if (parsed.wordIndex() == 0 && word.startsWith("@")) {
                        names.forEach(n -> candidates.add(new Candidate("@" + n + ":", "@" + n, null, null, null, null, false)));
                    } else if (parsed.wordIndex() == 1 && ROOM_COMMANDS.contains(parsed.words().get(0))) {
                        rooms.forEach(r -> candidates.add(new Candidate(r)));
                    } else if (parsed.wordIndex() == 1 && parsed.words().get(0).equals("/msg")) {
                        names.forEach(n -> candidates.add(new Candidate(n)));
                    } else {
                        names.forEach(n -> candidates.add(new Candidate(n)));
                    }
                })
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .build();
        bindRoomKeys();
    }

    /** The keys that go to the next or the previous room, in the main (emacs) keymap. */
    private void bindRoomKeys() {
        reader.getWidgets().put(NEXT_ROOM, () -> roomKey(1));
        reader.getWidgets().put(PREVIOUS_ROOM, () -> roomKey(-1));
        KeyMap<Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        main.bind(new Reference(NEXT_ROOM), NEXT_ROOM_KEYS);
        main.bind(new Reference(PREVIOUS_ROOM), PREVIOUS_ROOM_KEYS);
    }

    /** On the reading thread, in the middle of a line: what is typed stays; the prompt changes with the room. */
    private boolean roomKey(int step) {
        roomKeys.accept(step);
        return true;
    }

    @Override
    public void onRoomKeys(IntConsumer step) {
        roomKeys = step;
    }

    @Override
    public void completeRooms(Collection<String> rooms) {
        this.rooms = new ArrayList<>(rooms);
    }

    /** Opens the process's terminal. */
    public static TerminalConsole open() throws IOException {
        return new TerminalConsole(TerminalBuilder.builder().system(true).build());
    }

    /** True when stdin and stdout are a terminal JLine can drive (not a pipe, not a dumb terminal). */
    public static boolean available() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public LineSink sink() {
        return line -> reader.printAbove(line);
    }

    @Override
    public Optional<String> askName(String prompt) {
        try {
            return Optional.of(reader.readLine(prompt).strip());
        } catch (EndOfFileException | UserInterruptException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> askPassword(String prompt) {
        try {
            return Optional.of(reader.readLine(prompt, '*'));
        } catch (EndOfFileException | UserInterruptException e) {
            return Optional.empty();
        }
    }

    @Override
    public void readLines(Predicate<String> handler, BooleanSupplier beforeEachLine) {
        while (true) {
            String line;
            boolean secret = beforeEachLine.getAsBoolean();
            try {
                // A password the server asked for is read without showing it (JLine prints the mask instead).
                line = secret ? reader.readLine("password> ", status, (Character) '*', null)
                        : reader.readLine(prompt, status, (Character) null, null);
            } catch (EndOfFileException | UserInterruptException e) {
                return;
            }
            if (!handler.test(line)) {
                return;
            }
        }
    }

    /** Shown dim at the right of the prompt, redrawn at once when a line is being read. */
    @Override
    public synchronized void status(String text) {
        String shown = text.isEmpty() ? null
                : new AttributedString(text, AttributedStyle.DEFAULT.faint()).toAnsi(terminal);
        if (Objects.equals(shown, status)) {
            return;
        }
        status = shown;
        redisplay(impl -> impl.setRightPrompt(shown));
    }

    @Override
    public synchronized void prompt(String text) {
        prompt = text;
        redisplay(impl -> impl.setPrompt(text));
    }

    /** Changes the line being read and redraws it; when none is being read, the next read picks the change up. */
    private void redisplay(Consumer<LineReaderImpl> change) {
        if (reader instanceof LineReaderImpl impl && reader.isReading()) {
            change.accept(impl);
            try {
                reader.callWidget(LineReader.REDISPLAY);
            } catch (IllegalStateException notReading) {
                // The line was entered meanwhile; the next read shows the change.
            }
        }
    }

    @Override
    public void completeNames(Collection<String> names) {
        this.names = new ArrayList<>(names);
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // Closing only restores the terminal's modes; nothing is lost if that fails.
        }
    }
}
