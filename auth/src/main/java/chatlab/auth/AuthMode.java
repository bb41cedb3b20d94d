package chatlab.auth;

/** Who must log in. */
public enum AuthMode {
    /** Nobody: the lab's behaviour. */
    OFF,
    /** Registered names are protected by their password; other names join as guests. */
    OPTIONAL,
    /** Only registered users may join. */
    REQUIRED;

    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown auth mode '" + text + "'; use off, optional or required");
    }
}
