package chatlab.cli;

import chatlab.client.ClientOutput;
import chatlab.client.console.Console;
import java.util.Map;
import java.util.Optional;

/**
 * Passes output through, keeps the console's tab completion up to date with the user map, and shows beside the prompt
 * how many of our messages wait for the server's acknowledgement.
 */
final class NameCompletion implements ClientOutput {
    private final ClientOutput delegate;
    private final Console console;

    NameCompletion(ClientOutput delegate, Console console) {
        this.delegate = delegate;
        this.console = console;
    }

    @Override
    public void connected(String server, String name) {
        delegate.connected(server, name);
    }

    @Override
    public void chatroom(String text) {
        delegate.chatroom(text);
    }

    @Override
    public void direct(Optional<String> sender, String sourceAddress, String text) {
        delegate.direct(sender, sourceAddress, text);
    }

    @Override
    public void userMap(Map<String, String> users) {
        console.completeNames(users.keySet());
        delegate.userMap(users);
    }

    @Override
    public void joined(String name, String address) {
        delegate.joined(name, address);
    }

    @Override
    public void left(String name) {
        delegate.left(name);
    }

    @Override
    public void listUsers(Map<String, String> users) {
        delegate.listUsers(users);
    }

    @Override
    public void unknownRecipient(String name) {
        delegate.unknownRecipient(name);
    }

    @Override
    public void help() {
        delegate.help();
    }

    @Override
    public void problem(String text) {
        delegate.problem(text);
    }

    @Override
    public void disconnected(String reason) {
        delegate.disconnected(reason);
    }

    @Override
    public void message(String from, String text, boolean action) {
        delegate.message(from, text, action);
    }

    @Override
    public void unverifiedDirect(String claimedSender, String sourceAddress, String text) {
        delegate.unverifiedDirect(claimedSender, sourceAddress, text);
    }

    @Override
    public void acknowledged(String from, String text, boolean action, long seq, boolean duplicate) {
        delegate.acknowledged(from, text, action, seq, duplicate);
    }

    @Override
    public void sent(String from, String text) {
        delegate.sent(from, text);
    }

    @Override
    public void directSent(String to, String text) {
        delegate.directSent(to, text);
    }

    @Override
    public void unacknowledged(int count) {
        console.status(count == 0 ? "" : count + " waiting for the server");
        delegate.unacknowledged(count);
    }

    @Override
    public void info(String text) {
        delegate.info(text);
    }
}
