package chatlab.testbed;

import chatlab.wire.PythonRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each client must have printed after a scenario, in the lab client's words (the Python client and
 * {@code chatlab client --lab-output} print the same): every chatroom message at every other client in the room,
 * every direct message at its recipient, every {@code #ls} at its sender with the users of that moment.
 */
public final class Expectations {
    /** What kind of message an expectation checks. */
    public enum Kind { CHATROOM, DIRECT, LIST, NOT_REGISTERED }

    /**
     * One line a client must have printed.
     *
     * @param kind  what it checks
     * @param host  the client host that prints it
     * @param text  the line (for LIST: the users as the lab client prints its dictionary)
     * @param users for LIST: name to address, in the order the server registered them
     * @param step  the scenario line that caused it
     */
    public record Expected(Kind kind, LabHost host, String text, Map<String, String> users, int step) {
        /** Whether a line of the client's output is this one. */
        public boolean matches(String line) {
            if (kind != Kind.LIST) {
                return line.equals(text);
            }
            // Lab servers list users in registration order, but only the set is the lab's contract.
            if (!line.startsWith("{") || !line.endsWith("}")) {
                return false;
            }
            int entries = line.equals("{}") ? 0 : line.split("', '", -1).length;
            return entries == users.size() && users.entrySet().stream()
                    .allMatch(e -> line.contains(PythonRepr.string(e.getKey()) + ": " + PythonRepr.string(e.getValue())));
        }
    }

    /** The input prompts of the lab's Python client, which print without a newline and stick to the next line. */
    private static final Pattern PROMPTS = Pattern.compile("^(First enter your name to register it in the server: )?>*");

    private Expectations() {}

    /** A line of a client's output without the Python client's input prompts in front of it. */
    public static String withoutPrompts(String line) {
        return PROMPTS.matcher(line).replaceFirst("");
    }

    /** Everything the scenario must make the clients print. */
    public static List<Expected> of(Scenario scenario) {
        List<Expected> expected = new ArrayList<>();
        Map<LabHost, String> room = new LinkedHashMap<>();
        for (Scenario.Step step : scenario.steps()) {
            LabHost host = step.host();
            if (step.action() instanceof Scenario.Join join) {
                room.put(host, join.name());
            } else if (step.action() instanceof Scenario.Leave) {
                room.remove(host);
            } else if (step.action() instanceof Scenario.Say say) {
                String sender = room.get(host);
                String text = say.text();
                if (text.equals("#ls")) {
                    Map<String, String> users = new LinkedHashMap<>();
                    room.forEach((h, n) -> users.put(n, h.ipv4()));
                    expected.add(new Expected(Kind.LIST, host, PythonRepr.dict(users), users, step.line()));
                } else if (text.startsWith("@")) {
                    // As the lab client: the name is up to the first ':', the message is everything after it.
                    int colon = text.indexOf(':');
                    String to = (colon < 0 ? text.substring(1) : text.substring(1, colon)).strip();
                    String message = colon < 0 ? "" : text.substring(colon + 1);
                    LabHost recipient = room.entrySet().stream().filter(e -> e.getValue().equals(to))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    if (recipient == null) {
                        expected.add(new Expected(Kind.NOT_REGISTERED, host, to + " is not registered", Map.of(),
                                step.line()));
                    } else {
                        expected.add(new Expected(Kind.DIRECT, recipient, "Incoming msg (P2P) from " + sender + ":"
                                + message, Map.of(), step.line()));
                    }
                } else if (!text.startsWith("/")) {
                    // Lines starting with / are chatlab's own commands; the lab client would send them to the room.
                    for (Map.Entry<LabHost, String> other : room.entrySet()) {
                        if (other.getKey() != host) {
                            expected.add(new Expected(Kind.CHATROOM, other.getKey(), "incoming msg from chatserver ("
                                    + sender + ": " + text + " )", Map.of(), step.line()));
                        }
                    }
                }
            }
        }
        return expected;
    }

    /** The expectations that the clients' output lines do not meet; each output line meets at most one. */
    public static List<Expected> missing(List<Expected> expected, Map<LabHost, List<String>> output) {
        Map<LabHost, List<String>> unused = new LinkedHashMap<>();
        output.forEach((host, lines) -> unused.put(host, new ArrayList<>(lines.stream().map(Expectations::withoutPrompts).toList())));
        List<Expected> missing = new ArrayList<>();
        for (Expected e : expected) {
            List<String> lines = unused.getOrDefault(e.host(), new ArrayList<>());
            int index = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (e.matches(lines.get(i))) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                missing.add(e);
            } else {
                lines.remove(index);
            }
        }
        return missing;
    }
}
