package chatlab.client.console;

import chatlab.client.ClientOutput;
import java.util.Map;
import java.util.Optional;
import org.jline.utils.AttributedString;

/**
 * Prints exactly what the lab's Python client prints (without its input prompts), for scripts and graders that
 * compare output with the reference client.
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

    @Override
    public void problem(String text) {
        System.err.println("chatlab: " + text);
    }

    @Override
    public void disconnected(String reason) {
        System.err.println("chatlab: " + reason);
    }
}
