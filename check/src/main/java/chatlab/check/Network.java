package chatlab.check;

/** Where the program under test runs. */
public enum Network {
    /**
     * The lab's network in namespaces of the check's own: the program runs unmodified on webserver (10.20.30.3) or
     * client1 to client3, finds chat.ttm4200.com through the lab's DNS server and its own address from its host
     * name. Needs root.
     */
    NAMESPACES("namespaces"),
    /**
     * This machine's loopback: the program is told its addresses and port through the environment ({@code
     * CHAT_SERVER_IP}, {@code CHAT_SERVER}, {@code CHAT_CLIENT_IP}, {@code CHAT_PORT}) and placeholders in its
     * arguments ({@code {host}}, {@code {port}}, ...). Needs nothing.
     */
    LOCAL("local");

    private final String word;

    Network(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Network parse(String word) {
        for (Network n : values()) {
            if (n.word.equals(word)) {
                return n;
            }
        }
        throw new IllegalArgumentException("not a network: " + word);
    }
}
