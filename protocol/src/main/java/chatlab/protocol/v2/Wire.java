package chatlab.protocol.v2;

/** Which wire a user speaks: the lab's unframed text, or chatlab's JSON lines. */
public enum Wire {
    LAB("lab"),
    V2("v2");

    private final String text;

    Wire(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Wire parse(String text) {
        for (Wire wire : values()) {
            if (wire.text.equals(text)) {
                return wire;
            }
        }
        throw new IllegalArgumentException("unknown wire '" + text + "'; use lab or v2");
    }
}
