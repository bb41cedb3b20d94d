package chatlab.capture.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A hex dump with labelled byte ranges: under each line of 16 bytes, a marker line puts the range's letter under
 * each of its bytes, and a legend lists every range with its offsets and value.
 */
public final class HexDump {
    /** A labelled range: {@code letter} marks bytes {@code offset} to {@code offset + length - 1}. */
    public record Range(char letter, int offset, int length, String label, String value) {
    }

    private final byte[] bytes;
    private final int shown;
    private final List<Range> ranges = new ArrayList<>();

    public HexDump(byte[] bytes, int maxBytes) {
        this.bytes = bytes;
        this.shown = Math.min(bytes.length, maxBytes);
    }

    public HexDump label(char letter, int offset, int length, String label, String value) {
        if (offset >= 0 && offset + length <= bytes.length) {
            ranges.add(new Range(letter, offset, length, label, value));
        }
        return this;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < shown; line += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = line; i < line + 16; i++) {
                if (i < shown) {
                    hex.append(String.format("%02x ", bytes[i] & 0xFF));
                    char m = markAt(i);
                    marks.append(m).append(m).append(' ');
                    int c = bytes[i] & 0xFF;
                    ascii.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
                } else {
                    hex.append("   ");
                    marks.append("   ");
                }
                if (i == line + 7) {
                    hex.append(' ');
                    marks.append(' ');
                }
            }
            sb.append(String.format("%04x  %s %s%n", line, hex, ascii));
            if (marks.toString().trim().length() > 0) {
                sb.append("      ").append(marks.toString().stripTrailing()).append('\n');
            }
        }
        if (shown < bytes.length) {
            sb.append(String.format("... %d more bytes%n", bytes.length - shown));
        }
        sb.append('\n');
        for (Range r : ranges) {
            sb.append(String.format("%c%c  bytes %d-%d (0x%02x-0x%02x): %s = %s%n", r.letter, r.letter, r.offset,
                    r.offset + r.length - 1, r.offset, r.offset + r.length - 1, r.label, r.value));
        }
        return sb.toString();
    }

    private char markAt(int i) {
        for (Range r : ranges) {
            if (i >= r.offset && i < r.offset + r.length) {
                return r.letter;
            }
        }
        return ' ';
    }
}
