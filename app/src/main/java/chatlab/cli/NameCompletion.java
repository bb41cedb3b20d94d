package chatlab.cli;

import chatlab.client.ClientOutput;
import chatlab.client.HistoryPage;
import chatlab.client.RoomRow;
import chatlab.client.RoomTopic;
import chatlab.client.console.Console;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Passes output through, keeps the console's tab completion up to date with the user map and the rooms, shows beside
 * the prompt how many of our messages wait for the server's acknowledgement, and in the prompt the room the user
 * talks in ({@code #dev> }).
 */
final class NameCompletion implements ClientOutput {
    private final ClientOutput delegate;
    private final Console console;
    private final RoomsToComplete rooms;

    NameCompletion(ClientOutput delegate, Console console) {
        this(delegate, console, new RoomsToComplete());
    }

    private NameCompletion(ClientOutput delegate, Console console, RoomsToComplete rooms) {
        this.delegate = delegate;
        this.console = console;
        this.rooms = rooms;
    }

    /** The rooms completed after /join and the like: the user's, and those the last /rooms listed. */
    private static final class RoomsToComplete {
        private List<String> joined = List.of();
        private List<String> listed = List.of();

        synchronized Collection<String> joined(List<String> rooms) {
            joined = List.copyOf(rooms);
            return all();
        }

        synchronized Collection<String> listed(List<String> rooms) {
            listed = List.copyOf(rooms);
            return all();
        }

        private Collection<String> all() {
            Set<String> all = new LinkedHashSet<>(joined);
            all.addAll(listed);
            return all;
        }
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

    /** The same, for lines about {@code room}: the delegate labels them; completion and prompt stay shared. */
    @Override
    public ClientOutput inRoom(String room) {
        return room == null ? this : new NameCompletion(delegate.inRoom(room), console, rooms);
    }

    @Override
    public void roomEntered(String room, Map<String, String> users, RoomTopic topic) {
        delegate.roomEntered(room, users, topic);
    }

    @Override
    public void roomParted(String room) {
        delegate.roomParted(room);
    }

    @Override
    public void topic(String room, RoomTopic topic, boolean changed) {
        delegate.topic(room, topic, changed);
    }

    @Override
    public void roomList(List<RoomRow> rooms) {
        console.completeRooms(this.rooms.listed(rooms.stream().map(RoomRow::room).toList()));
        delegate.roomList(rooms);
    }

    @Override
    public void currentRoom(String room, List<String> rooms) {
        console.prompt(room == null ? Console.PROMPT : room + Console.PROMPT);
        console.completeRooms(this.rooms.joined(rooms));
        delegate.currentRoom(room, rooms);
    }

    @Override
    public void historyPage(HistoryPage page) {
        delegate.historyPage(page);
    }

    @Override
    public void knownUsers(Collection<String> names) {
        console.completeNames(names);
        delegate.knownUsers(names);
    }
}
