package chatlab.client;

import chatlab.protocol.RoomNames;
import java.util.Optional;

/**
 * The rooms' commands a user types (v2 with rooms; docs/PROTOCOL.md, *Rooms*), parsed. A room may be typed without
 * its {@code #} ({@code /join dev} is {@code /join #dev}), as IRC clients allow; whether the name is allowed is the
 * server's to say ({@code room_name_invalid}), so the rule lives in one place.
 */
public sealed interface RoomInput {
    /** {@code /join #room}: be in the room (the server makes it if need be), and talk there from now on. */
    record Join(String room) implements RoomInput {}

    /** {@code /part [#room]}: leave the room named, or the current one (null). */
    record Part(String room) implements RoomInput {}

    /** {@code /rooms}: every room on the server, with its member count and topic. */
    record ListRooms() implements RoomInput {}

    /** {@code /topic}: the current room's topic, as this client last heard it. */
    record ShowTopic() implements RoomInput {}

    /** {@code /topic TEXT} sets the current room's topic; {@code /topic --clear} clears it (empty text). */
    record SetTopic(String text) implements RoomInput {}

    /** {@code /switch #room}: talk in a room one is in; {@code /switch} alone: the next one (null). */
    record Switch(String room) implements RoomInput {}

    /** What {@code /topic} takes to clear the topic. */
    String CLEAR_TOPIC = "--clear";

    /** The command on {@code line} (which begins with '/'), or empty when it is none of the rooms' commands. */
    static Optional<UserInput> parse(String line) {
        String[] words = line.strip().split("\\s+", 2);
        String rest = words.length > 1 ? words[1].strip() : "";
        return switch (words[0]) {
            case "/join", "/j" -> Optional.of(oneRoom(rest).map(r -> room(new Join(r)))
                    .orElseGet(() -> invalid(rest.isEmpty() ? "write /join #ROOM" : "write /join #ROOM, one room at a time")));
            case "/part", "/leave" -> rest.isEmpty() ? Optional.of(room(new Part(null)))
                    : Optional.of(oneRoom(rest).map(r -> room(new Part(r)))
                            .orElseGet(() -> invalid("write /part, or /part #ROOM")));
            case "/switch", "/sw" -> rest.isEmpty() ? Optional.of(room(new Switch(null)))
                    : Optional.of(oneRoom(rest).map(r -> room(new Switch(r)))
                            .orElseGet(() -> invalid("write /switch #ROOM (one you are in), or /switch for the next")));
            case "/rooms", "/list" -> Optional.of(rest.isEmpty() ? room(new ListRooms())
                    : new UserInput.Invalid(words[0] + " takes nothing after it"));
            case "/topic" -> Optional.of(rest.isEmpty() ? room(new ShowTopic())
                    : room(new SetTopic(rest.equals(CLEAR_TOPIC) ? "" : rest)));
            default -> Optional.empty();
        };
    }

    /** One word, a room: with its '#' added when it was left out. Empty for none or several words. */
    private static Optional<String> oneRoom(String rest) {
        if (rest.isEmpty() || rest.contains(" ") || rest.contains("\t")) {
            return Optional.empty();
        }
        return Optional.of(rest.charAt(0) == RoomNames.PREFIX ? rest : RoomNames.PREFIX + rest);
    }

    private static UserInput room(RoomInput command) {
        return new UserInput.Room(command);
    }

    private static UserInput invalid(String problem) {
        return new UserInput.Invalid(problem);
    }
}
