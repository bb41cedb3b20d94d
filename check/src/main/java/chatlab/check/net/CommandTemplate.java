package chatlab.check.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command of the program under test with its placeholders, for programs that take addresses as arguments:
 * {@code {host}} the server's address, {@code {server}} the name clients use for it (chat.ttm4200.com in the lab's
 * network), {@code {port}} its TCP port, {@code {udp_port}} the port of direct messages, {@code {client_ip}} the
 * address of the host the program runs on, {@code {name}} the name a client registers. Anything else in braces is
 * left as it is.
 */
public final class CommandTemplate {
    public static final List<String> PLACEHOLDERS = List.of("host", "server", "port", "udp_port", "client_ip", "name");

    private final List<String> words;

    public CommandTemplate(List<String> words) {
        this.words = List.copyOf(words);
    }

    public List<String> words() {
        return words;
    }

    /** Whether any word holds {@code {placeholder}}. */
    public boolean uses(String placeholder) {
        return words.stream().anyMatch(w -> w.contains("{" + placeholder + "}"));
    }

    public List<String> expand(Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String word : words) {
            String expanded = word;
            for (Map.Entry<String, String> e : values.entrySet()) {
                expanded = expanded.replace("{" + e.getKey() + "}", e.getValue());
            }
            out.add(expanded);
        }
        return out;
    }

    /** The values for one program: the server's address and name, the ports, its own address and name. */
    public static Map<String, String> values(String host, String server, int port, int udpPort, String clientIp,
            String name) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("server", server);
        values.put("port", Integer.toString(port));
        values.put("udp_port", Integer.toString(udpPort));
        values.put("client_ip", clientIp);
        values.put("name", name);
        return values;
    }

    /** The command as one line for the report, quoted where a word needs it. */
    public static String show(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word.matches("[A-Za-z0-9_./:=@%+,{}-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
