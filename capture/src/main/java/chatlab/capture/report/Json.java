package chatlab.capture.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes answer records ({@link JsonObject}), maps, lists, strings, numbers, booleans and null as JSON (RFC 8259),
 * indented by two spaces; to a string, or straight to a writer ({@link ArrayStream} for lists too long to hold).
 */
public final class Json {
    private Json() {
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    /** Writes the value and a final newline to {@code out}. */
    public static void write(Appendable out, Object value) {
        try {
            write(out, value, 0);
            out.append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code {"NAME": [...]}} written element by element, byte for byte as {@code write(Map.of(NAME, list))} would
     * write it, without the list: for outputs of any length in constant memory.
     */
    public static final class ArrayStream {
        private final Appendable out;
        private boolean any;

        public ArrayStream(Appendable out, String name) {
            this.out = out;
            try {
                out.append("{\n");
                pad(out, 1);
                quote(out, name);
                out.append(": [");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void add(Object element) {
            try {
                out.append(any ? ",\n" : "\n");
                pad(out, 2);
                write(out, element, 2);
                any = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void end() {
            try {
                if (any) {
                    out.append('\n');
                    pad(out, 1);
                }
                out.append("]\n}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(Appendable sb, Object v, int indent) throws IOException {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v.toString());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? String.valueOf(d) : "null");
        } else if (v instanceof long[] arr) {
            sb.append('[');
            for (int i = 0; i < arr.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(Long.toString(arr[i]));
            }
            sb.append(']');
        } else if (v instanceof JsonObject o) {
            write(sb, o.jsonFields(), indent);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            int i = 0;
            for (Object o : c) {
                pad(sb, indent + 1);
                write(sb, o, indent + 1);
                sb.append(++i < c.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void pad(Appendable sb, int indent) throws IOException {
        for (int i = 0; i < indent; i++) {
            sb.append("  ");
        }
    }

    static void quote(Appendable sb, String s) throws IOException {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
