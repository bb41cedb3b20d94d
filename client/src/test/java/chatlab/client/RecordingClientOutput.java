package chatlab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records what a session shows, one readable line per call; a line about a room the output was asked to label
 * ({@link #inRoom}) begins with {@code [#room] }.
 */
public final class RecordingClientOutput implements ClientOutput {
    private final List<String> lines;
    private final String prefix;

    public RecordingClientOutput() {
        this(new ArrayList<>(), "");
    }

    private RecordingClientOutput(List<String> lines, String prefix) {
        this.lines = lines;
        this.prefix = prefix;
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    public boolean has(String line) {
        synchronized (lines) {
            return lines.contains(line);
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(prefix + line);
        }
    }

    @Override
    public ClientOutput inRoom(String room) {
        return room == null ? this : new RecordingClientOutput(lines, "[" + room + "] ");
    }

    @Override
    public void roomEntered(String room, Map<String, String> users, RoomTopic topic) {
        add("entered " + room + " " + users.keySet() + (topic.isSet() ? " topic [" + topic.text() + "]" : ""));
    }

    @Override
    public void roomParted(String room) {
        add("parted " + room);
    }

    @Override
    public void topic(String room, RoomTopic topic, boolean changed) {
        add((changed ? "topic-set " : "topic ") + room + " [" + topic.text() + "]" + (topic.by() == null ? "" : " by " + topic.by()));
    }

    @Override
    public void roomList(List<RoomRow> rooms) {
        add("rooms " + rooms.stream().map(r -> (r.current() ? "*" : r.in() ? "+" : "") + r.room() + "=" + r.members()
                + (r.topic().isEmpty() ? "" : "(" + r.topic() + ")")).toList());
    }

    /** A page of history, recorded at once: its kind, room and size, then each message as "old FROM [TEXT] SEQ". */
    @Override
    public void historyPage(HistoryPage page) {
        synchronized (lines) {
            add("history " + page.kind() + " " + page.room() + " " + page.messages().size() + (page.more() ? " more" : ""));
            page.messages().forEach(m -> add("old " + m.from() + " [" + m.text() + "] " + m.seq()));
        }
    }

    @Override
    public void currentRoom(String room, List<String> rooms) {
        add("current " + room + " " + rooms);
    }

    @Override
    public void connected(String server, String name) {
        add("connected " + name);
    }

    @Override
    public void chatroom(String text) {
        add("chatroom [" + text + "]");
    }

    @Override
    public void direct(Optional<String> sender, String sourceAddress, String text) {
        add("direct " + sender.orElse("?") + "@" + sourceAddress + " [" + text + "]");
    }

    @Override
    public void userMap(Map<String, String> users) {
        add("map " + users);
    }

    @Override
    public void joined(String name, String address) {
        add("joined " + name + " " + address);
    }

    @Override
    public void left(String name) {
        add("left " + name);
    }

    @Override
    public void listUsers(Map<String, String> users) {
        add("list " + users);
    }

    @Override
    public void unknownRecipient(String name) {
        add("unknown " + name);
    }

    @Override
    public void help() {
        add("help");
    }

    @Override
    public void problem(String text) {
        add("problem " + text);
    }

    @Override
    public void disconnected(String reason) {
        add("disconnected " + reason);
    }

    @Override
    public void message(String from, String text, boolean action) {
        add((action ? "action " : "message ") + from + " [" + text + "]");
    }

    @Override
    public void unverifiedDirect(String claimedSender, String sourceAddress, String text) {
        add("unverified " + claimedSender + "@" + sourceAddress + " [" + text + "]");
    }

    @Override
    public void acknowledged(String from, String text, boolean action, long seq, boolean duplicate) {
        add((duplicate ? "ack-duplicate [" : "ack [") + text + "]");
    }

    @Override
    public void sent(String from, String text) {
        add("sent " + from + " [" + text + "]");
    }

    @Override
    public void directSent(String to, String text) {
        add("direct-sent " + to + " [" + text + "]");
    }

    @Override
    public void info(String text) {
        add("info " + text);
    }

    /** How many recorded lines start with {@code start}. */
    public long count(String start) {
        return lines().stream().filter(l -> l.startsWith(start)).count();
    }
}
