package chatlab.protocol.lab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits what a lab server sends into user maps and text, for the client.
 *
 * <p>The lab server writes a user map ({@code !} plus a JSON object) and relayed messages without any framing,
 * so one read may hold a map and messages together, or part of a map. This splitter parses a map wherever
 * {@code !{} starts a complete JSON object of strings, waits for more bytes when a map is cut short, and treats
 * everything else as text. Text that the network delivered in one piece stays one piece: the lab wire cannot
 * tell two relayed messages apart. A UTF-8 character split across reads is joined. Spaces right after a map belong
 * to it (chatlab's server pads maps to the lab client's 1024-byte read; JSON allows trailing whitespace, and no relay
 * begins with a space), even when they come in the next read. Not thread-safe.
 *
 * <p>{@link #perRead} makes a splitter for a client that reads the server as the server reads its clients (see
 * {@link LabReadFramer}): each {@link #feed} is one read and its text is one message, shown only once it is whole.
 * A read that ends inside a UTF-8 character waits for the next read and is joined with it, never shown in two
 * pieces. A read that ends in {@code !} may be a user map cut after its first byte: it waits for the next read
 * (which completes the map if it begins with <code>{</code>) or for {@link #pause}, whichever comes first, and is
 * otherwise shown whole, {@code !} included.
 */
public final class LabServerStreamSplitter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final int maxPendingBytes;
    private final boolean readIsMessage;
    private byte[] buffer = new byte[0];
    /** Per read: the held text ends in a '!' that may begin a map in the next read. */
    private boolean bangPending;
    /** The last thing read was a map: spaces that follow are its padding. */
    private boolean afterMap;

    /** @param maxPendingBytes largest partial user map held while waiting for its end; beyond it, it is text */
    public LabServerStreamSplitter(int maxPendingBytes) {
        this(maxPendingBytes, false);
    }

    private LabServerStreamSplitter(int maxPendingBytes, boolean readIsMessage) {
        this.maxPendingBytes = maxPendingBytes;
        this.readIsMessage = readIsMessage;
    }

    /** A splitter whose every {@link #feed} is one read of the socket, and one read's text one message. */
    public static LabServerStreamSplitter perRead(int maxPendingBytes) {
        return new LabServerStreamSplitter(maxPendingBytes, true);
    }

    public void feed(byte[] bytes, int offset, int length, Consumer<? super LabServerEvent> out) {
        if (bangPending) {
            bangPending = false;
            if (length == 0 || bytes[offset] != '{') {
                flushAsText(out); // the '!' ended the last read's text; this read is a message of its own
            }
        }
        byte[] data;
        if (buffer.length == 0) {
            data = Arrays.copyOfRange(bytes, offset, offset + length);
        } else {
            data = Arrays.copyOf(buffer, buffer.length + length);
            System.arraycopy(bytes, offset, data, buffer.length, length);
        }
        int position = 0;
        while (position < data.length) {
            if (afterMap) {
                position = skipPadding(data, position);
                if (position == data.length) {
                    break;
                }
                afterMap = false;
            }
            if (data[position] == LabFormat.USER_MAP_MARKER) {
                MapParse parse = parseMap(data, position + 1);
                if (parse.outcome == Outcome.COMPLETE) {
                    out.accept(new LabServerEvent.UserMap(parse.users));
                    position = parse.end;
                    afterMap = true;
                    continue;
                }
                if (parse.outcome == Outcome.INCOMPLETE && data.length - position <= maxPendingBytes) {
                    // wait for the rest of the map; per read, a lone '!' waits only until the next read or a pause
                    bangPending = readIsMessage && position == data.length - 1;
                    break;
                }
            }
            int textEnd = nextMapStart(data, position + 1);
            int usable = textEnd == data.length ? textEnd - Utf8Tail.incompleteLength(data, position, textEnd) : textEnd;
            if (readIsMessage && usable < textEnd) {
                break; // the read ends inside a character: the whole of its text waits for the rest
            }
            if (readIsMessage && textEnd == data.length - 1 && data[textEnd] == LabFormat.USER_MAP_MARKER) {
                bangPending = true; // text, then a '!' that may begin a map: all of it waits for the next read
                break;
            }
            if (usable == position) {
                break; // only a partial character so far
            }
            out.accept(new LabServerEvent.Text(new String(data, position, usable - position, StandardCharsets.UTF_8)));
            position = usable;
        }
        buffer = Arrays.copyOfRange(data, position, data.length);
    }

    /** Bytes held back: a user map or a character that is not complete yet. */
    public int pendingBytes() {
        return buffer.length;
    }

    /** Per read: whether the last read ended in a '!' that waits for the next read or a {@link #pause}. */
    public boolean waitsForPause() {
        return bangPending;
    }

    /** Per read: no read came for a moment, so a '!' held at the end of the last read ended its text. */
    public void pause(Consumer<? super LabServerEvent> out) {
        if (bangPending) {
            bangPending = false;
            flushAsText(out);
        }
    }

    /** The server closed the stream: whatever is held is its last text (a cut character becomes U+FFFD). */
    public void endOfStream(Consumer<? super LabServerEvent> out) {
        bangPending = false;
        flushAsText(out);
    }

    private void flushAsText(Consumer<? super LabServerEvent> out) {
        if (buffer.length > 0) {
            out.accept(new LabServerEvent.Text(new String(buffer, StandardCharsets.UTF_8)));
            buffer = new byte[0];
        }
    }

    /**
     * Index of the next {@code !} that starts a user map inside text, or the end of the data. Inside text a map is
     * taken only when nothing but another map or the end of the data follows it: a relayed message always ends with
     * the lab's trailing space, so a user cannot slip a fake map into the stream by typing {@code !{...}}.
     */
    private int nextMapStart(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == LabFormat.USER_MAP_MARKER && i + 1 < data.length && data[i + 1] == '{') {
                MapParse parse = parseMap(data, i + 1);
                if (parse.outcome == Outcome.INCOMPLETE
                        || parse.outcome == Outcome.COMPLETE && plausiblyFromTheServer(data, parse, i)) {
                    return i;
                }
            } else if (data[i] == LabFormat.USER_MAP_MARKER && i + 1 == data.length) {
                return i; // a lone '!' at the end may begin a map: keep it for the next read
            }
        }
        return data.length;
    }

    /**
     * A map found inside text is the server's only if what follows could be the server's next write: nothing, another
     * map, or a relay from one of the users it lists ({@code NAME: }). A map a user typed into a message is followed
     * by the rest of that message and the lab's trailing space, so it stays text. (The lab wire cannot rule out a
     * message crafted to look like a map followed by a relay; its direct messages are unauthenticated anyway.) Spaces
     * after the map count as chatlab's padding when they fill it to 1024 bytes, or when two or more of them reach the
     * end of the read (the padding goes on in the next); a single space there is the lab's trailing space.
     */
    private static boolean plausiblyFromTheServer(byte[] data, MapParse parse, int bang) {
        int next = skipPadding(data, parse.end);
        if (next > parse.end && next < data.length && next - bang != LabRelayParts.LAB_CLIENT_READ_BYTES) {
            return false; // spaces, but not a padding to 1024 bytes: the lab's trailing space after a typed map
        }
        if (next == data.length && next - parse.end == 1) {
            return false; // one space, then the end of the read: the lab's trailing space, or (rarely) cut padding
        }
        if (next == data.length || data[next] == LabFormat.USER_MAP_MARKER) {
            return true;
        }
        for (String name : parse.users.keySet()) {
            byte[] prefix = (name + ": ").getBytes(StandardCharsets.UTF_8);
            if (data.length - next >= prefix.length
                    && Arrays.equals(data, next, next + prefix.length, prefix, 0, prefix.length)) {
                return true;
            }
        }
        return false;
    }

    private static int skipPadding(byte[] data, int from) {
        int i = from;
        while (i < data.length && data[i] == ' ') {
            i++;
        }
        return i;
    }

    private enum Outcome { COMPLETE, INCOMPLETE, INVALID }

    private record MapParse(Outcome outcome, Map<String, String> users, int end) {}

    private static MapParse parseMap(byte[] data, int start) {
        if (start >= data.length) {
            return new MapParse(Outcome.INCOMPLETE, null, 0);
        }
        if (data[start] != '{') {
            return new MapParse(Outcome.INVALID, null, 0);
        }
        try (JsonParser parser = JSON.createParser(data, start, data.length - start)) {
            parser.nextToken(); // START_OBJECT
            Map<String, String> users = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    return new MapParse(Outcome.INVALID, null, 0);
                }
                users.put(name, parser.getText());
            }
            if (token != JsonToken.END_OBJECT) {
                return new MapParse(token == null ? Outcome.INCOMPLETE : Outcome.INVALID, null, 0);
            }
            int end = start + (int) parser.currentLocation().getByteOffset();
            return new MapParse(Outcome.COMPLETE, users, end);
        } catch (JsonEOFException e) {
            return new MapParse(Outcome.INCOMPLETE, null, 0);
        } catch (StreamReadException e) {
            return isCutShort(e) ? new MapParse(Outcome.INCOMPLETE, null, 0) : new MapParse(Outcome.INVALID, null, 0);
        } catch (IOException e) {
            return new MapParse(Outcome.INVALID, null, 0);
        }
    }

    /** A UTF-8 character cut at the end of the data reads as an encoding error, not as EOF. */
    private static boolean isCutShort(StreamReadException e) {
        String message = e.getOriginalMessage();
        return message != null && message.contains("end-of-input");
    }
}
