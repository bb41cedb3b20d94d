package chatlab.bench.load;

import java.nio.charset.StandardCharsets;

/** Feeds a scanner the same bytes in the ways a socket may cut them: all at once, byte by byte, and in pieces. */
final class ScannerFeed {
    private ScannerFeed() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void allAtOnce(WireScanner scanner, byte[] bytes) {
        scanner.read(bytes, 0, bytes.length);
    }

    /** One read per byte, each from an array of its own (so nothing may be read past a read's end). */
    static void byteByByte(WireScanner scanner, byte[] bytes) {
        for (byte b : bytes) {
            scanner.read(new byte[] {b}, 0, 1);
        }
    }

    /** Reads of {@code size} bytes, each at an offset inside a larger array with garbage around it. */
    static void inPieces(WireScanner scanner, byte[] bytes, int size) {
        for (int from = 0; from < bytes.length; from += size) {
            int length = Math.min(size, bytes.length - from);
            byte[] framed = new byte[length + 6];
            java.util.Arrays.fill(framed, (byte) '~');
            System.arraycopy(bytes, from, framed, 3, length);
            scanner.read(framed, 3, length);
        }
    }
}
