package chatlab.client;

import java.util.Optional;

/**
 * One line the user typed, parsed. The lab's rules: {@code #ls} lists users, {@code @NAME: TEXT} is a direct
 * message (the payload is everything after the first colon, leading space included, exactly as the lab client
 * sends it), anything else non-empty goes to the chatroom. chatlab adds {@code /names}, {@code /help} and
 * {@code /quit}, and the rooms' commands of the v2 wire ({@link RoomInput}: {@code /join}, {@code /part},
 * {@code /rooms}, {@code /topic}, {@code /switch}) and history's ({@code /history [N]}, {@code /search TEXT}).
 */
public sealed interface UserInput {
    enum Kind { CHATROOM, ACTION, DIRECT, LIST_USERS, HELP, QUIT, NOTHING, INVALID, ROOM, HISTORY, SEARCH }

    /** Largest N of {@code /history N}: the server's own page limit (it caps a larger count anyway). */
    int MAX_HISTORY_PAGE = 1000;

    Kind kind();

    record Chatroom(String text) implements UserInput {
        public Kind kind() {
            return Kind.CHATROOM;
        }
    }

    /** {@code /me waves}: an action rather than a statement. */
    record Action(String text) implements UserInput {
        public Kind kind() {
            return Kind.ACTION;
        }
    }

    /** @param payload the exact text the datagram carries (the lab keeps the space after the colon) */
    record Direct(String recipient, String payload) implements UserInput {
        public Kind kind() {
            return Kind.DIRECT;
        }
    }

    record ListUsers() implements UserInput {
        public Kind kind() {
            return Kind.LIST_USERS;
        }
    }

    record Help() implements UserInput {
        public Kind kind() {
            return Kind.HELP;
        }
    }

    record Quit() implements UserInput {
        public Kind kind() {
            return Kind.QUIT;
        }
    }

    record Nothing() implements UserInput {
        public Kind kind() {
            return Kind.NOTHING;
        }
    }

    record Invalid(String problem) implements UserInput {
        public Kind kind() {
            return Kind.INVALID;
        }
    }

    /** {@code /history [N]}: the page of the room's history before what was shown; N 0 for the server's page. */
    record History(int count) implements UserInput {
        public Kind kind() {
            return Kind.HISTORY;
        }
    }

    /** {@code /search TEXT}: the room's messages with these words, newest first. */
    record Search(String text) implements UserInput {
        public Kind kind() {
            return Kind.SEARCH;
        }
    }

    /** A rooms command ({@link RoomInput}); the lab wire has one room and refuses them. */
    record Room(RoomInput command) implements UserInput {
        public Kind kind() {
            return Kind.ROOM;
        }
    }

    static UserInput parse(String line) {
        if (line.isEmpty()) {
            return new Nothing();
        }
        if (line.equals("#ls") || line.equals("/names") || line.equals("/ls")) {
            return new ListUsers();
        }
        if (line.equals("/help") || line.equals("/?")) {
            return new Help();
        }
        if (line.equals("/quit") || line.equals("/exit")) {
            return new Quit();
        }
        if (line.charAt(0) == '@') {
            int colon = line.indexOf(':');
            if (colon < 0) {
                return new Invalid("a direct message is written @NAME: TEXT");
            }
            String recipient = line.substring(1, colon).strip();
            if (recipient.isEmpty()) {
                return new Invalid("a direct message needs a name after '@'");
            }
            return new Direct(recipient, line.substring(colon + 1));
        }
        if (line.startsWith("/msg ")) {
            String[] parts = line.substring(5).strip().split(" ", 2);
            if (parts.length < 2 || parts[0].isEmpty() || parts[1].isBlank()) {
                return new Invalid("write /msg NAME TEXT");
            }
            return new Direct(parts[0], parts[1]);
        }
        if (line.startsWith("/me ") && !line.substring(4).isBlank()) {
            return new Action(line.substring(4).strip());
        }
        if (line.equals("/history") || line.startsWith("/history ")) {
            return history(line.substring("/history".length()).strip());
        }
        if (line.equals("/search") || line.startsWith("/search ")) {
            String text = line.substring("/search".length()).strip();
            return text.isEmpty() ? new Invalid("write /search TEXT") : new Search(text);
        }
        if (line.charAt(0) == '/' && !line.startsWith("//")) {
            Optional<UserInput> room = RoomInput.parse(line);
            if (room.isPresent()) {
                return room.get();
            }
            return new Invalid("unknown command " + line.split(" ", 2)[0] + "; type /help for the list");
        }
        // "//text" sends "/text" to the chatroom, for messages that must begin with a slash.
        return new Chatroom(line.startsWith("//") ? line.substring(1) : line);
    }

    private static UserInput history(String count) {
        if (count.isEmpty()) {
            return new History(0);
        }
        try {
            int n = Integer.parseInt(count);
            if (n >= 1 && n <= MAX_HISTORY_PAGE) {
                return new History(n);
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        return new Invalid("write /history, or /history N with N from 1 to " + MAX_HISTORY_PAGE);
    }
}
