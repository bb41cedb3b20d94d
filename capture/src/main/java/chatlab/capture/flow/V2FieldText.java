package chatlab.capture.flow;

import java.util.Map;

/** The fields of a decoded v2 object ({@link V2Object#fields}) as the transcript shows them. */
final class V2FieldText {
    private V2FieldText() {}

    /** A string field, or null when absent or not a string. */
    static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String v ? v : null;
    }

    static String strOr(Map<String, Object> m, String key) {
        String v = str(m, key);
        return v == null ? "?" : v;
    }

    /** A number (or any scalar) field as text, or null. */
    static String num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number || v instanceof String ? String.valueOf(v) : null;
    }

    static boolean isTrue(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    /** Joins the non-null parts with ", ", or null when there are none. */
    static String detail(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(p);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static String prefixed(String prefix, String value) {
        return value == null ? null : prefix + value;
    }
}
