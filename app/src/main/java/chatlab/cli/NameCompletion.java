package chatlab.cli;

import chatlab.client.ClientOutput;
import chatlab.client.console.Console;
import java.util.Map;
import java.util.Optional;

/** Passes output through and keeps the console's tab completion up to date with the user map. */
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
    public void acknowledged(String text, long seq, boolean duplicate) {
        delegate.acknowledged(text, seq, duplicate);
    }

    @Override
    public void info(String text) {
        delegate.info(text);
    }
}
