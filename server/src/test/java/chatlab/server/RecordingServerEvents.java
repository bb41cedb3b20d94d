package chatlab.server;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Records the server's events as readable lines, for assertions. */
final class RecordingServerEvents implements ServerEvents {
    private final List<String> lines = new ArrayList<>();

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    synchronized boolean has(String line) {
        return lines.contains(line);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    @Override
    public void joined(String name, String address) {
        add("join " + name + " " + address);
    }

    @Override
    public void left(String name, String address, String reason) {
        add("leave " + name + ": " + reason);
    }

    @Override
    public void disconnected(SocketAddress remote, String reason) {
        add("disconnect: " + reason);
    }

    @Override
    public void refused(String who, String reason) {
        add("refused: " + reason);
    }

    @Override
    public void behind(String who, long queuedBytes) {
        add("behind " + who);
    }
}
