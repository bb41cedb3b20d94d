package chatlab.server;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import java.util.function.Consumer;

/**
 * What a reconnecting v2 client missed: from the same epoch, the messages after the seq it saw; from another (the
 * server restarted), everything the log kept, since it cannot know what was said while it was away. Never its own
 * messages: it has them (and resends those it had no ack for). The client drops what it already showed.
 */
final class Replay {
    private Replay() {}

    static void missed(RoomLog log, ClientMessage.Resume resume, String name, Consumer<ServerMessage.Message> send) {
        long after = log.epoch().equals(resume.epoch()) ? resume.seq() : 0;
        log.after(after, messages -> {
            for (ServerMessage.Message message : messages) {
                if (!message.from().equals(name)) {
                    send.accept(message);
                }
            }
        });
    }
}
