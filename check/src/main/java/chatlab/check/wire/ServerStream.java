package chatlab.check.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a lab server sent one client, cut into user maps and text. The lab wire has no framing: a map is {@code !}
 * and a JSON object (the lab's client tells it by its first byte and reads it with {@code json.loads}), anything
 * else is text. Whitespace right after a map belongs to it, as {@code json.loads} would read it (chatlab's server
 * pads maps with spaces; a server may end one with a newline). A map cut at the end of what arrived so far is text
 * until the rest comes. Any JSON object counts as a map here, whatever its values, so rules can say what is wrong
 * with one ({@link MapItem#stringValues}).
 */
public final class ServerStream {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper TREE = new ObjectMapper();

    /** One piece of the stream, from {@code start} to {@code end} (byte offsets). */
    public sealed interface Item {
        int start();

        int end();
    }

    /**
     * A user map.
     *
     * @param users        name to address; a value that is not a string is shown as its JSON
     * @param json         the JSON exactly as it was sent (without the {@code !} and the whitespace after it)
     * @param stringValues every value is a string, as {@code json.dumps} of the lab's name-to-address dictionary
     * @param after        the whitespace after the map
     */
    public record MapItem(int start, int end, Map<String, String> users, String json, boolean stringValues,
            String after) implements Item {
        public MapItem {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        }
    }

    /** Text that is not a map: relays, notices, prompts, whatever the server sent. */
    public record TextItem(int start, int end, String text) implements Item {}

    private final List<Item> items;
    private final byte[] data;

    private ServerStream(List<Item> items, byte[] data) {
        this.items = List.copyOf(items);
        this.data = data;
    }

    public static ServerStream parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** Parses {@code data[from..to)}; offsets in the items count from 0 of {@code data}. */
    public static ServerStream parse(byte[] data, int from, int to) {
        List<Item> items = new ArrayList<>();
        int i = from;
        int textStart = from;
        while (i < to) {
            if (data[i] == '!' && i + 1 < to && data[i + 1] == '{') {
                MapItem map = parseMap(data, i, to);
                if (map != null) {
                    if (textStart < i) {
                        items.add(text(data, textStart, i));
                    }
                    items.add(map);
                    i = map.end();
                    textStart = i;
                    continue;
                }
            }
            i++;
        }
        if (textStart < to) {
            items.add(text(data, textStart, to));
        }
        return new ServerStream(items, data);
    }

    public List<Item> items() {
        return items;
    }

    public List<MapItem> maps() {
        return items.stream().filter(MapItem.class::isInstance).map(MapItem.class::cast).toList();
    }

    public Optional<MapItem> lastMap() {
        List<MapItem> maps = maps();
        return maps.isEmpty() ? Optional.empty() : Optional.of(maps.get(maps.size() - 1));
    }

    /** All text (everything but maps) from byte {@code offset} on, joined; a text begun before it is cut there. */
    public String textFrom(int offset) {
        StringBuilder out = new StringBuilder();
        for (Item item : items) {
            if (item instanceof TextItem t && t.end() > offset) {
                int from = Math.max(t.start(), offset);
                out.append(t.start() >= offset ? t.text()
                        : new String(data, from, t.end() - from, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    public List<TextItem> texts() {
        return items.stream().filter(TextItem.class::isInstance).map(TextItem.class::cast).toList();
    }

    private static TextItem text(byte[] data, int start, int end) {
        return new TextItem(start, end, new String(data, start, end - start, StandardCharsets.UTF_8));
    }

    /** The map starting at {@code bang} ({@code !}), or null when no complete JSON object follows it. */
    private static MapItem parseMap(byte[] data, int bang, int to) {
        int start = bang + 1;
        int end;
        try (JsonParser parser = JSON.createParser(data, start, to - start)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            parser.skipChildren();
            end = start + (int) parser.currentLocation().getByteOffset();
        } catch (IOException | RuntimeException e) {
            return null; // cut short, or not JSON: text
        }
        String json = new String(data, start, end - start, StandardCharsets.UTF_8);
        Map<String, String> users = new LinkedHashMap<>();
        boolean strings = true;
        try {
            JsonNode tree = TREE.readTree(json);
            var fields = tree.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                strings &= field.getValue().isTextual();
                users.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        } catch (IOException e) {
            return null;
        }
        int after = end;
        while (after < to && isJsonWhitespace(data[after])) {
            after++;
        }
        return new MapItem(bang, after, users, json, strings, new String(data, end, after - end, StandardCharsets.UTF_8));
    }

    /** What {@code json.loads} skips around a value (RFC 8259 section 2: space, tab, line feed, carriage return). */
    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
