package chatlab.server;

import java.util.List;

/**
 * Makes each room's {@link RoomLog}: for the default room when the server starts, for any other room when it is
 * made (its first join, or again after it was dropped). The seam where a durable message log plugs in; the default
 * keeps each room's last messages in memory ({@link MemoryRoomLog}).
 */
@FunctionalInterface
public interface RoomLogs {
    /** @param room the room's name, as its creator spelled it */
    RoomLog open(String room);

    /**
     * The messages with a sender's id the log kept from before this run, oldest first (at most {@link
     * ServerHistory#MAX_RECENT_SAID}); none for a log in memory.
     */
    default List<RecentIds.Said> saidBefore() {
        return List.of();
    }

    /**
     * Whether messages are on their way through the log to be relayed (their commits not back yet). A flush that
     * waits to gather a busy room's messages waits for these too ({@link Outbound}). Asked on the rooms' loop.
     */
    default boolean relaysPending() {
        return false;
    }

    static RoomLogs inMemory() {
        return room -> new MemoryRoomLog();
    }
}
