package chatlab.history;

/** What the writer knows of a room between transactions (the {@code rooms} row); changed copies are staged. */
record RoomState(long id, String name, long lastSeq, long messages, long bytes) {
    RoomState appended(long seq, long size) {
        return new RoomState(id, name, seq, messages + 1, bytes + size);
    }

    RoomState trimmed(long count, long size) {
        return new RoomState(id, name, lastSeq, messages - count, bytes - size);
    }
}
