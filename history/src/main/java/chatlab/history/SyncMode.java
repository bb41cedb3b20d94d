package chatlab.history;

/**
 * When a commit reaches the disk (SQLite's {@code PRAGMA synchronous} in WAL mode); docs/HISTORY.md (*Durability*)
 * compares them.
 */
public enum SyncMode {
    /**
     * Every commit syncs the write-ahead log before its batches are acknowledged: an acknowledged message survives
     * {@code kill -9} of the server and a power loss or kernel crash. Costs one sync per group of batches, which an
     * acknowledgement waits for (0.5 ms on a quiet disk here, 3 to 400 ms on a busy one).
     */
    FULL,
    /**
     * Commits are written to the write-ahead log without a sync; the log is synced at each checkpoint ({@link
     * Checkpointer}, every 200 ms). An acknowledged message survives {@code kill -9} of the server (the kernel has
     * it) but a power loss or kernel crash may take the commits of the last 200 ms. The default: what the server
     * promises (an acknowledged message survives a crash of the server) without a disk sync in every
     * acknowledgement's wait.
     */
    NORMAL;

    public static SyncMode parse(String text) {
        for (SyncMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown sync mode '" + text + "'; use full or normal");
    }
}
