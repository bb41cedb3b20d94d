package chatlab.bench.load;

/**
 * The lab wire's user map, {@code !} followed by Python's {@code json.dumps} of a dict of strings, read
 * incrementally: a map may be cut across reads and may be megabytes long (the lab server sends the whole map to
 * everyone at every join). It counts the entries without building strings, which is all the bench needs: whether a
 * client's list holds every bench client. All the bench's lab map parsing is here.
 */
public final class LabRoster {
    /** A map larger than this is not a user map; the scanner reports it and goes back to text. */
    public static final long MAX_MAP_BYTES = 256L * 1024 * 1024;

    private boolean inMap;
    private boolean inString;
    private boolean escaped;
    private long strings;
    private long mapBytes;
    private long keyHash;
    private long namesHash;
    private int users = -1;
    private long lastNamesHash;

    /** Starts a map; the next byte fed must be its opening brace. */
    public void begin() {
        inMap = true;
        inString = false;
        escaped = false;
        strings = 0;
        mapBytes = 0;
        namesHash = 0;
    }

    public boolean inMap() {
        return inMap;
    }

    /**
     * Feeds bytes of the map, from {@code from} up to {@code to}; stops after the closing brace.
     *
     * @return how many bytes it took; {@link #inMap()} is false afterwards when the map ended
     */
    public int feed(byte[] data, int from, int to) {
        int i = from;
        while (i < to) {
            byte b = data[i++];
            if (inString) {
                boolean key = (strings & 1) == 0;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                    strings++;
                    if (key) {
                        namesHash += NameHash.finish(keyHash);
                    }
                    continue;
                }
                if (key) {
                    keyHash = NameHash.step(keyHash, b);
                }
            } else if (b == '"') {
                inString = true;
                keyHash = NameHash.START;
            } else if (b == '}') {
                inMap = false;
                users = (int) Math.min(Integer.MAX_VALUE, strings / 2);
                lastNamesHash = namesHash;
                break;
            }
        }
        mapBytes += i - from;
        if (inMap && mapBytes > MAX_MAP_BYTES) {
            inMap = false;
            throw new IllegalStateException("a user map of more than " + MAX_MAP_BYTES + " bytes");
        }
        return i - from;
    }

    /** Entries of the last complete map, or -1 before the first one. */
    public int users() {
        return users;
    }

    /** The {@link NameHash} fingerprint of the last complete map's names. */
    public long namesHash() {
        return lastNamesHash;
    }
}
