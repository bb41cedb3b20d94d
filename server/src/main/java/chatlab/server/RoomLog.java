package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * One room's messages in order: it numbers each message the room relays ({@code seq}, strictly increasing within
 * the room) and keeps what a client that comes back may have missed. The room calls it on its event loop, once per
 * relayed message ({@link #append}) and once per client that resumes ({@link #after}).
 *
 * <p>This is the seam for a durable message log: {@link MemoryRoomLog} (this run's last messages, in memory) is the
 * default, and a log that keeps messages across restarts takes its place by numbering on from its last stored seq
 * under an epoch that stays the same across restarts.
 */
public interface RoomLog {
    /**
     * Names this numbering: seqs are comparable only within one epoch. A client resumes with the epoch and the last
     * seq it saw; from another epoch (a new run of an in-memory log, or a room that was dropped and made again) it has
     * missed everything the log holds.
     */
    String epoch();

    /**
     * Numbers the message with the room's next seq and keeps it; returns it numbered. The seq of {@code message} is
     * ignored.
     */
    ServerMessage.Message append(ServerMessage.Message message);

    /**
     * Hands {@code then} the kept messages after {@code seq}, oldest first (all of them for 0). An in-memory log does
     * so at once; a log that reads a disk may do it later, on the room's event loop.
     */
    void after(long seq, Consumer<List<ServerMessage.Message>> then);
}
