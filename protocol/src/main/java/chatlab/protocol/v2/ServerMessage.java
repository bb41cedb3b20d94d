package chatlab.protocol.v2;

import java.time.Instant;
import java.util.List;

/** Messages the server sends to a v2 client, one JSON object per line. */
public sealed interface ServerMessage {
    V2Type type();

    /** The limits a client should respect, announced in the welcome. */
    record AnnouncedLimits(int maxLineBytes, int maxMessageBytes, int maxNameChars, double messagesPerSecond,
            int burstMessages, long pingIntervalMillis, long idleTimeoutMillis) {}

    /**
     * @param name    the name the server registered
     * @param address the client's address as the server sees it (what peers will send to)
     * @param users   everyone in the room, the client included, in joining order
     * @param scramFinal the SCRAM server-final message proving the server knows the verifier, or null (no login)
     * @param epoch   the default room's epoch (new at every start of an in-memory server): a client resumes with it
     *                and the last seq it saw
     * @param usersFollow the room's user list comes in the {@code presence} message right after the welcome (the
     *                    server encodes that list once for everyone who joins at the same time); {@code users} then
     *                    holds only the client itself
     * @param features what the server took of the hello's features, beyond the base protocol ("rooms"); empty for a
     *                 client that listed none of them (its welcome is the same as before rooms)
     * @param defaultRoom with "rooms": the default room's name (the lab's one chatroom), or null
     */
    record Welcome(int version, String server, String name, String address, AnnouncedLimits limits, List<UserInfo> users,
            String scramFinal, String epoch, boolean usersFollow, List<String> features, String defaultRoom)
            implements ServerMessage {
        public Welcome {
            users = List.copyOf(users);
            features = List.copyOf(features);
        }

        public Welcome(int version, String server, String name, String address, AnnouncedLimits limits,
                List<UserInfo> users, String scramFinal, String epoch, boolean usersFollow) {
            this(version, server, name, address, limits, users, scramFinal, epoch, usersFollow, List.of(), null);
        }

        public Welcome(int version, String server, String name, String address, AnnouncedLimits limits,
                List<UserInfo> users, String scramFinal, String epoch) {
            this(version, server, name, address, limits, users, scramFinal, epoch, false);
        }

        public Welcome(int version, String server, String name, String address, AnnouncedLimits limits, List<UserInfo> users) {
            this(version, server, name, address, limits, users, null, "");
        }

        public V2Type type() {
            return V2Type.WELCOME;
        }
    }

    /** The SCRAM server-first message: the client answers with {@code proof}. */
    record Challenge(String mechanism, String serverFirst) implements ServerMessage {
        public V2Type type() {
            return V2Type.CHALLENGE;
        }
    }

    /** Asks a client that just logged in for a stronger verifier: this salt (base64) and iteration count. */
    record Rekey(String salt, int iterations) implements ServerMessage {
        public V2Type type() {
            return V2Type.REKEY;
        }
    }

    record Joined(UserInfo user) implements ServerMessage {
        public V2Type type() {
            return V2Type.JOINED;
        }
    }

    record Left(String name, String reason) implements ServerMessage {
        public V2Type type() {
            return V2Type.LEFT;
        }
    }

    /**
     * The changes to a room since the last presence message (or since the welcome's user list, or the room's state):
     * who joined, in order, and who left. A name in both lists left and came back; apply {@code left} first.
     *
     * @param room the room (clients with the feature "rooms"), or null: the default room
     */
    record Presence(List<UserInfo> joined, List<Left> left, String room) implements ServerMessage {
        public Presence {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
        }

        /** The default room's presence as a client without the feature "rooms" gets it: no room named. */
        public Presence(List<UserInfo> joined, List<Left> left) {
            this(joined, left, null);
        }

        public Presence withRoom(String value) {
            return new Presence(joined, left, value);
        }

        public V2Type type() {
            return V2Type.PRESENCE;
        }
    }

    /** A server message sent deflated ({@link ServerMessageEncoder#deflated}); decoding returns the inner message. */
    record Deflated(ServerMessage inner) implements ServerMessage {
        public V2Type type() {
            return V2Type.DEFLATED;
        }
    }

    /**
     * A chatroom message, stamped by the server.
     *
     * @param id   the sender's id for it; null for messages from lab users, which have none
     * @param seq  the room's sequence number, increasing by one per message
     * @param room the room it was said in (clients with the feature "rooms"), or null: the default room
     * @param history the message comes from the room's log (the last messages sent on a join, a page of
     *                {@code history}, a search result), not said just now; the client shows it as such
     */
    record Message(String from, String text, long seq, Instant time, String id, boolean action, Wire wire, String room,
            boolean history) implements ServerMessage {
        public Message(String from, String text, long seq, Instant time, String id, boolean action, Wire wire,
                String room) {
            this(from, text, seq, time, id, action, wire, room, false);
        }

        public Message(String from, String text, long seq, Instant time, String id, boolean action, Wire wire) {
            this(from, text, seq, time, id, action, wire, null, false);
        }

        public V2Type type() {
            return V2Type.MESSAGE;
        }

        public Message withSeq(long value) {
            return new Message(from, text, value, time, id, action, wire, room, history);
        }

        public Message withRoom(String value) {
            return new Message(from, text, seq, time, id, action, wire, value, history);
        }

        public Message withHistory(boolean value) {
            return new Message(from, text, seq, time, id, action, wire, room, value);
        }
    }

    /**
     * The end of a page of history: after the last messages sent on a join (id null) or the answer to a
     * {@code history} request. The page's messages, marked {@code history}, came before it, oldest first.
     *
     * @param room   the room, or null: the default room to a client without the feature "rooms"
     * @param id     the request's id, or null (a join's page, or a request without one)
     * @param count  how many messages the page held
     * @param more   the log holds older messages: ask again with this {@code before}
     * @param before the seq of the page's oldest message (0 when the page was empty): the next request's
     *               {@code before}
     */
    record HistoryEnd(String room, String id, int count, boolean more, long before) implements ServerMessage {
        public V2Type type() {
            return V2Type.HISTORY;
        }
    }

    /**
     * The end of a search's results, which came before it newest first as messages marked {@code history}.
     *
     * @param text   the words searched for, as the request gave them
     * @param count  how many messages matched in this batch
     * @param more   older messages may match: search again with this {@code before}
     * @param before the seq of the oldest result (0 when there was none)
     */
    record SearchEnd(String room, String id, String text, int count, boolean more, long before)
            implements ServerMessage {
        public V2Type type() {
            return V2Type.SEARCH;
        }
    }

    /**
     * The server took the client's {@code say} with this id; {@code duplicate} when it had already.
     *
     * @param room the room's name when the client has the feature "rooms" and it was a {@code say}; else null
     */
    record Ack(String id, long seq, Instant time, boolean duplicate, String room) implements ServerMessage {
        public Ack(String id, long seq, Instant time, boolean duplicate) {
            this(id, seq, time, duplicate, null);
        }

        public V2Type type() {
            return V2Type.ACK;
        }
    }

    /**
     * The room the client has just joined (its answer to {@code join}): its name as the server spells it, the epoch of
     * its numbering, its topic, and its members as last announced; later changes come as {@code presence} naming the
     * room (the client's own join among them).
     *
     * @param topic     the topic, or null when none is set; {@code topicBy} and {@code topicTime} then null too
     */
    record RoomState(String room, String epoch, String topic, String topicBy, Instant topicTime, List<UserInfo> users)
            implements ServerMessage {
        public RoomState {
            users = List.copyOf(users);
        }

        public V2Type type() {
            return V2Type.ROOM;
        }
    }

    /** A room's topic was set (empty text: cleared), sent to everyone in the room with the feature "rooms". */
    record Topic(String room, String text, String by, Instant time) implements ServerMessage {
        public V2Type type() {
            return V2Type.TOPIC;
        }
    }

    /** The client has left the room (its answer to {@code part}). */
    record Parted(String room) implements ServerMessage {
        public V2Type type() {
            return V2Type.PART;
        }
    }

    /** Every room on the server (the answer to {@code rooms}): the default room first, then by name. */
    record RoomList(List<RoomSummary> rooms) implements ServerMessage {
        public RoomList {
            rooms = List.copyOf(rooms);
        }

        public V2Type type() {
            return V2Type.ROOMS;
        }
    }

    record Whisper(String from, String id, String text, Instant time) implements ServerMessage {
        public V2Type type() {
            return V2Type.WHISPER;
        }
    }

    /**
     * @param ref  the id of the client message the error is about, or null
     * @param room the room the refused request named (join, part, topic, a say in a room), or null
     */
    record Error(ErrorCode code, String message, String ref, String room) implements ServerMessage {
        public Error(ErrorCode code, String message, String ref) {
            this(code, message, ref, null);
        }

        public V2Type type() {
            return V2Type.ERROR;
        }

        public boolean fatal() {
            return code.fatal();
        }
    }

    record Ping(String token) implements ServerMessage {
        public V2Type type() {
            return V2Type.PING;
        }
    }

    record Pong(String token) implements ServerMessage {
        public V2Type type() {
            return V2Type.PONG;
        }
    }
}
