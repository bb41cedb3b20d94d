package chatlab.bench.load;

import java.util.ArrayList;
import java.util.List;

/** Records what a scanner found, for the assertions. */
class RecordingInbound implements Inbound {
    final List<String> messages = new ArrayList<>();
    final List<Integer> rosters = new ArrayList<>();
    final List<Long> rosterHashes = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<String> pings = new ArrayList<>();
    long presenceBytes;
    int welcomes;
    int subscriptions;

    @Override
    public void message(int sender, long seq) {
        messages.add(sender + "/" + seq);
    }

    @Override
    public void roster(int users, long namesHash) {
        rosters.add(users);
        rosterHashes.add(namesHash);
    }

    @Override
    public void presenceBytes(long bytes) {
        presenceBytes += bytes;
    }

    @Override
    public void serverError(String kind, String text, boolean fatal) {
        errors.add(kind + (fatal ? "!" : "") + ": " + text);
    }

    @Override
    public void ping(String token) {
        pings.add(token);
    }

    @Override
    public void welcomed() {
        welcomes++;
    }

    @Override
    public void subscribed() {
        subscriptions++;
    }
}
