package chatlab.client.console;

import chatlab.client.ClientOutput;
import chatlab.client.SafeText;
import chatlab.wire.PythonRepr;
import java.util.Map;
import java.util.Optional;
import org.jline.utils.AttributedString;

/**
 * Prints exactly what the lab's Python client prints (without its input prompts), for scripts and graders that
 * compare output with the reference client: byte for byte, so what peers send is not escaped here (the lab's client
 * does not escape it either). chatlab's own remarks go to stderr, escaped.
 */
public final class LabOutput implements ClientOutput {
    /** The lab client's banner after it sent the name, line for line. */
    static final String BANNER = " Connection Established!\n"
            + "    Now you can enter '#ls' to list active users,\n"
            + "    '@<user1>: msg' send msg to a specific user,\n"
            + "    or just write your msg to send to all users\n"
            + "    ";

    private final LineSink sink;

    public LabOutput(LineSink sink) {
        this.sink = sink;
    }

    private void print(String text) {
        sink.line(new AttributedString(text));
    }

    @Override
    public void connected(String server, String name) {
        print(BANNER);
    }

    @Override
    public void chatroom(String text) {
        print("incoming msg from chatserver (" + text + ")");
    }

    @Override
    public void direct(Optional<String> sender, String sourceAddress, String text) {
        print("Incoming msg (P2P) from " + sender.orElse("Non-registered") + ":" + text);
    }

    @Override
    public void userMap(Map<String, String> users) {}

    @Override
    public void joined(String name, String address) {}

    @Override
    public void left(String name) {}

    @Override
    public void listUsers(Map<String, String> users) {
        print(PythonRepr.dict(users));
    }

    @Override
    public void unknownRecipient(String name) {
        print(name + " is not registered");
    }

    @Override
    public void help() {
        print(BANNER);
    }

    /** chatlab's own lines (not the lab client's) go to stderr, through the same escaping as every other output. */
    @Override
    public void problem(String text) {
        System.err.println("chatlab: " + SafeText.escape(text));
    }

    @Override
    public void disconnected(String reason) {
        System.err.println("chatlab: " + SafeText.escape(reason));
    }
}
