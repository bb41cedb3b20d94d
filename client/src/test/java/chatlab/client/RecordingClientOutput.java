package chatlab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records what a session shows, one readable line per call. */
public final class RecordingClientOutput implements ClientOutput {
    private final List<String> lines = new ArrayList<>();

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    public synchronized boolean has(String line) {
        return lines.contains(line);
    }

    private synchronized void add(String line) {
        lines.add(line);
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

    /** How many recorded lines start with {@code prefix}. */
    public synchronized long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
