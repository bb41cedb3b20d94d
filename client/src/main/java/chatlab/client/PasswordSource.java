package chatlab.client;

import java.util.Optional;

/** Where a client gets a password when the server asks for one: a masked prompt, stdin, or a test. */
@FunctionalInterface
public interface PasswordSource {
    PasswordSource NONE = (name, why) -> Optional.empty();

    /**
     * @param name the name being logged in
     * @param why  the server's sentence, to show the user
     * @return the password, or empty when the user has none to give
     */
    Optional<String> password(String name, String why);
}
