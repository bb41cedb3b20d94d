package chatlab.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rooms as one transaction changes them, over the writer's view of the committed ones; the writer takes the
 * changes over only once the transaction commits, so a rolled-back one leaves its view as it was.
 */
final class Staging {
    private final Map<String, RoomState> committed;
    private final WriteStatements statements;
    private final Map<String, RoomState> changed = new LinkedHashMap<>();
    /** The messages this transaction adds, by room, in order: each room's become its chunks. */
    private final Map<String, List<LoggedMessage>> added = new LinkedHashMap<>();
    /** The id the next chunk gets (ids rise in the order of commit). */
    long nextId;

    Staging(Map<String, RoomState> committed, long nextId, WriteStatements statements) {
        this.committed = committed;
        this.nextId = nextId;
        this.statements = statements;
    }

    RoomState get(String name) {
        RoomState room = changed.get(name);
        return room != null ? room : committed.get(name);
    }

    /** The room's state, made (a new row) when the log has never stored anything of it. */
    RoomState room(String name) throws SQLException {
        RoomState room = get(name);
        if (room == null) {
            room = new RoomState(statements.insertRoom(name), name, 0, 0, 0);
            changed.put(name, room);
        }
        return room;
    }

    void added(LoggedMessage message) {
        added.computeIfAbsent(message.room(), name -> new ArrayList<>()).add(message);
    }

    Map<String, List<LoggedMessage>> addedByRoom() {
        return added;
    }

    void put(RoomState room) {
        changed.put(room.name(), room);
    }

    /** The rooms this transaction changed. */
    Collection<RoomState> changed() {
        return List.copyOf(changed.values());
    }

    Map<String, RoomState> changedMap() {
        return changed;
    }

    /** Every room, as this transaction leaves it. */
    Collection<RoomState> allRooms() {
        Map<String, RoomState> all = new LinkedHashMap<>(committed);
        all.putAll(changed);
        return List.copyOf(all.values());
    }

    /** Why the batch cannot be stored (its numbers do not rise, a time out of range), or null. */
    String problemWith(List<LoggedMessage> batch) {
        Map<String, Long> last = new HashMap<>();
        for (LoggedMessage message : batch) {
            long before = last.computeIfAbsent(message.room(), name -> {
                RoomState room = get(name);
                return room == null ? 0L : room.lastSeq();
            });
            if (message.seq() <= before) {
                return HistoryTexts.seqNotAbove(message.room(), message.seq(), before);
            }
            try {
                LogReads.nanos(message.time());
            } catch (ArithmeticException e) {
                return HistoryTexts.timeOutOfRange(message.room(), message.seq(), message.time());
            }
            last.put(message.room(), message.seq());
        }
        return null;
    }
}
