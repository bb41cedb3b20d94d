package chatlab.check.server;

import chatlab.check.wire.ServerStream;
import chatlab.check.wire.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Says, in a student's terms, how a user map differs from the one the lab's server would send. */
final class MapWords {
    private MapWords() {}

    /** "{alice: 10.20.30.21, bob: 10.20.30.22}". */
    static String show(Map<String, String> users) {
        List<String> entries = new ArrayList<>();
        users.forEach((name, address) -> entries.add(name + ": " + address));
        return "{" + String.join(", ", entries) + "}";
    }

    /** Why {@code got} (the last map a peer received, if any) is not {@code expected}. */
    static String difference(Map<String, String> expected, Optional<ServerStream.MapItem> got, String text) {
        if (got.isEmpty()) {
            return noMap(text);
        }
        ServerStream.MapItem map = got.get();
        List<String> problems = new ArrayList<>();
        if (!map.stringValues()) {
            problems.add("its values are not address strings (" + Show.text(map.json()) + "): the lab's map is name "
                    + "-> client_address[0], the IP address alone");
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String value = map.users().get(e.getKey());
            if (value == null) {
                problems.add(e.getKey() + " is missing");
            } else if (!value.equals(e.getValue()) && map.stringValues()) {
                problems.add(e.getKey() + " is at " + Show.text(value) + ", not " + e.getValue() + addressHint(value));
            }
        }
        for (String name : map.users().keySet()) {
            if (!expected.containsKey(name)) {
                problems.add(Show.text(name) + " is listed but is not in the room" + nameHint(name, expected));
            }
        }
        return "the last map was " + Show.text("!" + map.json()) + ": "
                + (problems.isEmpty() ? "the same users in another form" : String.join("; ", problems));
    }

    private static String noMap(String text) {
        String t = text.strip();
        if (t.contains("{'")) {
            return "no map: the text " + Show.text(cut(t)) + " looks like str() of a Python dict; the lab's client "
                    + "reads maps with json.loads, so the server sends '!' + json.dumps(ACTIVE_USERS)";
        }
        if (t.contains("{\"") && !t.contains("!{")) {
            return "no map: " + Show.text(cut(t)) + " holds JSON without the '!' in front that tells the lab's client "
                    + "it is a map";
        }
        if (t.isEmpty()) {
            return "no map and no text at all: the server sent this client nothing";
        }
        return "no map ('!' followed by a JSON object); the text received was " + Show.text(cut(t));
    }

    private static String addressHint(String value) {
        if (value.startsWith("::ffff:")) {
            return " (an IPv4-mapped IPv6 address: the lab's client sends direct messages over IPv4 and needs the "
                    + "plain dotted address)";
        }
        if (value.contains(",") || value.startsWith("[") || value.startsWith("(")) {
            return " (the whole client_address, with the port? the lab stores client_address[0])";
        }
        return "";
    }

    private static String nameHint(String name, Map<String, String> expected) {
        for (String real : expected.keySet()) {
            if (!name.equals(real) && name.strip().equals(real)) {
                return " (" + real + " with spaces or a line break: the name is the first message, as it was sent)";
            }
        }
        return "";
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
