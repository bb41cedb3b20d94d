package chatlab.protocol.v2;

import chatlab.wire.V2Fields;

/** Which wire a user speaks: the lab's unframed text, or chatlab's JSON lines. */
public enum Wire {
    LAB(V2Fields.WIRE_LAB),
    V2(V2Fields.WIRE_V2);

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
