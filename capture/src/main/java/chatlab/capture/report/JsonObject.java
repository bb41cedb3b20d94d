package chatlab.capture.report;

import java.util.Map;

/**
 * An answer record as {@link Json} writes it: a JSON object whose fields are named and ordered as docs/CAPTURE.md
 * documents them. Values are what {@link Json} writes: strings, numbers, booleans, null, {@code long[]}, lists, maps
 * and other {@code JsonObject}s.
 */
public interface JsonObject {
    /** The fields in the order they are written. */
    Map<String, Object> jsonFields();
}
