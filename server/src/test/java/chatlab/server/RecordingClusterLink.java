package chatlab.server;

import chatlab.history.MessageLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A cluster link that records what the server publishes and hands nothing back unless told to (a broker that stored
 * a message whose copy never reaches this server's consumer): the server's side of the cluster seam, without NATS.
 */
final class RecordingClusterLink implements ClusterLink {
    /** One message the server handed the cluster. */
    record Publish(String room, Said said, long ref, Published outcome) {}

    final List<Publish> published = new CopyOnWriteArrayList<>();
    private final MessageLog log;
    private final ClusterLimits limits;
    private volatile Peer peer;

    RecordingClusterLink(MessageLog log, ClusterLimits limits) {
        this.log = log;
        this.limits = limits;
    }

    /** Another server's users now, as its roster would tell this server (an empty list: it went silent). */
    void roster(String server, List<Present> users) {
        peer.roster(server, users);
    }

    /** Hands a published message back, as the cluster's feed would, numbered {@code seq}. */
    void handBack(Publish publish, long seq) {
        peer.said(publish.room(), seq, publish.said(), true, publish.ref());
    }

    @Override
    public MessageLog log() {
        return log;
    }

    @Override
    public ClusterLimits limits() {
        return limits;
    }

    @Override
    public void start(Peer peer, String defaultRoom) {
        this.peer = peer;
    }

    @Override
    public void publish(String room, Said said, long ref, Published outcome) {
        published.add(new Publish(room, said, ref, outcome));
    }

    @Override
    public void claim(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        then.accept(true);
    }

    @Override
    public void takeOver(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        then.accept(false);
    }

    @Override
    public void release(String skeleton) {}

    @Override
    public void roster(List<Present> users) {}

    @Override
    public void follow(String room) {}

    @Override
    public void unfollow(String room) {}

    @Override
    public void close() {}
}
