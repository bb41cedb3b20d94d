package chatlab.protocol.lab;

/** Finds a UTF-8 character cut off at the end of a read. */
final class Utf8Tail {
    private Utf8Tail() {}

    /**
     * Length of a UTF-8 sequence that starts within the last three bytes of {@code data[from, end)} but is cut
     * short, or 0. Only the lead byte is inspected; whether the bytes are valid is the decoder's business.
     */
    static int incompleteLength(byte[] data, int from, int end) {
        for (int back = 1; back <= 3 && end - back >= from; back++) {
            int b = data[end - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // continuation byte: keep looking for the lead byte
            }
            int needed = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
            return needed > back ? back : 0;
        }
        return 0;
    }
}
