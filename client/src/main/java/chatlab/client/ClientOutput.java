package chatlab.client;

import java.util.Map;

/** Everything the client shows the user. A console implements it; tests record it. Called from any thread. */
public interface ClientOutput {
    /** Connected and the name sent (the lab client prints its banner here). */
    void connected(String server, String name);

    /** Text the server relayed: one {@code NAME: TEXT } message, or several that arrived together. */
    void chatroom(String text);

    /**
     * A direct message.
     *
     * @param sender the registered name at the sender's address, or empty when none is
     * @param sourceAddress the datagram's source address
     */
    void direct(java.util.Optional<String> sender, String sourceAddress, String text);

    /** The complete user map, whenever the server sends one. */
    void userMap(Map<String, String> users);

    void joined(String name, String address);

    void left(String name);

    /** Answer to {@code #ls}; {@code users} is null before the server sent any map. */
    void listUsers(Map<String, String> users);

    void unknownRecipient(String name);

    void help();

    /** A problem with what the user typed or a local failure; one line. */
    void problem(String text);

    /** The connection to the server ended. */
    void disconnected(String reason);
}
