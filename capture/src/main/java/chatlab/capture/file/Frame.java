package chatlab.capture.file;

/**
 * One captured packet as a reader hands it out. The object and its byte array are reused for the next frame:
 * copy what must outlive the call ({@link #copyBytes()}).
 */
public final class Frame {
    /** Frame number counting from 1, as in Wireshark. */
    public long number;
    /** Capture time in nanoseconds since the Unix epoch; 0 when the block carries no time (pcapng SPB). */
    public long timestampNanos;
    /** The link-layer header type (LINKTYPE_* value from the tcpdump.org registry). */
    public int linkType;
    /** pcapng interface id; 0 for pcap files. */
    public int interfaceId;
    /** Where the record (pcap record header or pcapng block) starts in the file. */
    public long fileOffset;
    /** Where the packet's first byte is in the file. */
    public long dataFileOffset;
    public byte[] data;
    public int offset;
    /** Bytes present in the file. */
    public int capturedLength;
    /** Bytes on the wire; larger than capturedLength when the snap length cut the packet. */
    public int originalLength;

    public boolean truncated() {
        return capturedLength < originalLength;
    }

    public byte[] copyBytes() {
        byte[] copy = new byte[capturedLength];
        System.arraycopy(data, offset, copy, 0, capturedLength);
        return copy;
    }
}
