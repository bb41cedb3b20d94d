package chatlab.client.p2p;

import java.util.Optional;

/**
 * What the direct-message code shows the user. The client's whole output extends it, so the direct-message code
 * needs nothing from the rest of the client.
 */
public interface DirectOutput {
    /**
     * A direct message.
     *
     * @param sender the user the datagram comes from (v2: announced at its address and port; lab wire: the first
     *               name at its address), or empty when nobody is
     * @param sourceAddress the datagram's source address, with its port ({@code 10.0.0.9:4444}) when no sender is named
     */
    void direct(Optional<String> sender, String sourceAddress, String text);

    /**
     * A direct message whose claimed sender does not match the address and port the server announced for that
     * name; by default shown like one from an unknown address.
     */
    default void unverifiedDirect(String claimedSender, String sourceAddress, String text) {
        direct(Optional.empty(), sourceAddress, text);
    }

    /** A direct message of ours left for {@code to}. */
    default void directSent(String to, String text) {}

    /** A problem with what the user typed or a local failure; one line. */
    void problem(String text);

    /** Something the user should know that is neither a message nor a problem (the path a message took). */
    default void info(String text) {}
}
