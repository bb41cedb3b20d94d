package chatlab.history;

/**
 * When a commit reaches the disk (SQLite's {@code PRAGMA synchronous} in WAL mode); docs/HISTORY.md (*Durability*)
 * compares them.
 */
public enum SyncMode {
    /**
     * Every commit syncs the write-ahead log before its batches are acknowledged: an acknowledged message survives
     * {@code kill -9} of the server and a power loss or kernel crash. Costs one sync per group of batches.
     */
    FULL,
    /**
     * Commits are written to the write-ahead log without a sync; the log is synced at each checkpoint (SQLite's
     * automatic checkpoint, every 1,000 pages: about 4 MB). An acknowledged message survives {@code kill -9} (the
     * kernel has it) but a power loss may take the commits since the last checkpoint. For disks whose sync is slow.
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
