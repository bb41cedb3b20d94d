package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rooms side of a v2 session: turns the user's rooms commands ({@link RoomInput}) into requests, and the server's
 * answers and announcements about rooms ({@code room}, {@code part}, {@code topic}, {@code rooms}, refusals naming a
 * room) into changes of {@link JoinedRooms} and lines for the user, each line labelled with its room when the
 * client is in more than one. Every change of where the client talks or which rooms it is in goes to
 * {@link ClientOutput#currentRoom} (the prompt) and {@link ClientOutput#knownUsers} (completion).
 *
 * <p>Requests are not kept for a reconnect as chat messages are: a join asked while the server is away is named in
 * the next hello, a part is done here (the next hello leaves the room out); a topic or the list of rooms asked then
 * is refused with a line saying so. Thread-safe: all state is in {@link JoinedRooms}.
 */
final class RoomTraffic {
    /** Refusals of a join: the room is not joined (and, after a reconnect, no longer one of the client's). */
    private static final Set<ErrorCode> JOIN_REFUSALS =
            EnumSet.of(ErrorCode.ROOM_NAME_INVALID, ErrorCode.TOO_MANY_ROOMS, ErrorCode.ROOMS_FULL);
    /** Said when a request cannot go now. */
    static final String SERVER_AWAY = "the server is away; try again once the client is back";

    private final JoinedRooms rooms;
    private final ClientOutput output;
    /** Sends a request on the current connection; false when there is none (not registered). */
    private final Predicate<ClientMessage> request;
    /** Something awaited arrived or was refused (the session may now release what waited for the rooms). */
    private final Runnable answered;
    /** Holds the next line the user typed until a join is answered ({@link ChatSession#awaitTurn()}). */
    private final ReplyGate joins;

    RoomTraffic(JoinedRooms rooms, ClientOutput output, Predicate<ClientMessage> request, Runnable answered,
            ReplyGate joins) {
        this.rooms = rooms;
        this.output = output;
        this.request = request;
        this.answered = answered;
        this.joins = joins;
    }

    /**
     * A rooms command the user typed.
     *
     * @return false when the command was refused for what it is (counted for a script's exit status)
     */
    boolean command(RoomInput command) {
        if (!rooms.roomsOn()) {
            output.problem(RoomTexts.SERVER_WITHOUT_ROOMS);
            return false;
        }
        if (command instanceof RoomInput.Join join) {
            Optional<String> already = rooms.join(join.room());
            if (already.isPresent()) {
                switched(already.get());
            } else {
                joins.sent(); // before it goes: the answer may come before this thread goes on
                if (!request.test(new ClientMessage.Join(join.room(), null))) {
                    joins.answered(); // away: asked in the next hello; the next line need not wait for it
                }
            }
            return true;
        }
        if (command instanceof RoomInput.Part part) {
            return part(part.room());
        }
        if (command instanceof RoomInput.Switch to) {
            return switchTo(to.room());
        }
        if (command instanceof RoomInput.ListRooms) {
            return requested(new ClientMessage.ListRooms());
        }
        if (command instanceof RoomInput.ShowTopic) {
            Optional<String> room = rooms.talkingIn();
            if (room.isEmpty()) {
                output.problem(RoomTexts.NO_ROOM);
                return false;
            }
            output.topic(room.get(), rooms.currentTopic().orElse(RoomTopic.NONE), false);
            return true;
        }
        RoomInput.SetTopic topic = (RoomInput.SetTopic) command;
        Optional<String> room = rooms.talkingIn();
        if (room.isEmpty()) {
            output.problem(RoomTexts.NO_ROOM);
            return false;
        }
        return requested(new ClientMessage.Topic(room.get(), topic.text()));
    }

    private boolean part(String named) {
        Optional<String> room = named == null ? rooms.talkingIn() : rooms.spelled(named);
        if (room.isEmpty()) {
            output.problem(named == null ? RoomTexts.NO_ROOM : RoomTexts.notIn(named));
            return false;
        }
        if (!request.test(new ClientMessage.Part(room.get()))) {
            parted(room.get()); // away: the next hello leaves it out
        }
        return true;
    }

    private boolean switchTo(String named) {
        if (named == null) {
            cycle(1);
            return true;
        }
        Optional<String> room = rooms.switchTo(named);
        if (room.isEmpty()) {
            output.problem(RoomTexts.notIn(named));
            return false;
        }
        switched(room.get());
        return true;
    }

    /** {@code #ls}, {@code /names}: the users of the room the client talks in (of the one room, without rooms). */
    void names() {
        Optional<String> room = rooms.talkingIn();
        if (rooms.roomsOn() && room.isEmpty()) {
            output.problem(RoomTexts.NO_ROOM);
            return;
        }
        output.inRoom(room.map(rooms::label).orElse(null)).listUsers(rooms.addresses().orElse(null));
    }

    /** A key asked for the next room ({@code step} 1) or the previous one (-1). */
    void cycle(int step) {
        if (!rooms.roomsOn()) {
            output.problem(RoomTexts.SERVER_WITHOUT_ROOMS);
            return;
        }
        Optional<String> room = rooms.cycle(step);
        if (room.isPresent()) {
            switched(room.get());
        } else {
            output.info(rooms.talkingIn().map(RoomTexts::onlyRoom).orElse(RoomTexts.NO_ROOM));
        }
    }

    private boolean requested(ClientMessage message) {
        if (!request.test(message)) {
            output.problem(SERVER_AWAY);
            return false;
        }
        return true;
    }

    private void switched(String room) {
        output.info(RoomTexts.switched(room));
        changed();
    }

    /** The prompt and the completion follow the rooms. */
    private void changed() {
        output.currentRoom(rooms.talkingIn().orElse(null), rooms.names());
        output.knownUsers(rooms.everyone());
    }

    /** A room's state: the client is in the room (again). */
    void state(ServerMessage.RoomState state) {
        JoinedRooms.Arrival arrival = rooms.state(state);
        ClientOutput shown = output.inRoom(rooms.label(arrival.room()));
        switch (arrival.kind()) {
            case ENTERED -> shown.roomEntered(arrival.room(), arrival.users(), arrival.topic());
            case BACK -> arrival.back().ifPresent(news -> news.show(shown));
            case AGAIN -> { }
        }
        if (arrival.talkHere() && arrival.kind() != JoinedRooms.Arrival.Kind.ENTERED) {
            output.info(RoomTexts.switched(arrival.room()));
        }
        changed();
        settledOne();
    }

    /** A room the client asked for is here or was refused: the next line waits no more once none is awaited. */
    private void settledOne() {
        if (rooms.settled()) {
            joins.answered();
        }
        answered.run();
    }

    /** The server confirmed a part. */
    void parted(String room) {
        Optional<Optional<String>> now = rooms.parted(room);
        output.roomParted(room);
        now.ifPresent(current -> output.info(current.map(RoomTexts::switched).orElse(RoomTexts.NO_ROOM)));
        changed();
    }

    void topic(ServerMessage.Topic topic) {
        rooms.topic(topic).ifPresent(t -> output.inRoom(rooms.label(topic.room())).topic(topic.room(), t, true));
    }

    void list(ServerMessage.RoomList list) {
        output.roomList(rooms.rows(list.rooms()));
    }

    /**
     * An error that names a room (its message, naming the room, is shown by the session): a refused join is no longer
     * awaited, and a room that could not be joined again after a reconnect is no longer one of the client's.
     */
    void refused(ServerMessage.Error error) {
        if (error.room() == null || !JOIN_REFUSALS.contains(error.code())) {
            return;
        }
        if (rooms.refused(error.room())) {
            output.problem(RoomTexts.notRejoined(error.room()));
        }
        changed();
        settledOne();
    }
}
