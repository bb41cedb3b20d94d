package chatlab.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happens during a run: one timed action per line, {@code TIME HOST ACTION [ARGUMENT]}.
 *
 * <pre>
 * # comment
 * 0     client1  join alice          the client program starts on client1 and registers as alice
 * +1    client1  say hello, room     alice types a line: chatroom text, @NAME: TEXT (direct), or #ls
 * 5.5   client1  leave               alice ends her input (Ctrl-D) and the program exits
 * </pre>
 *
 * TIME is seconds from the start of the scenario, or {@code +SECONDS} after the previous line. An action never
 * starts before its time, nor before the network has delivered everything sent before it (see docs/TESTBED.md).
 *
 * @param name  where the scenario came from (a built-in name or a file)
 * @param steps the actions in order
 */
public record Scenario(String name, List<Step> steps) {
    /** The scenarios shipped with chatlab, by name; {@code lab} is the default. */
    public static final List<String> BUILT_IN = List.of("lab", "quick");
    public static final String DEFAULT = "lab";
    public static final int MAX_STEPS = 500;
    public static final Duration MAX_TIME = Duration.ofMinutes(10);
    /** The lab's programs read 1024 bytes at a time; a longer line would arrive in pieces. */
    public static final int MAX_TEXT_BYTES = 900;
    public static final int MAX_NAME_CHARS = 32;

    /** One action of a client. */
    public sealed interface Action permits Join, Say, Leave {}

    /** Start the client program on the host and register {@code name}. */
    public record Join(String name) implements Action {}

    /** Type {@code text} into the host's client, exactly as written. */
    public record Say(String text) implements Action {}

    /** End the client's input (Ctrl-D): the program leaves the chat and exits. */
    public record Leave() implements Action {}

    /**
     * @param line   the line number in the scenario text, for messages
     * @param at     when the action is due, from the start of the scenario
     * @param host   the client host that acts
     * @param action what it does
     */
    public record Step(int line, Duration at, LabHost host, Action action) {}

    public Scenario {
        steps = List.copyOf(steps);
    }

    /** When the last action is due. */
    public Duration length() {
        return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).at();
    }

    /** A built-in scenario by name, or a scenario file. */
    public static Scenario load(String nameOrFile) throws TestbedException {
        if (BUILT_IN.contains(nameOrFile)) {
            return parse(nameOrFile, builtInText(nameOrFile));
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new TestbedException("no scenario file " + nameOrFile + " (the built-in scenarios are "
                    + String.join(", ", BUILT_IN) + ", " + ClusterOptions.SCENARIO + ")");
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TestbedException("cannot read the scenario " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text of a built-in scenario, as shipped. */
    public static String builtInText(String name) throws TestbedException {
        try (InputStream in = Scenario.class.getResourceAsStream("scenarios/" + name + ".txt")) {
            if (in == null) {
                throw new TestbedException("the built-in scenario " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("cannot read the built-in scenario " + name + ": " + e.getMessage(), e);
        }
    }

    /** Parses and checks a scenario; every mistake is reported with its line number. */
    public static Scenario parse(String name, String text) throws TestbedException {
        List<Step> steps = new ArrayList<>();
        Map<LabHost, String> joined = new HashMap<>();
        Duration previous = Duration.ZERO;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 4);
            if (parts.length < 3) {
                throw error(name, number, "expected TIME HOST ACTION [ARGUMENT], got '" + line + "'");
            }
            Duration at = time(name, number, parts[0], previous);
            LabHost host = LabNetwork.client(parts[1]).orElseThrow(() -> error(name, number, "'" + parts[1]
                    + "' is not a client host; use client1, client2 or client3"));
            String argument = parts.length == 4 ? parts[3] : "";
            Action action = switch (parts[2].toLowerCase(Locale.ROOT)) {
                case "join" -> join(name, number, host, argument, joined);
                case "say" -> say(name, number, host, argument, joined);
                case "leave" -> {
                    if (!argument.isEmpty()) {
                        throw error(name, number, "leave takes no argument");
                    }
                    if (joined.remove(host) == null) {
                        throw error(name, number, host + " cannot leave: nobody has joined on it");
                    }
                    yield new Leave();
                }
                default -> throw error(name, number, "unknown action '" + parts[2] + "'; use join, say or leave");
            };
            steps.add(new Step(number, at, host, action));
            if (steps.size() > MAX_STEPS) {
                throw error(name, number, "a scenario has at most " + MAX_STEPS + " actions");
            }
            previous = at;
        }
        if (steps.isEmpty()) {
            throw new TestbedException("the scenario " + name + " has no actions");
        }
        return new Scenario(name, steps);
    }

    private static Join join(String name, int number, LabHost host, String who, Map<LabHost, String> joined)
            throws TestbedException {
        if (joined.containsKey(host)) {
            throw error(name, number, joined.get(host) + " is still on " + host + "; leave first (one client per host, "
                    + "as every client listens on UDP port " + LabNetwork.CHAT_PORT + ")");
        }
        if (who.isEmpty() || who.codePointCount(0, who.length()) > MAX_NAME_CHARS || who.contains(":")
                || !who.equals(who.strip()) || "@#!/{".indexOf(who.charAt(0)) >= 0 || who.chars().anyMatch(Character::isISOControl)) {
            throw error(name, number, "'" + who + "' is not a usable name (1 to " + MAX_NAME_CHARS
                    + " characters, no ':', not starting with @ # ! / {)");
        }
        if (joined.containsValue(who)) {
            throw error(name, number, "the name " + who + " is already in the room");
        }
        joined.put(host, who);
        return new Join(who);
    }

    private static Say say(String name, int number, LabHost host, String text, Map<LabHost, String> joined)
            throws TestbedException {
        if (!joined.containsKey(host)) {
            throw error(name, number, "nobody has joined on " + host + " yet");
        }
        if (text.isEmpty()) {
            throw error(name, number, "say needs the text to type");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw error(name, number, "the text is longer than " + MAX_TEXT_BYTES + " bytes");
        }
        return new Say(text);
    }

    private static Duration time(String name, int number, String text, Duration previous) throws TestbedException {
        boolean relative = text.startsWith("+");
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(relative ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw error(name, number, "'" + text + "' is not a time; write seconds such as 2, 2.5 or +0.5");
        }
        if (seconds.signum() < 0) {
            throw error(name, number, "a time cannot be negative");
        }
        Duration value = Duration.ofNanos(seconds.movePointRight(9).longValue());
        Duration at = relative ? previous.plus(value) : value;
        if (at.compareTo(previous) < 0) {
            throw error(name, number, "the time " + text + " is before the previous line's");
        }
        if (at.compareTo(MAX_TIME) > 0) {
            throw error(name, number, "a scenario lasts at most " + MAX_TIME.toMinutes() + " minutes");
        }
        return at;
    }

    private static TestbedException error(String name, int line, String message) {
        return new TestbedException("scenario " + name + ", line " + line + ": " + message);
    }
}
