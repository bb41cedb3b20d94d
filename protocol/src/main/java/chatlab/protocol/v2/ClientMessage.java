package chatlab.protocol.v2;

import java.util.List;

/** Messages a v2 client sends to the server, one JSON object per line. */
public sealed interface ClientMessage {
    V2Type type();

    /**
     * @param version  the protocol version the client speaks (2)
     * @param client   the client software, e.g. "chatlab/0.1.0"
     * @param udpPort  where the client takes direct messages; 0 for none
     * @param features optional abilities the client has, e.g. "dm-ack", "rooms"
     * @param scram    a SCRAM-SHA-256 client-first message to log in with, or null
     * @param resume   where a reconnecting client left off in the default room, so the server can replay what it
     *                 missed; or null. Ignored when {@code rooms} is given
     * @param rooms    a client with the feature "rooms": the rooms to be in once registered, each resumed from its
     *                 {@code since} (a reconnecting client's rooms); null for the default room alone
     * @param session  a secret the client drew for its run and sends in every hello of it: the same name with the
     *                 same session may take over a registration that is gone but not yet timed out (a dead
     *                 connection, or in a cluster a server that died); or null
     */
    record Hello(int version, String name, String client, int udpPort, List<String> features, String scram,
            Resume resume, List<Join> rooms, String session) implements ClientMessage {
        public Hello {
            features = List.copyOf(features);
            rooms = rooms == null ? null : List.copyOf(rooms);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features, String scram,
                Resume resume, List<Join> rooms) {
            this(version, name, client, udpPort, features, scram, resume, rooms, null);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features, String scram,
                Resume resume) {
            this(version, name, client, udpPort, features, scram, resume, null);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features, String scram) {
            this(version, name, client, udpPort, features, scram, null, null);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features) {
            this(version, name, client, udpPort, features, null, null, null);
        }

        public V2Type type() {
            return V2Type.HELLO;
        }
    }

    /**
     * Where a client left off: the epoch of a room's numbering (the welcome's for the default room, a {@code room}
     * message's for any room) and the last message sequence number it saw there.
     */
    record Resume(String epoch, long seq) {}

    /**
     * A chatroom message; {@code id} is chosen by the client and unique per name, for acks and duplicates.
     *
     * @param room the room it is said in (a client with the feature "rooms"), or null for the default room
     */
    record Say(String id, String text, boolean action, String room) implements ClientMessage {
        public Say(String id, String text, boolean action) {
            this(id, text, action, null);
        }

        public V2Type type() {
            return V2Type.SAY;
        }
    }

    /**
     * Join a room, creating it if there is none that reads the same; answered with the room's state
     * ({@link ServerMessage.RoomState}), then, when {@code since} is given, the room's messages after it.
     *
     * @param since the epoch and last seq the client saw in this room (a reconnecting client), or null
     */
    record Join(String room, Resume since) implements ClientMessage {
        public V2Type type() {
            return V2Type.JOIN;
        }
    }

    /** Leave a room; confirmed with {@link ServerMessage.Parted}. */
    record Part(String room) implements ClientMessage {
        public V2Type type() {
            return V2Type.PART;
        }
    }

    /** Set a room's topic (empty text clears it); announced to the room with {@link ServerMessage.Topic}. */
    record Topic(String room, String text) implements ClientMessage {
        public V2Type type() {
            return V2Type.TOPIC;
        }
    }

    /**
     * Ask for a page of a room's history (the feature "history"): up to {@code count} messages with a seq below
     * {@code before}, sent oldest first as messages marked {@code history}, then {@link ServerMessage.HistoryEnd}.
     *
     * @param room   the room, or null: the default room
     * @param before the seq to page back from (the {@code before} of the last page's end); 0: the newest messages
     * @param count  how many at most (the server caps it at its page limit); 0: the server's page size
     * @param id     the client's reference for the request, repeated in the page's end; or null
     */
    record History(String room, long before, int count, String id) implements ClientMessage {
        public V2Type type() {
            return V2Type.HISTORY;
        }
    }

    /**
     * Search a room's history for words (the feature "history"): up to {@code count} matching messages with a seq
     * below {@code before}, newest first, as messages marked {@code history}, then {@link ServerMessage.SearchEnd}.
     *
     * @param room   the room, or null: the default room
     * @param text   the words to find, each a whole word or the start of one (any order); case and accents are ignored
     * @param before the seq to search below (the {@code before} of the last results' end); 0: from the newest
     * @param count  how many at most (capped by the server); 0: the server's page size
     * @param id     the client's reference for the request, repeated in the results' end; or null
     */
    record Search(String room, String text, long before, int count, String id) implements ClientMessage {
        public V2Type type() {
            return V2Type.SEARCH;
        }
    }

    /** Ask for the list of rooms; answered with {@link ServerMessage.RoomList}. */
    record ListRooms() implements ClientMessage {
        public V2Type type() {
            return V2Type.ROOMS;
        }
    }

    /** A direct message through the server, when the peer cannot be reached over UDP. */
    record Whisper(String id, String to, String text) implements ClientMessage {
        public V2Type type() {
            return V2Type.WHISPER;
        }
    }

    /** The SCRAM client-final message, answering the server's challenge. */
    record Proof(String clientFinal) implements ClientMessage {
        public V2Type type() {
            return V2Type.PROOF;
        }
    }

    /** A stronger verifier the client made for the salt and count the server asked for (base64 keys). */
    record Rekeyed(String storedKey, String serverKey) implements ClientMessage {
        public V2Type type() {
            return V2Type.REKEYED;
        }
    }

    record Ping(String token) implements ClientMessage {
        public V2Type type() {
            return V2Type.PING;
        }
    }

    record Pong(String token) implements ClientMessage {
        public V2Type type() {
            return V2Type.PONG;
        }
    }

    record Bye() implements ClientMessage {
        public V2Type type() {
            return V2Type.BYE;
        }
    }

    /** A line that could not be decoded: the decoder's error value, never an exception. */
    record Malformed(ErrorCode code, String message, String ref) implements ClientMessage {
        public V2Type type() {
            return null;
        }
    }
}
