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
    /**
     * Bytes on the wire as the record says (Wireshark's {@code frame.len}, what byte counts add up); larger than
     * capturedLength when the snap length cut the packet. A damaged record may say less than was captured.
     */
    public int originalLength;
    /** For a datagram rebuilt from IP fragments: how many, and the frame of the first; 0 otherwise. */
    public int fragments;
    public long firstFragmentFrame;

    public boolean truncated() {
        return capturedLength < originalLength;
    }

    /**
     * The length the headers are read against: the original length, or the captured length where a record says
     * less than it holds (Wireshark decodes such a frame by its captured bytes).
     */
    public int reportedLength() {
        return Math.max(originalLength, capturedLength);
    }

    public byte[] copyBytes() {
        byte[] copy = new byte[capturedLength];
        System.arraycopy(data, offset, copy, 0, capturedLength);
        return copy;
    }
}
